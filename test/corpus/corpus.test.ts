/**
 * The bad-input corpus (issue #6). Every folder under test/corpus/cases/<category>/<name>/
 * holds a case.yaml and the input files of one hostile or broken input. The
 * case's files are laid over a copy of test/corpus/base/ (a small valid spec,
 * library and evidence), so a case only carries the files it breaks.
 *
 * case.yaml:
 *   description: what is wrong with the input
 *   command: [check, spec.md, --evidence, evidence.yaml]   # paths are relative to the case
 *   exit: 2                                   # expected exit code
 *   message: "evidence.yaml:3:5: schema/type"  # fragment(s) expected on stderr
 *   status: { cqc-good: not_evidenced }       # optional: rule statuses (re-run with --format json)
 *   stdout: [fragment]  /  stdout_not: [fragment]
 *   markdown_safe: true                       # the markdown report keeps its structure, no HTML
 *   setup: [ { encode: { file, as } }, { symlink: { path, target } }, { generate: { file, bytes, line } },
 *            { remove: file }, { mkdir: path }, { xlsx: { file, sheets: { Name: [[cells]] }, empty_rows } },
 *            { fifo: path } ]
 *   pending: reason                           # not run yet (e.g. needs src/data wired into check)
 *
 * Every case runs in-process through run(); the first case of each category
 * (and any with `child: true`) also runs through the built CLI in a child
 * process. Invariants for all: run() never throws, no stack trace reaches
 * stderr, exit 2 writes nothing, and nothing listed as not passing passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYamlLoose } from 'yaml';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, RootContent } from 'mdast';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { buildCli, STACK_TRACE, type BuiltCli } from './cli-build.js';
import { writeXlsxSync, type XlsxStep } from './xlsx-setup.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CASES = path.join(HERE, 'cases');
const BASE = path.join(HERE, 'base');
export const MIN_CASES = 60;

type SetupStep =
  | { encode: { file: string; as: 'utf16le' | 'utf16le-bom' | 'utf16be-bom' | 'latin1' | 'bom' | 'crlf' | 'cr' } }
  | { symlink: { path: string; target: string } }
  | { generate: { file: string; bytes: number; line: string; prefix?: string } }
  | { remove: string }
  | { mkdir: string }
  | { chmod: { path: string; mode: number } }
  | { xlsx: XlsxStep }
  | { fifo: string };

interface CaseSpec {
  description: string;
  command: string[];
  exit: 0 | 1 | 2;
  message?: string | string[];
  status?: Record<string, string>;
  stdout?: string[];
  stdout_not?: string[];
  markdown_safe?: boolean;
  setup?: SetupStep[];
  pending?: string;
  child?: boolean;
  base?: boolean;
}

interface Case {
  category: string;
  name: string;
  dir: string;
  spec: CaseSpec;
}

function loadCases(): Case[] {
  const cases: Case[] = [];
  for (const category of readdirSync(CASES).sort()) {
    const categoryDir = path.join(CASES, category);
    if (!statSync(categoryDir).isDirectory()) continue;
    for (const name of readdirSync(categoryDir).sort()) {
      const dir = path.join(categoryDir, name);
      const spec = parseYamlLoose(readFileSync(path.join(dir, 'case.yaml'), 'utf8')) as CaseSpec;
      cases.push({ category, name, dir, spec });
    }
  }
  return cases;
}

const ALL = loadCases();
const ACTIVE = ALL.filter((c) => !c.spec.pending);

/** Flags whose value is not a path. */
const VALUE_FLAGS = new Set(['--format', '-f', '--as-of', '--max-warnings']);

interface Prepared {
  work: string;
  outside: string;
  argv: string[];
}

/** Copy base + case into a scratch folder (with an `outside/` sibling to escape to), apply setup, resolve argv. */
function prepare(c: Case): Prepared {
  const root = mkdtempSync(path.join(tmpdir(), `carespec-corpus-${c.category}-`));
  const work = path.join(root, 'work');
  const outside = path.join(root, 'outside');
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.csv'), 'visit_id,client_id\nv1,SECRET-CLIENT-ID\n');
  writeFileSync(path.join(outside, 'evidence.yaml'), readFileSync(path.join(BASE, 'evidence.yaml')));
  if (c.spec.base === false) mkdirSync(work);
  else cpSync(BASE, work, { recursive: true });
  for (const entry of readdirSync(c.dir)) {
    if (entry !== 'case.yaml') cpSync(path.join(c.dir, entry), path.join(work, entry), { recursive: true });
  }
  for (const step of c.spec.setup ?? []) applySetup(step, work, outside);
  const argv = c.spec.command.map((arg, i, all) => {
    if (i === 0 || arg.startsWith('-') || VALUE_FLAGS.has(all[i - 1]!)) return arg;
    if (i === 1 && all[0] === 'explain') return arg; // the rule id
    if (arg.startsWith('@outside/')) return path.join(outside, arg.slice('@outside/'.length));
    return path.join(work, arg);
  });
  return { work, outside, argv };
}

