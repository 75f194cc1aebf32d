/**
 * The pipeline reads in one direction (issue #13): no module in src/ imports
 * itself back through others. madge builds the import graph (type-only imports
 * excluded: they vanish at run time, .madgerc).
 */
import madge from 'madge';
import { expect, it } from 'vitest';
import { repoFile } from '../helpers.js';

it('src/ has no import circle', { timeout: 60_000 }, async () => {
  const graph = await madge(repoFile('src'), {
    fileExtensions: ['ts'],
    tsConfig: repoFile('tsconfig.json'),
    detectiveOptions: { ts: { skipTypeImports: true }, es6: { skipTypeImports: true } },
  });
  expect(Object.keys(graph.obj()).length).toBeGreaterThan(100);
  expect(graph.circular()).toEqual([]);
});
