/** `carespec diff <base.json> <head.json>`: two results of one provider, or two portfolios, compared. */
import { readResultsDocument, resultsByProvider } from '../../compare/documents.js';
import { diffReport } from '../../compare/reports.js';
import { renderDiff, type DiffFormatName } from '../../render/compare-formats.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { writeFileAtomic } from '../output.js';

export interface DiffCommandOptions {
  format?: DiffFormatName;
  output?: string;
  failOn?: 'regression';
}

export async function diffCommand(baseFile: string, headFile: string, options: DiffCommandOptions, io: Io): Promise<ExitCode> {
  const base = readResultsDocument(baseFile);
  const head = readResultsDocument(headFile);
  for (const read of [base, head]) if (!read.ok) io.stderr(`carespec diff: ${read.message}\n`);
  if (!base.ok || !head.ok) return EXIT.badInput;
  if (base.value.kind !== head.value.kind) {
    io.stderr(`carespec diff: ${baseFile} is a ${base.value.kind === 'result' ? 'single result' : 'portfolio'} and ${headFile} is not; compare like with like\n`);
    return EXIT.badInput;
  }
  const before = resultsByProvider(base.value), after = resultsByProvider(head.value);
  if (base.value.kind === 'result' && ![...before.keys()].every((p) => after.has(p))) {
    io.stderr(`carespec diff: the results are of different providers (${[...before.keys()][0]} and ${[...after.keys()][0]})\n`);
    return EXIT.badInput;
  }
  const report = diffReport(baseFile, headFile, before, after);
  const written = await renderDiff(options.format ?? 'md', report);
  if (options.output) writeFileAtomic(options.output, written);
  else io.stdout(written);
  return options.failOn === 'regression' && report.regression ? EXIT.findings : EXIT.ok;
}
