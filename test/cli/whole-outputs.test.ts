/**
 * Outputs are whole (issue #11, class 5): under a file-size limit (`ulimit -f`) the kernel lets a write stop
 * short; the CLI, run as a real child process, must exit 2 and keep the previous report, never print
 * "report written" over a truncated file.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers.js';

const BIN = path.join(ROOT, 'src', 'cli', 'bin.ts');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

function underFileSizeLimit(blocks: number, args: string[], cwd: string) {
  // bash's `ulimit -f` counts 1,024-byte blocks: 1 stops every file at 1 KiB, far below a report's size.
  const command = `ulimit -f ${blocks}; exec "${process.execPath}" --import "${TSX}" "${BIN}" ${args.map((a) => `"${a}"`).join(' ')}`;
  return spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8', env: { ...process.env, CARESPEC_DEBUG: '' }, timeout: 60_000 });
}

describe('writes under a file-size limit', () => {
  it('exits 2 and keeps the previous report when the report would be cut short', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-efbig-'));
    cpSync(path.join(ROOT, 'test', 'corpus', 'base'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'report.md'), 'previous report\n');
    const child = underFileSizeLimit(1, ['check', 'spec.md', '--evidence', 'evidence.yaml', '--output', 'report.md'], dir);
    expect(child.signal, child.stderr).toBeNull();
    expect(child.status, child.stderr).toBe(2);
    expect(child.stderr).toContain('Cannot write report.md: EFBIG');
    expect(child.stderr).not.toContain('report written');
    expect(readFileSync(path.join(dir, 'report.md'), 'utf8')).toBe('previous report\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes the whole report when the limit allows it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carespec-efbig-'));
    cpSync(path.join(ROOT, 'test', 'corpus', 'base'), dir, { recursive: true });
    const child = underFileSizeLimit(1024, ['check', 'spec.md', '--evidence', 'evidence.yaml', '--output', 'report.md'], dir);
    expect(child.status, child.stderr).toBe(0);
    const report = readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(report.length).toBeGreaterThan(1024);
    expect(report).toContain('## All clauses');
  });
});
