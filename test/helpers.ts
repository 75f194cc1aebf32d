/** Test helpers: fixture paths and scratch folders with edited copies of fixtures. */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = path.resolve(ROOT, '../shared');
export const fixture = (...parts: string[]) => path.join(ROOT, 'test', 'fixtures', ...parts);
export const repoFile = (...parts: string[]) => path.join(ROOT, ...parts);

/** Copy a fixture folder to a fresh temporary folder and return its path. */
export function scratchCopy(folder: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'carespec-test-'));
  cpSync(folder, dir, { recursive: true });
  return dir;
}

/** Replace text in a file (fails the test if the text is not there). */
export function edit(file: string, from: string | RegExp, to: string): void {
  const before = readFileSync(file, 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`edit: ${String(from)} not found in ${file}`);
  writeFileSync(file, after);
}

export interface BundledExample {
  /** `<spec id>` or `<spec id>/<bundle>`. */
  name: string;
  spec: string;
  /** The bundle's folder, holding its evidence.yaml. */
  folder: string;
  evidence: string;
  poolBasis?: string;
}

/** Every bundle under examples/<spec id>/ (the folder itself or its sub-folders), with its specification and a pool basis where the example has one. */
export function bundledExamples(): BundledExample[] {
  const found: BundledExample[] = [];
  for (const specId of readdirSync(repoFile('examples')).sort()) {
    const spec = repoFile('specs', `${specId}.md`);
    const top = repoFile('examples', specId);
    const poolBasis = path.join(top, 'pool-basis.yaml');
    const extra = existsSync(poolBasis) ? { poolBasis } : {};
    const add = (name: string, folder: string) => {
      const evidence = path.join(folder, 'evidence.yaml');
      if (existsSync(evidence)) found.push({ name, spec, folder, evidence, ...extra });
    };
    add(specId, top);
    for (const bundle of readdirSync(top).sort()) add(`${specId}/${bundle}`, path.join(top, bundle));
  }
  return found;
}
