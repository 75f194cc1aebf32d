/**
 * `carespec init --spec <spec.md> [--output evidence.yaml] [--checklist FILE] [--force]`:
 * write an evidence template (and optionally a markdown checklist) for a
 * specification. Never replaces an existing file unless --force is given.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { evidenceChecklist, evidenceTemplate } from '../../authoring/template.js';
import { preparePlan } from '../../pipeline.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { outputProblem, writeFileAtomic } from '../output.js';

export interface InitCommandOptions {
  spec: string;
  output?: string;
  checklist?: string;
  force?: boolean;
}

export const DEFAULT_EVIDENCE_FILE = 'evidence.yaml';

export function initCommand(options: InitCommandOptions, io: Io): ExitCode {
  const plan = preparePlan(options.spec);
  if (!plan.ok) {
    printDiagnostics(io, plan.diagnostics);
    return EXIT.badInput;
  }
  printDiagnostics(io, plan.warnings);
  const output = options.output ?? DEFAULT_EVIDENCE_FILE;
  const toStdout = output === '-';
  const template = evidenceTemplate(plan.value, toStdout ? undefined : output);
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
  if (toStdout) io.stdout(template);
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
