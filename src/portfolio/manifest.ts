/**
 * The portfolio manifest (`carespec: portfolio/1`, schemas/portfolio.schema.json): the providers'
 * evidence manifests, each relative to the portfolio file, and optionally the specification.
 */
import path from 'node:path';
import type { Outcome } from '../model/diagnostic.js';
import { displayPath, readTextFile } from '../load/files.js';
import { validateAgainst } from '../load/schema.js';
import { parseYaml } from '../load/yaml.js';

export interface PortfolioManifest {
  spec?: string;
  /** Evidence manifests, resolved against the portfolio file's folder and shown relative to the current directory. */
  evidence: string[];
}

export function loadPortfolioManifest(file: string): Outcome<PortfolioManifest> {
  const read = readTextFile(file);
  if (!read.ok) return read;
  const parsed = parseYaml(read.value.text, displayPath(file));
  if (!parsed.ok) return parsed;
  const errors = validateAgainst('portfolio', parsed.value);
  if (errors.length > 0) return { ok: false, diagnostics: errors };
  const manifest = parsed.value.value as { spec?: string; providers: { evidence: string }[] };
  const dir = path.dirname(file);
  const shown = (written: string) => path.relative(process.cwd(), path.resolve(dir, written)) || '.';
  return { ok: true, value: { ...(manifest.spec ? { spec: shown(manifest.spec) } : {}), evidence: manifest.providers.map((p) => shown(p.evidence)) }, warnings: [] };
}
