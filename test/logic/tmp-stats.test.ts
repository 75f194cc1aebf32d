import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { it } from 'vitest';
import { data, outcome, rule } from './arbitraries.js';
it('stats', () => {
  const samples = fc.sample(fc.tuple(rule, data), 10000);
  let threw = 0, depthSum = 0, sizes: number[] = []; const types: Record<string, number> = {}; const ops: Record<string, number> = {};
  const size = (x: unknown): number => Array.isArray(x) ? 1 + x.reduce((s: number, y) => s + size(y), 0) : x && typeof x === 'object' ? 1 + Object.values(x).reduce((s: number, y) => s + size(y), 0) : 1;
  for (const [r, d] of samples) {
    const o = outcome(() => jsonLogic.apply(r as any, d));
    if (o.threw) threw++; else { const t = Array.isArray(o.value) ? 'array' : o.value === null ? 'null' : typeof o.value; types[t] = (types[t] ?? 0) + 1; }
    sizes.push(size(r));
    if (r && typeof r === 'object' && !Array.isArray(r)) { const k = Object.keys(r)[0]!; ops[k] = (ops[k] ?? 0) + 1; }
  }
  sizes.sort((a, b) => a - b);
  console.log({ threw, types, median: sizes[5000], p90: sizes[9000], max: sizes[9999], ops });
  console.log(JSON.stringify(samples.slice(0, 8)));
});
