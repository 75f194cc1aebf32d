/** Print diagnostics the same way for every command. */
import { formatDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { Io } from './io.js';

export function printDiagnostics(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
}
