/**
 * `carespec init --spec <spec.md> [--format yaml|xlsx] [--output evidence.yaml] [--checklist FILE] [--force]`:
 * write an evidence template (and optionally a markdown checklist) for a specification: a YAML
 * manifest, or an evidence workbook for `carespec import`. Never replaces an existing file unless
 * --force is given.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { evidenceChecklist, evidenceTemplate } from '../../authoring/template.js';
import { evidenceWorkbook } from '../../authoring/workbook.js';
import { preparePlan } from '../../pipeline.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { outputProblem, writeFileAtomic } from '../output.js';

export interface InitCommandOptions {
  spec: string;
  output?: string;
  checklist?: string;
  force?: boolean;
  /** `yaml` (default): the manifest template; `xlsx`: the evidence workbook. */
  format?: 'yaml' | 'xlsx';
}

export const DEFAULT_EVIDENCE_FILE = 'evidence.yaml';
export const DEFAULT_WORKBOOK_FILE = 'evidence.xlsx';

export async function initCommand(options: InitCommandOptions, io: Io): Promise<ExitCode> {
  const plan = preparePlan(options.spec);
  if (!plan.ok) {
    printDiagnostics(io, plan.diagnostics);
    return EXIT.badInput;
  }
  printDiagnostics(io, plan.warnings);
  const xlsx = options.format === 'xlsx';
  const output = options.output ?? (xlsx ? DEFAULT_WORKBOOK_FILE : DEFAULT_EVIDENCE_FILE);
  const toStdout = output === '-';
  if (xlsx && toStdout) {
    io.stderr('carespec init: a workbook is not written to standard output; give --output FILE.xlsx\n');
    return EXIT.badInput;
  }
  const template = xlsx ? await evidenceWorkbook(plan.value) : evidenceTemplate(plan.value, toStdout ? undefined : output);
  const checklist = options.checklist === undefined ? undefined : evidenceChecklist(plan.value);
  const noOverwrite = { noOverwrite: !options.force };
  // Refuse before writing anything: an existing checklist must not leave a half-done init behind.
  const targets = [toStdout ? undefined : output, options.checklist === '-' ? undefined : options.checklist].filter((t): t is string => t !== undefined);
  if (targets.length === 2 && sameFile(targets[0]!, targets[1]!)) {
    io.stderr(`carespec init: --output ${targets[0]} and --checklist ${targets[1]} are the same file; choose two paths\n`);
    return EXIT.badInput;
  }
  for (const target of targets) {
    if (!options.force && existsSync(target)) {
      io.stderr(`carespec: ${target} already exists; pass --force to replace it\n`);
      return EXIT.badInput;
    }
    const problem = outputProblem(target);
    if (problem) {
      io.stderr(`carespec init: ${problem}\n`);
      return EXIT.badInput;
    }
  }
  if (typeof template !== 'string') writeFileAtomic(output, template, noOverwrite);
  else if (toStdout) io.stdout(template);
  else writeFileAtomic(output, template, noOverwrite);
  if (checklist !== undefined && options.checklist !== undefined) {
    if (options.checklist === '-') io.stdout(checklist);
    else writeFileAtomic(options.checklist, checklist, noOverwrite);
  }
  const written = [toStdout ? undefined : output, options.checklist && options.checklist !== '-' ? options.checklist : undefined].filter(Boolean);
  if (written.length > 0) io.stderr(`carespec: wrote ${written.join(' and ')}\n`);
  return EXIT.ok;
}

/** The same path, or two names (a link, `./x` and `x`) for one existing file. */
function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
