import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { createProgress } from '../../src/data/scanning/progress.js';
import type { CheckResult } from '../../src/model/types.js';
import { fixture } from '../helpers.js';
import { rule, runData } from './support.js';

describe('check() with the data phase (end to end)', () => {
  it('evaluates metric, every_window and per-record rules over the fixture CSVs', async () => {
    const result = await runData();
    expect(Object.fromEntries(result.rules.map((r) => [r.id, r.status]))).toEqual({
      'visit-min-length': 'fail',
      'most-visits-completed': 'fail',
      'most-visits-completed-overall': 'pass',
      continuity: 'pass',
      'zero-hours-limit': 'pass',
    });
    expect(rule(result, 'continuity').seen).toEqual([{ path: 'metrics.carers_per_client', value: 5 / 3, source: 'data/visits.csv (8 rows in the period)' }]);
    expect(result.verdict).toBe('not_compliant');
    expect(result.inputs.filter((i) => i.role === 'dataset').map((i) => i.path)).toEqual(['data/visits.csv', 'data/staff.csv']);
  });
});

describe('carespec check (CLI) reads datasets', () => {
  const carespec = async (...argv: string[]) => {
    const io = captureIo();
    const code = await run(argv, io);
    return { code, out: io.out, err: io.err };
  };
  const args = ['check', fixture('data', 'spec.md'), '--evidence', fixture('data', 'evidence.yaml'), '--format', 'json'];

  it('pseudonymises identifiers by default and shows them with --show-identifiers', async () => {
    const hidden = await carespec(...args);
    expect(hidden.code).toBe(1);
    const failure = (out: string) => (JSON.parse(out) as CheckResult).rules.find((r) => r.id === 'visit-min-length')?.records?.failures[0];
    expect(failure(hidden.out)?.values.client_id).toMatch(/^id:[0-9a-f]{8}$/);
    const shown = await carespec(...args, '--show-identifiers');
    expect(failure(shown.out)).toEqual({ file: 'data/visits.csv', line: 4, values: { planned_minutes: 15, client_id: 'C2', carer_id: 'K1' } });
  });

  it('draws no progress bar when stderr is not interactive', async () => {
    const { err } = await carespec(...args);
    expect(err).toBe('');
  });
});

describe('progress bar', () => {
  it('draws on an interactive stderr for a large file and clears itself; never otherwise', () => {
    let text = '';
    const target = { interactive: true, stderr: (t: string) => void (text += t) };
    const bar = createProgress(target, 'data/visits.csv', 10 * 1024 * 1024);
    bar.advance(5 * 1024 * 1024);
    bar.done();
    expect(text).toContain('data/visits.csv [###############               ] 50%');
    text = '';
    const quiet = createProgress({ ...target, interactive: false }, 'x', 10 * 1024 * 1024);
    quiet.advance(1);
    quiet.done();
    expect(text).toBe('');
  });
});

