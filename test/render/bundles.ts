/** Check results of the bundled examples, computed once per test file (cwd-relative paths, as a user runs them). */
import { check } from '../../src/pipeline.js';
import { readDatasets } from '../../src/data/index.js';
import type { CheckResult } from '../../src/model/types.js';

export const BUNDLES = ['ethical-care-homecare-bnes', 'reablement-wnc', 'outcome-homecare-bfc'] as const;
export type Variant = 'compliant' | 'failing' | 'partial';

const cache = new Map<string, Promise<CheckResult>>();

export function bundleResult(bundle: (typeof BUNDLES)[number], variant: Variant): Promise<CheckResult> {
  const key = `${bundle}/${variant}`;
  let found = cache.get(key);
  if (!found) {
    found = check(`specs/${bundle}.md`, `examples/${bundle}/${variant}/evidence.yaml`, { readData: (plan, evidence) => readDatasets(plan, evidence, {}) }).then((out) => {
      if (!out.ok) throw new Error(`${key}: ${JSON.stringify(out.diagnostics)}`);
      return out.value;
    });
    cache.set(key, found);
  }
  return found;
}

/** A deep copy to edit: results are plain JSON. */
export const copy = (result: CheckResult): CheckResult => structuredClone(result);
