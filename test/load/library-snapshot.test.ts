/**
 * Prebuilt snapshots of the bundled rule libraries (src/load/library-snapshot.ts): a library loaded
 * from its snapshot must be exactly the library the YAML path builds, seen from any directory, and
 * anything that does not match must fall back to that path.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES_DIR, writeLibrarySnapshots } from '../../src/build/library-snapshots.js';
import { displayPath, readTextFile, type TextFile } from '../../src/load/files.js';
import { loadLibrary, parseLibrary } from '../../src/load/library.js';
import { readLibrarySnapshot, snapshotFile } from '../../src/load/library-snapshot.js';
import { ROOT } from '../helpers.js';

const libraries = readdirSync(RULES_DIR).filter((name) => name.endsWith('.yaml')).map((name) => path.join(RULES_DIR, name));
const read = (file: string): TextFile => {
  const outcome = readTextFile(file);
  if (!outcome.ok) throw new Error(`cannot read ${file}`);
  return outcome.value;
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'carespec-snapshots-'));
  const report = writeLibrarySnapshots(RULES_DIR, dir);
  expect(report.skipped).toEqual([]);
  expect(report.written).toHaveLength(libraries.length);
});

describe('rule library snapshots', () => {
  it('give the model the YAML path gives, with positions shown from the current directory', () => {
    for (const file of libraries) {
      const text = read(file);
      for (const cwd of [ROOT, path.join(ROOT, 'test', 'load'), tmpdir()]) {
        const shown = displayPath(file, cwd);
        const parsed = parseLibrary(text, shown);
        if (!parsed.ok) throw new Error(`${file} does not load`);
        expect(readLibrarySnapshot(text.sha256, shown, dir), `${file} from ${cwd}`).toStrictEqual(parsed.value);
      }
      expect(loadLibrary(file, dir)).toStrictEqual(loadLibrary(file, path.join(dir, 'none')));
    }
  });

  it('are not used when the version, the loader, the hash or the file does not match', () => {
    const file = libraries[0]!;
    const { sha256 } = read(file);
    const target = snapshotFile(dir, sha256);
    const good = readFileSync(target, 'utf8');
    const edited = (from: RegExp, to: string) => {
      const text = good.replace(from, to);
      expect(text).not.toBe(good);
      writeFileSync(target, text);
      return readLibrarySnapshot(sha256, 'x.yaml', dir);
    };
    try {
      expect(readLibrarySnapshot(sha256, 'x.yaml', dir)).toBeDefined();
      expect(edited(/"carespec":"[^"]*"/, '"carespec":"0.0.0-other"')).toBeUndefined();
      expect(edited(/"loader":"[^"]*"/, '"loader":"other"')).toBeUndefined();
      expect(edited(/"sha256":"[^"]*"/, `"sha256":"${'0'.repeat(64)}"`)).toBeUndefined();
      expect(edited(/\}\s*$/, '')).toBeUndefined();
      expect(readLibrarySnapshot('f'.repeat(64), 'x.yaml', dir)).toBeUndefined();
    } finally {
      writeFileSync(target, good);
    }
  });

  it('load without the YAML parser or ajv', () => {
    // A fresh process: this one has loaded both already.
    const script = [
      "import { createRequire } from 'node:module';",
      `const { loadLibrary } = await import(${JSON.stringify(path.join(ROOT, 'src', 'load', 'library.ts'))});`,
      `for (const file of ${JSON.stringify(libraries)}) if (!loadLibrary(file, ${JSON.stringify(dir)}).ok) throw new Error(file);`,
      'const loaded = Object.keys(createRequire(import.meta.url).cache);',
      "console.log(JSON.stringify(loaded.filter((m) => /node_modules[\\\\/](yaml|ajv)[\\\\/]/.test(m))));",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual([]);
  });
});
