/**
 * `carespec import <workbook.xlsx> --output evidence.yaml [--force]`: a filled evidence workbook
 * read into an evidence manifest (src/import/workbook.ts). Problems are printed at sheet!cell and
 * nothing is written; the manifest is then checked like any other with `carespec check`.
 */
import { existsSync } from 'node:fs';
import { importWorkbook } from '../../import/workbook.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { outputProblem, writeFileAtomic } from '../output.js';

export interface ImportCommandOptions {
  output: string;
  force?: boolean;
}

export async function importCommand(workbook: string, options: ImportCommandOptions, io: Io): Promise<ExitCode> {
  if (!options.force && existsSync(options.output)) {
    io.stderr(`carespec: ${options.output} already exists; pass --force to replace it\n`);
    return EXIT.badInput;
  }
  const problem = outputProblem(options.output);
  if (problem) {
    io.stderr(`carespec import: ${problem}\n`);
    return EXIT.badInput;
  }
  const outcome = await importWorkbook(workbook, options.output);
  if (!outcome.ok) {
    printDiagnostics(io, outcome.diagnostics);
    return EXIT.badInput;
  }
  writeFileAtomic(options.output, outcome.manifest, { noOverwrite: !options.force });
  io.stderr(`carespec: wrote ${options.output} (${outcome.datasets} dataset${outcome.datasets === 1 ? '' : 's'} read from ${workbook})\n`);
  return EXIT.ok;
}