function applySetup(step: SetupStep, work: string, outside: string): void {
  if ('encode' in step) {
    const file = path.join(work, step.encode.file);
    const text = readFileSync(file, 'utf8');
    const bytes = {
      utf16le: () => Buffer.from(text, 'utf16le'),
      'utf16le-bom': () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'utf16be-bom': () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      latin1: () => Buffer.from(text, 'latin1'),
      bom: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      crlf: () => Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8'),
      cr: () => Buffer.from(text.replace(/\r?\n/g, '\r'), 'utf8'),
    }[step.encode.as]();
    writeFileSync(file, bytes);
  } else if ('symlink' in step) {
    const link = path.join(work, step.symlink.path);
    mkdirSync(path.dirname(link), { recursive: true });
    rmSync(link, { force: true });
    const target = step.symlink.target.startsWith('@outside/') ? path.join(outside, step.symlink.target.slice('@outside/'.length)) : step.symlink.target;
    symlinkSync(target, link);
  } else if ('generate' in step) {
    const { file, bytes, line, prefix = '' } = step.generate;
    const head = Buffer.from(prefix, 'utf8');
    const unit = Buffer.from(line, 'utf8');
    const count = Math.ceil(Math.max(0, bytes - head.length) / unit.length);
    writeFileSync(path.join(work, file), Buffer.concat([head, Buffer.alloc(count * unit.length, unit)]));
  } else if ('remove' in step) {
    rmSync(path.join(work, step.remove), { recursive: true, force: true });
  } else if ('mkdir' in step) {
    mkdirSync(path.join(work, step.mkdir), { recursive: true });
  } else if ('chmod' in step) {
    chmodSync(path.join(work, step.chmod.path), step.chmod.mode);
  } else if ('xlsx' in step) {
    writeXlsxSync(work, step.xlsx);
  } else if ('fifo' in step) {
    // A named pipe with no writer: opening it for reading the ordinary way blocks for ever.
    const fifo = path.join(work, step.fifo);
    rmSync(fifo, { force: true });
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) throw new Error(`mkfifo ${fifo} failed: ${made.stderr}`);
  }
}

const fragments = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

async function inProcess(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(argv, io); // must not throw: an exception here fails the case
  return { code, out: io.out, err: io.err };
}

/** The report parsed back: no HTML or images, no link whose text hides its target, one h1, and every table rectangular. */
function expectSafeMarkdown(markdown: string): void {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const problems: string[] = [];
  const walk = (node: Root | RootContent) => {
    if (node.type === 'html') problems.push(`html node: ${node.value}`);
    if (node.type === 'image' || node.type === 'imageReference') problems.push(`image node: ${JSON.stringify(node)}`);
    if (node.type === 'definition' || node.type === 'linkReference') problems.push(`reference node: ${JSON.stringify(node)}`);
    if (node.type === 'link') {
      const label = node.children.map((child) => ('value' in child ? child.value : '')).join('');
      // GFM autolink literals (a bare https://… in text) are links whose text is the URL; anything else hides its target.
      if (!(node.url === label || node.url === `http://${label}` || node.url === `mailto:${label}`)) problems.push(`link hiding its target: [${label}](${node.url})`);
    }
    if (node.type === 'table') {
      const width = node.children[0]?.children.length;
      for (const row of node.children) if (row.children.length !== width) problems.push(`table row of ${row.children.length} cells, header has ${width}`);
    }
    if ('children' in node) for (const child of node.children as RootContent[]) walk(child);
  };
  walk(tree);
  const h1 = tree.children.filter((n) => n.type === 'heading' && n.depth === 1);
  if (h1.length !== 1) problems.push(`${h1.length} top-level headings`);
  const h2 = tree.children.filter((n) => n.type === 'heading' && n.depth === 2).map((n) => ('children' in n ? n.children.map((c) => ('value' in c ? c.value : '')).join('') : ''));
  for (const section of ['All clauses', 'Appendix: status counts and inputs']) if (!h2.includes(section)) problems.push(`missing section ${section}`);
  expect(problems).toEqual([]);
}

