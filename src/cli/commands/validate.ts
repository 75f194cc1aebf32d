/**
 * `carespec validate <files...>`: schema and reference checks for rule
 * libraries, specifications (with their imports) and evidence manifests.
 */
import { validateFile } from '../../validate/file.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';

export function validateCommand(files: string[], io: Io): ExitCode {
  let failed = 0;
  for (const file of files) {
    const diagnostics = validateFile(file);
    printDiagnostics(io, diagnostics);
    if (diagnostics.some((d) => d.severity === 'error')) failed += 1;
    else io.stdout(`${file}: ok\n`);
  }
  return failed > 0 ? EXIT.badInput : EXIT.ok;
}
