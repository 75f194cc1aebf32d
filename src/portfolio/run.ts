/**
 * Checking every provider of a portfolio, concurrently. With one job the providers run in this
 * thread, one after another, against the caller's plan; with more, a pool of worker threads each
 * assembles the plan once and takes the next provider as soon as it is free (a large provider does
 * not hold up the small ones). Outcomes come back in the order the providers were given, whatever
 * order they finished in, so the report does not depend on the concurrency.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Plan } from '../validate/assemble.js';
import { loadEvidence } from '../load/evidence.js';
import { checkProvider, type ProviderOptions, type ProviderOutcome } from './check-one.js';
import { kpiDefinitions } from './kpis.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './worker.js';

export interface RunProvidersOptions extends ProviderOptions {
  /** Worker threads; 1 runs in this thread. */
  jobs: number;
}

/**
 * Worker threads started before the caller assembles its own plan, so their start-up (loading the
 * code, assembling the plan, warming up) overlaps the main thread's instead of following it.
 */
export class ProviderPool {
  private readonly workers: Worker[];

  constructor(specFile: string, readonly size: number, options: ProviderOptions) {
    // The pool's parallelism is across providers: a worker splitting a large file's scan over more
    // threads would only oversubscribe the cores, and pay a thread's start for every such file.
    this.workers = Array.from({ length: size }, () => startWorker({ specFile, options: { ...options, scanWorkers: 0 } }));
  }

  /** Each worker takes the next provider when it is free; outcomes in the order given. */
  async run(evidence: readonly string[]): Promise<ProviderOutcome[]> {
    const outcomes: ProviderOutcome[] = new Array(evidence.length);
    let next = 0;
    await Promise.all(this.workers.map(async (worker) => {
      while (next < evidence.length) {
        const id = next++;
        outcomes[id] = await ask(worker, { id, evidence: evidence[id]! });
      }
    }));
    return outcomes;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** How many workers a run of `providers` providers uses: one per job, never more than providers; 1 means none. */
export const workersFor = (jobs: number, providers: number): number => Math.min(jobs, providers);

/**
 * Data a worker must have to read to be worth starting. A worker costs about 0.5 s of CPU time
 * more than the same providers checked in this thread (loading the code, assembling its plan, the
 * JIT warming up again), which is what a thread spends reading some 30 MB of visits; below twice
 * that per worker, the workers' start-up would eat their gain (bench:portfolio, docs/performance.md).
 */
export const BYTES_PER_WORKER = 64 * 1024 * 1024;

/** Default jobs: one per core, but no more than the data keeps busy (BYTES_PER_WORKER); 1 runs in this thread. */
export function defaultJobs(cores: number, providers: number, dataBytes: number): number {
  return Math.max(1, Math.min(cores, providers, Math.floor(dataBytes / BYTES_PER_WORKER)));
}

/** The bytes of the datasets the evidence manifests name (a manifest that does not load counts 0: its check will say why). */
export function datasetBytes(evidence: readonly string[]): number {
  let total = 0;
  for (const file of evidence) {
    const loaded = loadEvidence(file);
    if (!loaded.ok) continue;
    for (const d of loaded.value.datasets) {
      try {
        total += statSync(d.file).size;
      } catch {
        // A missing dataset is the check's to report.
      }
    }
  }
  return total;
}

export async function runProviders(plan: Plan, specFile: string, evidence: readonly string[], options: RunProvidersOptions, started?: ProviderPool): Promise<ProviderOutcome[]> {
  const { jobs: wanted, ...providerOptions } = options;
  const jobs = started?.size ?? workersFor(wanted, evidence.length);
  if (jobs <= 1) {
    await started?.close();
    const kpis = kpiDefinitions(plan);
    const outcomes: ProviderOutcome[] = [];
    for (const [i, file] of evidence.entries()) outcomes.push(await checkProvider(plan, kpis, file, i, providerOptions));
    return outcomes;
  }
  const pool = started ?? new ProviderPool(specFile, jobs, providerOptions);
  try {
    return await pool.run(evidence);
  } finally {
    await pool.close();
  }
}

function ask(worker: Worker, job: WorkerJob): Promise<ProviderOutcome> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    worker.once('error', onError);
    worker.once('message', (reply: WorkerReply) => {
      worker.off('error', onError);
      // A crash is a bug in carespec, not a bad evidence bundle: it stops the run (exit 2) rather than being reported as one provider's problem.
      if ('crashed' in reply) reject(new Error(`portfolio worker failed on ${job.evidence}: ${reply.crashed}`));
      else resolve(reply.outcome);
    });
    worker.postMessage(job);
  });
}

/**
 * The worker module: from the CLI bundle (dist/bin/), the bundled worker beside it, which shares
 * the CLI's chunks (one file to load instead of ~260 modules, about 0.25 s per worker); from
 * dist/portfolio/ (the library), the compiled worker; from the TypeScript sources (tests, the
 * benchmark), the .ts file through tsx (as src/data/scanning/parallel.ts does for its scan workers).
 */
function startWorker(setup: WorkerSetup): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) {
    const bundled = new URL('./portfolio-worker.js', here);
    return new Worker(existsSync(fileURLToPath(bundled)) ? bundled : new URL('../portfolio/worker.js', here), { workerData: setup });
  }
  const target = new URL('../portfolio/worker.ts', here).href;
  const code = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(code, { eval: true, workerData: setup });
}
