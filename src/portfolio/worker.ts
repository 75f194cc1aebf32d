/**
 * A portfolio worker thread: assembles the plan once from the specification it is started with,
 * then checks each evidence manifest it is sent, one at a time, and posts back its summary (never
 * the whole result, which can be hundreds of megabytes to copy between threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { preparePlan } from '../pipeline.js';
import { checkProvider, type ProviderOptions, type ProviderOutcome } from './check-one.js';
import { kpiDefinitions } from './kpis.js';

export interface WorkerSetup {
  specFile: string;
  options: ProviderOptions;
}
export interface WorkerJob {
  id: number;
  evidence: string;
}
export type WorkerReply = { id: number; outcome: ProviderOutcome } | { id: number; crashed: string };

const setup = workerData as WorkerSetup;
const plan = preparePlan(setup.specFile);
const kpis = plan.ok ? kpiDefinitions(plan.value) : [];

parentPort!.on('message', (job: WorkerJob) => {
  void (async () => {
    try {
      // The main thread assembled the same plan first; failing here would mean the files changed underneath.
      const outcome: ProviderOutcome = plan.ok ? await checkProvider(plan.value, kpis, job.evidence, job.id, setup.options) : { ok: false, diagnostics: plan.diagnostics };
      parentPort!.postMessage({ id: job.id, outcome } satisfies WorkerReply);
    } catch (error) {
      parentPort!.postMessage({ id: job.id, crashed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply);
    }
  })();
});
