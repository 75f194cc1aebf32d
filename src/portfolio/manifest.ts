/**
 * The portfolio manifest (`carespec: portfolio/1`, schemas/portfolio.schema.json): the providers'
 * evidence manifests, each relative to the portfolio file, and optionally the specification.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Outcome } from '../model/diagnostic.js';
import { displayPath, readTextFile } from '../load/files.js';
import { loadEvidence } from '../load/evidence.js';
import { validateAgainst } from '../load/schema.js';
import { parseYaml, type YamlFile } from '../load/yaml.js';

export interface PortfolioManifest {
  spec?: string;
  /** Evidence manifests, resolved against the portfolio file's folder and shown relative to the current directory. */
  evidence: string[];
}

interface Written {
  spec?: string;
  providers: { evidence: string }[];
}

function readManifest(file: string): Outcome<{ yaml: YamlFile; written: Written }> {
  const read = readTextFile(file);
  if (!read.ok) return read;
  const parsed = parseYaml(read.value.text, displayPath(file));
  if (!parsed.ok) return parsed;
  const errors = validateAgainst('portfolio', parsed.value);
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  return { ok: true, value: { yaml: parsed.value, written: parsed.value.value as unknown as Written }, warnings: [] };
}

const resolver = (file: string) => {
  const dir = path.dirname(file);
  return (written: string) => path.relative(process.cwd(), path.resolve(dir, written)) || '.';
};

export function loadPortfolioManifest(file: string): Outcome<PortfolioManifest> {
  const read = readManifest(file);
  if (!read.ok) return read;
  const { written } = read.value;
  const shown = resolver(file);
  return { ok: true, value: { ...(written.spec ? { spec: shown(written.spec) } : {}), evidence: written.providers.map((p) => shown(p.evidence)) }, warnings: [] };
}

/**
 * `carespec validate` on a portfolio manifest: its YAML and schema, then every file it names, each
 * at the line that names it: a specification or evidence manifest that is missing, and the
 * evidence manifests' own diagnostics (at their own file:line). The portfolio command itself checks
 * the providers it can and lists the others; validate says everything before a run.
 */
export function validatePortfolioManifest(file: string): Diagnostic[] {
  const read = readManifest(file);
  if (!read.ok) return read.diagnostics;
  const { yaml, written } = read.value;
  const shown = resolver(file);
  const diagnostics: Diagnostic[] = [];
  const missing = (target: string, at: (string | number)[], what: string) => {
    if (isFile(target)) return false;
    diagnostics.push({ code: 'portfolio/missing', message: `Missing ${what} ${target}: no such file (paths are relative to the portfolio manifest)`, severity: 'error', file: yaml.file, ...yaml.locate(at), field: at.join('.') });
    return true;
  };
  if (written.spec !== undefined) missing(shown(written.spec), ['spec'], 'specification');
  const seen = new Map<string, number>();
  written.providers.forEach((p, i) => {
    const evidence = shown(p.evidence);
    const at = ['providers', i, 'evidence'];
    const first = seen.get(path.resolve(evidence));
    if (first !== undefined) {
      diagnostics.push({ code: 'portfolio/duplicate', message: `Unexpected second entry for ${evidence} (the first is entry ${first + 1}): a provider would be counted twice`, severity: 'error', file: yaml.file, ...yaml.locate(at), field: at.join('.') });
      return;
    }
    seen.set(path.resolve(evidence), i);
    if (missing(evidence, at, 'evidence manifest')) return;
    const loaded = loadEvidence(evidence);
    diagnostics.push(...(loaded.ok ? loaded.warnings : loaded.diagnostics));
  });
  return diagnostics;
}

function isFile(target: string): boolean {
  try {
    return statSync(target).isFile();
  } catch {
    return false;
  }
}
