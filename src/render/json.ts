/** The JSON results: the CheckResult as published in schemas/results.schema.json, keys in a stable order. */
import type { CheckResult } from '../model/types.js';

export function renderJson(result: CheckResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
