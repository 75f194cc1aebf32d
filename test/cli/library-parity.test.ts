/**
 * The library and the CLI give the same verdict (issue #13): `check()` from the
 * public API and `carespec check --format json` write identical JSON for every
 * bundled example, datasets and all (the library reads them by default).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.js';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { renderJson } from '../../src/render/json.js';
import { bundledExamples, repoFile } from '../helpers.js';

const bundles = bundledExamples;

describe('library and CLI parity', () => {
  const all = bundles();
  it('finds every bundled example', () => expect(all.length).toBeGreaterThanOrEqual(14));

  it.each(all)('$name: check() and `carespec check --format json` write the same JSON', async ({ spec, evidence, poolBasis }) => {
    const io = captureIo();
    const code = await run(['check', spec, '--evidence', evidence, '--format', 'json', ...(poolBasis ? ['--pool-basis', poolBasis] : [])], io);
    expect(code, io.err).toBeLessThan(2);
    const library = await check(spec, evidence, poolBasis ? { poolBasis } : {});
    if (!library.ok) throw new Error(JSON.stringify(library.diagnostics));
    expect(renderJson(library.value)).toBe(io.out);
  });
});
