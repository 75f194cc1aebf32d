/**
 * `carespec test [paths...]`: run every rule's inline examples and every YAML
 * test file (`carespec: rule-tests/1`) under the paths (default rules/ and
 * specs/), print a per-rule summary, failure diffs, coverage and
 * "N passed, N failed". Exit 1 when a case fails, 2 for unreadable input.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { coverageOf, Plans, runExamples, runTestFile, type CaseResult, type TestRun } from '../../authoring/rule-tests.js';
import { formatJunit, formatText } from '../../authoring/test-report.js';
import { expandInputs, shown, Workspace } from '../../authoring/workspace.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import type { SourcePosition } from '../../model/types.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { writeFileAtomic } from '../output.js';

export interface TestCommandOptions {
  format?: string;
  output?: string;
  verbose?: boolean;
}

export const DEFAULT_TEST_PATHS = ['rules', 'specs'];
const TESTABLE = new Set(['rule-library', 'specification', 'rule-tests'] as const);

export function testCommand(inputs: string[], options: TestCommandOptions, io: Io): ExitCode {
  // The format's allowed values are enforced where the options are parsed (program.ts).
  const format = options.format ?? 'text';
  const paths = inputs.length > 0 ? inputs : DEFAULT_TEST_PATHS.filter((p) => existsSync(p));
  if (paths.length === 0) {
    io.stderr('carespec test: nothing to test (no rules/ or specs/ folder here; name files or folders)\n');
    return EXIT.badInput;
  }
  const { files, diagnostics } = expandInputs(paths, TESTABLE);
  const problems: Diagnostic[] = [...diagnostics];
  const workspace = new Workspace();
  const plans = new Plans(workspace);
  const cases: CaseResult[] = [];
  const underTest: { rule: string; file: string; position?: SourcePosition }[] = [];
  const testedLibraries = new Set<string>();

  const testLibrary = (file: string) => {
    const key = path.resolve(file);
    if (testedLibraries.has(key)) return;
    testedLibraries.add(key);
    const library = workspace.library(key);
    const plan = plans.library(key);
    if (!library.ok || !plan.ok) {
      problems.push(...(!library.ok ? library.diagnostics : !plan.ok ? plan.diagnostics : []));
      return;
    }
    for (const rule of library.value.rules) underTest.push({ rule: rule.id, file: shown(key), ...(rule.position ? { position: rule.position } : {}) });
    cases.push(...runExamples(plan.value, library.value.id, key));
  };

  const testFiles: string[] = [];
  for (const { file, kind } of files) {
    if (kind === 'rule-library') testLibrary(file);
    else if (kind === 'specification') {
      const spec = workspace.spec(file);
      if (!spec.ok) {
        problems.push(...spec.diagnostics);
        continue;
      }
      for (const imported of spec.value.imports) testLibrary(imported);
      const plan = plans.spec(file);
      if (!plan.ok) {
        problems.push(...plan.diagnostics);
        continue;
      }
      for (const rule of spec.value.rules) underTest.push({ rule: rule.id, file: shown(file), ...(rule.position ? { position: rule.position } : {}) });
      cases.push(...runExamples(plan.value, spec.value.id, file));
    } else if (kind === 'rule-tests') testFiles.push(file);
    else problems.push({ code: 'file/kind', message: 'Unexpected file: expected a rule library, a specification or a rule-tests file', severity: 'error', file: shown(file), line: 1, column: 1 });
  }
  const covered = new Set(underTest.map((r) => `${r.file}|${r.rule}`));
  const cover = (rules: readonly { id: string; position?: SourcePosition }[], file: string) => {
    for (const rule of rules) {
      if (covered.has(`${shown(file)}|${rule.id}`)) continue;
      covered.add(`${shown(file)}|${rule.id}`);
      underTest.push({ rule: rule.id, file: shown(file), ...(rule.position ? { position: rule.position } : {}) });
    }
  };
  for (const file of testFiles) {
    const outcome = runTestFile(file, plans);
    if (!outcome.ok) {
      problems.push(...outcome.diagnostics);
      continue;
    }
    cases.push(...outcome.value.cases);
    // Coverage counts the rules of every library and specification the test file exercises.
    for (const target of outcome.value.targets) {
      if (target.kind === 'library') {
        const library = workspace.library(target.file);
        if (library.ok) cover(library.value.rules, target.file);
        continue;
      }
      const spec = workspace.spec(target.file);
      if (!spec.ok) continue;
      cover(spec.value.rules, target.file);
      for (const imported of spec.value.imports) {
        const library = workspace.library(imported);
        if (library.ok) cover(library.value.rules, imported);
      }
    }
  }

  if (problems.length > 0) {
    printDiagnostics(io, problems);
    return EXIT.badInput;
  }
  const run: TestRun = { cases, coverage: coverageOf(underTest, cases) };
  const failed = cases.filter((c) => !c.ok).length;
  if (format === 'junit') {
    const xml = formatJunit(run);
    if (options.output) {
      writeFileAtomic(options.output, xml);
      io.stdout(formatText(run, { verbose: options.verbose ?? false }));
    } else io.stdout(xml);
  } else {
    const text = formatText(run, { verbose: options.verbose ?? false });
    if (options.output) writeFileAtomic(options.output, text);
    io.stdout(text);
  }
  return failed > 0 ? EXIT.findings : EXIT.ok;
}
