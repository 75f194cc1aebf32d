/**
 * A registry of output formats for one kind of document (a portfolio report, a diff, an impact
 * report), like formats.ts's for a CheckResult: each format a pure function of the document,
 * loaded when used, so a command's `--format` choices and its renderer come from one list.
 */
export interface DocumentFormat<T> {
  name: string;
  description: string;
  /** The usual file extension, for docs and defaults. */
  extension: string;
  load(): Promise<(doc: T) => string>;
}

export const formatNames = <T>(registry: readonly DocumentFormat<T>[]): string[] => registry.map((f) => f.name);

export async function renderDocument<T>(registry: readonly DocumentFormat<T>[], name: string, doc: T): Promise<string> {
  const entry = registry.find((f) => f.name === name);
  if (!entry) throw new Error(`Unknown format "${name}" (expected ${formatNames(registry).join(', ')})`);
  return (await entry.load())(doc);
}

/** Pretty JSON with a final newline, as every carespec JSON output is written. */
export const renderJsonDocument = <T>(doc: T): string => `${JSON.stringify(doc, null, 2)}\n`;