function withJson(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--format' || argv[i] === '-f' || argv[i] === '--output' || argv[i] === '-o') {
      i++;
      continue;
    }
    out.push(argv[i]!);
  }
  return [...out, '--format', 'json'];
}

function outputTarget(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--output' || a === '-o');
  return i >= 0 ? argv[i + 1] : undefined;
}

describe('bad-input corpus', () => {
  it(`has at least ${MIN_CASES} active cases, each with an exit code and a message or status`, () => {
    const byCategory = new Map<string, number>();
    for (const c of ACTIVE) byCategory.set(c.category, (byCategory.get(c.category) ?? 0) + 1);
    console.log(`corpus: ${ACTIVE.length} cases (${ALL.length - ACTIVE.length} pending): ${[...byCategory].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    expect(ACTIVE.length).toBeGreaterThanOrEqual(MIN_CASES);
    for (const c of ALL) {
      expect([0, 1, 2], `${c.category}/${c.name}: exit`).toContain(c.spec.exit);
      expect(c.spec.description, `${c.category}/${c.name}: description`).toBeTruthy();
      if (c.spec.exit === 2) expect(fragments(c.spec.message).length, `${c.category}/${c.name}: exit 2 needs a message`).toBeGreaterThan(0);
      else expect(c.spec.status ?? c.spec.markdown_safe, `${c.category}/${c.name}: a finding case needs statuses`).toBeTruthy();
    }
  });

  for (const c of ALL) {
    const test = c.spec.pending ? it.skip : it;
    test(`${c.category}/${c.name}: ${c.spec.description}${c.spec.pending ? ` (pending: ${c.spec.pending})` : ''}`, async () => {
      const { work, argv } = prepare(c);
      try {
        const target = outputTarget(argv);
        const existedBefore = target !== undefined && existsSync(target);
        const { code, out, err } = await inProcess(argv);
        const context = `stderr:\n${err}\nstdout (first 2000):\n${out.slice(0, 2000)}`;
        expect(err, context).not.toMatch(STACK_TRACE);
        expect(err, context).not.toContain('internal error');
        expect(code, context).toBe(c.spec.exit);
        for (const fragment of fragments(c.spec.message)) expect(err, context).toContain(fragment);
        for (const fragment of c.spec.stdout ?? []) expect(out, context).toContain(fragment);
        for (const fragment of c.spec.stdout_not ?? []) expect(out + err, context).not.toContain(fragment);
        if (code === 2) {
          expect(out, 'bad input writes no report').toBe('');
          if (target !== undefined && !existedBefore) expect(existsSync(target), 'bad input writes no file').toBe(false);
        }
        if (c.spec.markdown_safe) expectSafeMarkdown(out);
        if (c.spec.status) {
          const json = await inProcess(withJson(argv));
          expect(json.err).not.toMatch(STACK_TRACE);
          for (const fragment of c.spec.stdout_not ?? []) expect(json.out, 'JSON report').not.toContain(fragment);
          const result = JSON.parse(json.out) as { rules: { id: string; status: string }[] };
          const statuses = Object.fromEntries(result.rules.map((r) => [r.id, r.status]));
          for (const [id, status] of Object.entries(c.spec.status)) expect(statuses[id], `status of ${id}`).toBe(status);
        }
      } finally {
        rmSync(path.dirname(work), { recursive: true, force: true });
      }
    });
  }
});

describe('bad-input corpus through the built CLI (child process)', () => {
  let cli: BuiltCli | undefined;
  beforeAll(() => {
    cli = buildCli();
  }, 180_000);
  afterAll(() => cli?.cleanup());

  const seen = new Set<string>();
  const chosen = ACTIVE.filter((c) => {
    const first = !seen.has(c.category);
    seen.add(c.category);
    return first || c.spec.child === true;
  });
  for (const c of chosen) {
    it(`${c.category}/${c.name} exits ${c.spec.exit} with no stack trace`, () => {
      const { work, argv } = prepare(c);
      try {
        const child = spawnSync(process.execPath, [cli!.bin, ...argv], { cwd: work, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CARESPEC_DEBUG: '' } });
        const context = `stderr:\n${child.stderr}`;
        expect(child.signal, context).toBeNull();
        expect(child.status, context).toBe(c.spec.exit);
        expect(child.stderr, context).not.toMatch(STACK_TRACE);
        expect(child.stderr, context).not.toContain('internal error');
        for (const fragment of fragments(c.spec.message)) expect(child.stderr, context).toContain(fragment);
      } finally {
        rmSync(path.dirname(work), { recursive: true, force: true });
      }
    });
  }
});
