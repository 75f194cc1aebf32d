/**
 * `carespec init --spec <spec.md> [--output evidence.yaml] [--checklist FILE] [--force]`:
 * write an evidence template (and optionally a markdown checklist) for a
 * specification. Never replaces an existing file unless --force is given.
 */
import { existsSync } from 'node:fs';
import { evidenceChecklist, evidenceTemplate } from '../../authoring/template.js';
import { preparePlan } from '../../pipeline.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { writeFileAtomic } from '../output.js';

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
  for (const target of [toStdout ? undefined : output, options.checklist === '-' ? undefined : options.checklist]) {
    if (target !== undefined && !options.force && existsSync(target)) {
      io.stderr(`carespec: ${target} already exists; pass --force to replace it\n`);
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
