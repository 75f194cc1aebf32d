/** `carespec diff <base.json> <head.json>`: two results of one provider, or two portfolios, compared. */
import { diffFiles } from '../../compare/api.js';
import { renderDiff, type DiffFormatName } from '../../render/compare-formats.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { writeFileAtomic } from '../output.js';

export interface DiffCommandOptions {
  format?: DiffFormatName;
  output?: string;
  failOn?: 'regression';
}

export async function diffCommand(baseFile: string, headFile: string, options: DiffCommandOptions, io: Io): Promise<ExitCode> {
  const diffed = diffFiles(baseFile, headFile);
  if (!diffed.ok) {
    printDiagnostics(io, diffed.diagnostics);
    return EXIT.badInput;
  }
  const written = await renderDiff(options.format ?? 'md', diffed.value);
  if (options.output) writeFileAtomic(options.output, written);
  else io.stdout(written);
  return options.failOn === 'regression' && diffed.value.regression ? EXIT.findings : EXIT.ok;
}
