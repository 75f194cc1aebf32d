/**
 * Nothing lost: a report is written whole or not at all, and `init` never
 * replaces a file without --force.
 *
 * The kill test spawns the built CLI writing a large report (tens of MB) over
 * an existing report and SIGKILLs it at random moments around the write,
 * several times: afterwards the file is either the previous report, byte for
 * byte, or the complete new one — never a partial file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { fixture } from '../helpers.js';
import { buildCli, STACK_TRACE, type BuiltCli } from '../corpus/cli-build.js';

let cli: BuiltCli;
let dir: string;
beforeAll(() => {
  cli = buildCli();
  dir = mkdtempSync(path.join(tmpdir(), 'carespec-nothing-lost-'));
}, 180_000);
afterAll(() => {
  cli?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** 200 failing rules that each show a 100 kB fact value twice: a report of about 40 MB from small inputs. */
function writeLargeInputs(): { spec: string; evidence: string } {
  const rules = Array.from(
    { length: 200 },
    (_, i) => `  - id: big-${i}
    title: Big rule ${i}
    severity: must
    rationale: x
    remediation: y
    test: { "==": [{ var: facts.big }, "x"] }
    messages: { fail: "{{facts.big}}" }
`,
  ).join('');
  const spec = path.join(dir, 'spec.md');
  writeFileSync(
    spec,
    `---
carespec: specification/1
id: big
title: Big report
version: 1.0.0
commissioner: Test Council
contract_period: { start: "2024-05-01", end: "2027-03-31" }
---

# Big report

## 1. Rules

\`\`\`carespec
facts:
  big: { title: A large fact, type: string }
rules:
${rules}\`\`\`
`,
  );
  const evidence = path.join(dir, 'evidence.yaml');
  writeFileSync(
    evidence,
    `carespec: evidence/1
provider: { name: Big Care Ltd, region: london }
period: { start: "2025-04-01", end: "2025-06-30" }
facts:
  big: { value: "${'0123456789abcdef'.repeat(6400)}", source: { document: big } }
`,
  );
  return { spec, evidence };
}

function runCli(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cli.bin, ...args], { stdio: 'ignore' });
    child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started }));
  });
}

function killAfter(args: string[], delayMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli.bin, ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

describe('reports are written whole or not at all', () => {
  it('SIGKILL at random moments never leaves a partial report', async () => {
    const { spec, evidence } = writeLargeInputs();
    const target = path.join(dir, 'report.md');
    const args = ['check', spec, '--evidence', evidence, '--output', target];

    // The complete new report, and how long a whole run takes.
    const full = await runCli(args);
    expect(full.code).toBe(1);
    const complete = readFileSync(target);
    expect(complete.length).toBeGreaterThan(10_000_000);
    rmSync(target);

    const previous = Buffer.from('# Previous report\n\n'.repeat(50_000));
    const outcomes = { previous: 0, complete: 0 };
    const KILLS = 10;
    for (let i = 0; i < KILLS; i++) {
      writeFileSync(target, previous);
      // Spread the kills over the second half of a run, where the report is rendered and written, and a little past it.
      const delay = Math.round(full.ms * (0.4 + (0.7 * i) / KILLS + Math.random() * 0.05));
      await killAfter(args, delay);
      const after = readFileSync(target);
      const isPrevious = after.equals(previous);
      const isComplete = after.equals(complete);
      expect(isPrevious || isComplete, `after a kill at ${delay} ms the report is ${after.length} bytes: neither the previous (${previous.length}) nor the complete (${complete.length}) one`).toBe(true);
      outcomes[isPrevious ? 'previous' : 'complete']++;
    }
    const leftovers = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    console.log(`kill test: ${KILLS} kills over a ${full.ms} ms run: previous report intact ${outcomes.previous}, complete new report ${outcomes.complete}; temporary files left by killed runs: ${leftovers.length}`);
    // A killed run may leave its temporary file beside the report (never in its place); remove them.
    for (const f of leftovers) {
      expect(f).toMatch(/^\.report\.md\.\d+\.\d+\.tmp$/);
      rmSync(path.join(dir, f));
    }
  }, 180_000);

  it('the built CLI gives the same bytes twice, and no stack trace', () => {
    for (const format of ['md', 'json']) {
      const args = [cli.bin, 'check', fixture('core', 'spec.md'), '--evidence', fixture('core', 'evidence.yaml'), '--format', format];
      const a = spawnSync(process.execPath, args, { encoding: 'buffer' });
      const b = spawnSync(process.execPath, args, { encoding: 'buffer' });
      expect(a.status).toBe(0);
      expect(b.stdout.equals(a.stdout)).toBe(true);
      expect(a.stderr.toString()).not.toMatch(STACK_TRACE);
    }
  });

  it('a reader that closes the pipe early (| head) gets no stack trace', () => {
    // `node bin.js check … | head -c 1`: the CLI's stdout is closed after one byte.
    const { spec, evidence } = writeLargeInputs();
    const child = spawnSync('sh', ['-c', `"${process.execPath}" "${cli.bin}" check "${spec}" --evidence "${evidence}" | head -c 1 >/dev/null`], { encoding: 'utf8' });
    expect(child.stderr).not.toMatch(STACK_TRACE);
    expect(child.stderr).not.toContain('EPIPE');
  });
});

describe('init never overwrites without --force', () => {
  const carespec = async (...argv: string[]) => {
    const io = captureIo();
    const code = await run(argv, io);
    return { code, err: io.err };
  };

  it('refuses an existing evidence file or checklist, and replaces them only with --force', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'carespec-init-'));
    try {
      const evidence = path.join(work, 'evidence.yaml');
      const checklist = path.join(work, 'checklist.md');
      writeFileSync(evidence, 'my own evidence\n');
      const refused = await carespec('init', '--spec', fixture('core', 'spec.md'), '--output', evidence);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('already exists; pass --force to replace it');
      expect(readFileSync(evidence, 'utf8')).toBe('my own evidence\n');

      // An existing checklist stops the whole init: the evidence template is not written either.
      rmSync(evidence);
      writeFileSync(checklist, 'my checklist\n');
      const refusedChecklist = await carespec('init', '--spec', fixture('core', 'spec.md'), '--output', evidence, '--checklist', checklist);
      expect(refusedChecklist.code).toBe(2);
      expect(existsSync(evidence)).toBe(false);
      expect(readFileSync(checklist, 'utf8')).toBe('my checklist\n');

      writeFileSync(evidence, 'my own evidence\n');
      const forced = await carespec('init', '--spec', fixture('core', 'spec.md'), '--output', evidence, '--checklist', checklist, '--force');
      expect(forced.code).toBe(0);
      expect(readFileSync(evidence, 'utf8')).toContain('carespec: evidence/1');
      expect(readFileSync(checklist, 'utf8')).not.toBe('my checklist\n');
      expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
