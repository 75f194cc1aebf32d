/**
 * Worker thread for parallel.ts: told a part (and the physical line it starts
 * on), it reads bytes `[start, end)` of a CSV file,
 * which begin at a line start, as the main thread would have read them
 * after the header, and sends back the part's state. It imports only the
 * row-level modules (no YAML, schemas or Markdown), so it starts quickly.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parentPort } from 'node:worker_threads';
import { buildConsumers } from './consumers.js';
import { CsvTokenizer } from '../reading/csv.js';
import { CHUNK, hashFile, partResult, type PartJob, type PartResult } from './parallel.js';
import { createFeeder } from './feed.js';

async function scanPart(part: PartJob, firstLine: number): Promise<PartResult> {
  const consumers = buildConsumers(part.job);
  const { sink, totals } = createFeeder(consumers, { kind: part.kind, profile: part.profile, frame: part.frame, base: part.base, path: part.path });
  sink(part.header, part.header.length, 1); // binds the columns, as the file's first record does
  const tokenizer = new CsvTokenizer(sink, part.profile.delimiter, { line: firstLine });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of createReadStream(part.file, { start: part.start, end: part.end - 1, highWaterMark: CHUNK })) {
    tokenizer.push(decoder.write(chunk as Buffer));
  }
  tokenizer.push(decoder.end());
  // Before end(): a record still open here means the cut after this range was inside it.
  const pending = tokenizer.pending;
  const nextLine = tokenizer.nextLine;
  tokenizer.end();
  const result = partResult(totals, consumers, pending, nextLine);
  if (part.hash) result.sha256 = await hashFile(part.file);
  return result;
}

const port = parentPort;
if (port) {
  // The part arrives by message, not workerData, so a worker can be started before its part is known (ScanWorkerPool).
  port.once('message', (message: { part: PartJob; firstLine: number }) => {
    scanPart(message.part, message.firstLine).then(
      (part) => port.postMessage({ ok: true, part }),
      (e: unknown) => port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
    );
  });
}
