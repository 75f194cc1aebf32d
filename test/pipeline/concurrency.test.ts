/**
 * Runs share nothing (issue #13): one plan, eight providers in different
 * regions and periods, checked concurrently in one process and across worker
 * threads, give byte-identical results to checking each alone with a plan of
 * its own. London and the south-west have different Real Living Wages, so a
 * run that borrowed another's region would change a wage rule's parameters.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { checkEvidence, preparePlan } from '../../src/pipeline.js';
import { renderJson } from '../../src/render/json.js';
import { repoFile } from '../helpers.js';

const SPEC = repoFile('specs/ethical-care-homecare-bnes.md');

/** Eight evidence manifests: the three B&NES bundles, moved between regions and quarters. */
function providers(): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'carespec-runs-'));
  const variants: { bundle: string; region: string; asOf?: string }[] = [
    { bundle: 'compliant', region: 'south-west' },
    { bundle: 'compliant', region: 'london' },
    { bundle: 'partial', region: 'south-west' },
    { bundle: 'partial', region: 'london' },
    { bundle: 'partial', region: 'north-east' },
    { bundle: 'failing', region: 'london' },
    { bundle: 'failing', region: 'south-west' },
    { bundle: 'compliant', region: 'wales' },
  ];
  return variants.map((v, i) => {
    const target = path.join(dir, `p${i}`);
    cpSync(repoFile('examples/ethical-care-homecare-bnes', v.bundle), target, { recursive: true });
    const file = path.join(target, 'evidence.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/region: [a-z-]+/, `region: ${v.region}`).replace(/name: ([^\n]+)/, `name: Provider ${i} ($1)`));
    return file;
  });
}

const alone = async (evidence: string): Promise<string> => {
  const plan = preparePlan(SPEC);
  if (!plan.ok) throw new Error(JSON.stringify(plan.diagnostics));
  const result = await checkEvidence(plan.value, evidence);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return renderJson(result.value);
};

describe('one plan, many runs', () => {
  it('eight providers checked concurrently from one plan give the results each gives alone', async () => {
    const files = providers();
    const expected = [];
    for (const file of files) expected.push(await alone(file));
    // The wage rules differ between London and the south-west: the runs really are different.
    expect(new Set(expected.map((e) => JSON.parse(e).provider.region)).size).toBeGreaterThan(2);

    const plan = preparePlan(SPEC);
    if (!plan.ok) throw new Error('plan');
    const together = await Promise.all(files.map(async (file) => {
      const result = await checkEvidence(plan.value, file);
      if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
      return renderJson(result.value);
    }));
    expect(together).toEqual(expected);
  });

  it('across worker threads, each worker assembling the plan once, the results are the same bytes', async () => {
    const files = providers();
    const expected = [];
    for (const file of files) expected.push(await alone(file));
    const source = `
      import { parentPort, workerData } from 'node:worker_threads';
      const { checkEvidence, preparePlan } = await import(workerData.pipeline);
      const { renderJson } = await import(workerData.json);
      const plan = preparePlan(workerData.spec);
      const out = [];
      for (const file of workerData.files) {
        const result = await checkEvidence(plan.value, file);
        out.push(result.ok ? renderJson(result.value) : JSON.stringify(result.diagnostics));
      }
      parentPort.postMessage(out);
    `;
    const dist = repoFile('dist');
    const run = (chunk: string[]) =>
      new Promise<string[]>((resolve, reject) => {
        const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`), {
          workerData: { files: chunk, spec: SPEC, pipeline: `file://${path.join(dist, 'pipeline.js')}`, json: `file://${path.join(dist, 'render/json.js')}` },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    const halves = await Promise.all([run(files.slice(0, 4)), run(files.slice(4))]);
    // The compiled dist/ modules and the test's own differ only in how they were built, not in what they compute.
    expect(halves.flat()).toEqual(expected);
  });
});
