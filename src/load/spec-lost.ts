/**
 * Hardening ("nothing lost"): text in a specification that a reader takes
 * for structure but markdown reads as something else, so it silently changed
 * meaning. Two shapes, both refused with their line and column:
 *
 * - a ```carespec fence that markdown does not open as a fenced code block
 *   with that language (indented four spaces or a tab, so an indented code
 *   block; inside an HTML block; inside another fence): its rules were dropped;
 * - a second front-matter block (`---`, `key: value` lines, `---`) after the
 *   first: only the first is front matter, the second became a clause heading.
 */
import type { Code, Root, RootContent } from 'mdast';
import type { Diagnostic } from '../model/diagnostic.js';

/** A line opening a fence whose info string starts with carespec, in any letter case and indentation. */
const RULE_FENCE = /^([ \t]*)(?:`{3,}|~{3,})[ \t]*carespec(?![\w-])/i;
/** The first line of a YAML mapping: `key:` then a space or the line's end. */
const YAML_KEY_LINE = /^[A-Za-z_][\w-]*:(?:[ \t]|$)/;
const FRONT_MATTER_FENCE = /^---[ \t]*$/;

export function lostSpecificationText(tree: Root, text: string, file: string, ruleLanguage: string): Diagnostic[] {
  const lines = text.split(/\r\n|\r|\n/);
  return [...unreadRuleFences(tree, lines, file, ruleLanguage), ...secondFrontMatter(tree, lines, file)];
}

function unreadRuleFences(tree: Root, lines: readonly string[], file: string, ruleLanguage: string): Diagnostic[] {
  // Lines where markdown did open a fence with the language (in any letter case; a wrong case or
  // a nested block is reported by the loader with its own message).
  const opened = new Set<number>();
  const stack: (Root | RootContent)[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'code' && (node as Code).lang?.toLowerCase() === ruleLanguage && node.position) opened.add(node.position.start.line);
    if ('children' in node) for (const child of node.children as RootContent[]) stack.push(child);
  }
  const frontEnd = tree.children[0]?.type === 'yaml' ? (tree.children[0].position?.end.line ?? 0) : 0;
  const found: Diagnostic[] = [];
  lines.forEach((content, i) => {
    const line = i + 1;
    const fence = RULE_FENCE.exec(content);
    if (!fence || line <= frontEnd || opened.has(line)) return;
    found.push({
      code: 'spec/unread-rule-block',
      message: `Unexpected \`\`\`${ruleLanguage} fence that markdown does not read as a rule block (indented by four spaces or a tab, or inside an HTML block or another code block): its rules would be dropped; start the fence at the margin, under its clause heading`,
      severity: 'error',
      file,
      line,
      column: fence[1]!.length + 1,
    });
  });
  return found;
}

function secondFrontMatter(tree: Root, lines: readonly string[], file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  tree.children.forEach((node, index) => {
    if (node.type !== 'thematicBreak' || !node.position || index === 0) return;
    const opener = node.position.start.line;
    if (!FRONT_MATTER_FENCE.test(lines[opener - 1] ?? '') || !YAML_KEY_LINE.test(lines[opener] ?? '')) return;
    // A closing --- further on (a thematic break, or the underline that made the lines a heading).
    const closes = lines.slice(opener + 1).some((l) => FRONT_MATTER_FENCE.test(l));
    if (!closes) return;
    found.push({
      code: 'spec/front-matter',
      message: 'Unexpected second front-matter block (--- … ---): only the block at the top of the file is front matter, and this one would be read as a clause heading and text; merge it into the first',
      severity: 'error',
      file,
      line: opener,
      column: 1,
    });
  });
  return found;
}
