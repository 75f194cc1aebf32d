/**
 * In-memory inputs (issue #13): a portal passes an uploaded manifest and its exports as text,
 * bytes or streams, with no temporary file, and gets exactly the check the same files give.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { check, checkEvidence, preparePlan, type Diagnostic, type InMemoryContent } from '../../src/index.js';
import { renderJson } from '../../src/render/json.js';
import { bundledExamples, edit, fixture, repoFile, scratchCopy } from '../helpers.js';

const bundles = bundledExamples;

/** The name a path-based check gives a file: relative to the working directory when inside it, with `/`. */
const shown = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return (relative.startsWith('..') ? file : relative).split(path.sep).join('/');
};

/** Every file under `folder` but the manifest, keyed by its path relative to the folder. */
function filesUnder(folder: string, as: (bytes: Buffer, key: string) => InMemoryContent): Map<string, InMemoryContent> {
  const files = new Map<string, InMemoryContent>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name !== 'evidence.yaml' && name !== 'pool-basis.yaml') {
        const key = path.relative(folder, file).split(path.sep).join('/');
        files.set(key, as(readFileSync(file), key));
      }
    }
  };
  walk(folder);
  return files;
}

/** A stream that gives the bytes in odd-sized pieces, so records and UTF-8 characters straddle chunks. */
const trickle = (bytes: Buffer) => Readable.from(Array.from({ length: Math.ceil(bytes.length / 7919) }, (_, i) => bytes.subarray(i * 7919, (i + 1) * 7919)));

/** The specification in memory, with every bundled library it may import by relative path. */
function specInMemory(spec: string) {
  const files: Record<string, Buffer> = {};
  for (const name of readdirSync(repoFile('rules'))) files[`../rules/${name}`] = readFileSync(repoFile('rules', name));
  return { name: shown(spec), content: readFileSync(spec, 'utf8'), files };
}

const byFile = async (b: ReturnType<typeof bundles>[number]) => {
  const result = await check(b.spec, path.join(b.folder, 'evidence.yaml'), b.poolBasis ? { poolBasis: b.poolBasis } : {});
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return renderJson(result.value);
};

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

describe('checks from memory give the JSON the same files give', () => {
  const all = bundles();
  it('finds every bundled example', () => expect(all.length).toBeGreaterThanOrEqual(14));

  it.each(all)('$name: manifest text and dataset Buffers', async (b) => {
    const manifest = path.join(b.folder, 'evidence.yaml');
    const result = await check(b.spec, { name: shown(manifest), content: readFileSync(manifest, 'utf8'), files: filesUnder(b.folder, (bytes) => bytes) }, b.poolBasis ? { poolBasis: { name: shown(b.poolBasis), content: readFileSync(b.poolBasis) } } : {});
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(renderJson(result.value)).toBe(await byFile(b));
  });

  it.each(all)('$name: everything in memory, every CSV a Readable stream, the specification and its libraries too', async (b) => {
    const manifest = path.join(b.folder, 'evidence.yaml');
    const files = Object.fromEntries(filesUnder(b.folder, (bytes) => trickle(bytes)));
    const result = await check(specInMemory(b.spec), { name: shown(manifest), content: readFileSync(manifest), files }, b.poolBasis ? { poolBasis: { name: shown(b.poolBasis), content: readFileSync(b.poolBasis, 'utf8') } } : {});
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(renderJson(result.value)).toBe(await byFile(b));
  });

  it('a plan from an in-memory specification checks in-memory evidence as one from the file does', async () => {
    const b = all.find((x) => x.name === 'ethical-care-homecare-bnes/partial')!;
    const plan = preparePlan(specInMemory(b.spec));
    if (!plan.ok) throw new Error(JSON.stringify(plan.diagnostics));
    const manifest = path.join(b.folder, 'evidence.yaml');
    const result = await checkEvidence(plan.value, { name: shown(manifest), content: readFileSync(manifest, 'utf8'), files: filesUnder(b.folder, (bytes) => bytes.toString('utf8')) });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(renderJson(result.value)).toBe(await byFile(b));
  });
});

describe('datasets named by an in-memory manifest', () => {
  const spec = fixture('data', 'spec.md');
  const manifest = readFileSync(fixture('data', 'evidence.yaml'), 'utf8');
  const data = () => ({ 'data/visits.csv': readFileSync(fixture('data', 'data', 'visits.csv')), 'data/staff.csv': readFileSync(fixture('data', 'data', 'staff.csv')) });

  it('a dataset missing from the files is an error at its line, with the nearest name given', async () => {
    const { 'data/visits.csv': visits, ...rest } = data();
    const result = await check(spec, { name: 'upload/evidence.yaml', content: manifest, files: { ...rest, 'data/visit.csv': visits } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'evidence/missing-file', file: 'upload/evidence.yaml', line: 8, field: 'datasets.0.file', message: expect.stringContaining('"data/visits.csv" is not among the files given with the manifest (did you mean "data/visit.csv"?)') })]);
  });

  it('reads the datasets from a folder on disk only when told which (datasetsFrom), as the file beside them would', async () => {
    const fromDisk = await check(spec, { name: 'evidence.yaml', content: manifest, datasetsFrom: path.dirname(fixture('data', 'evidence.yaml')) });
    const fromFile = await check(spec, fixture('data', 'evidence.yaml'));
    if (!fromDisk.ok || !fromFile.ok) throw new Error('both load');
    const strip = (json: string) => json.replace(/"path": "[^"]*evidence\.yaml"/g, '"path": "manifest"');
    expect(strip(renderJson(fromDisk.value))).toBe(strip(renderJson(fromFile.value)));
    // Both places at once would leave the reader guessing which one a path means: refused.
    const both = await check(spec, { name: 'evidence.yaml', content: manifest, datasetsFrom: '.', files: data() });
    expect(both.ok).toBe(false);
    if (!both.ok) expect(codes(both.diagnostics)).toEqual(['evidence/source']);
  });

  it('names the files given when none is near', async () => {
    const result = await check(spec, { name: 'evidence.yaml', content: manifest, files: { 'data/staff.csv': data()['data/staff.csv'] } });
    expect(result.ok || result.diagnostics[0]!.message).toContain('given: "data/staff.csv"');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a manifest naming "%s" finds no inherited value', async (name) => {
    const files = Object.assign(Object.create({ [name]: Buffer.from('x\n') }) as Record<string, InMemoryContent>, data());
    const result = await check(spec, { name: 'evidence.yaml', content: manifest.replace('file: data/visits.csv', `file: ${name}`), files });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: 'evidence/missing-file', field: 'datasets.0.file', message: expect.stringContaining(`"${name}" is not among the files given`) })]);
  });

  it('a file given under its own key "__proto__" (as JSON.parse makes it) is that file, and nothing else is', async () => {
    const files = JSON.parse(JSON.stringify({ __proto__: 'ignored' })) as Record<string, string>;
    expect(Object.keys(files)).toEqual([]); // the literal set the prototype, not a key
    const own = JSON.parse(`{"__proto__": ${JSON.stringify(data()['data/visits.csv'].toString('utf8'))}, "data/staff.csv": ${JSON.stringify(data()['data/staff.csv'].toString('utf8'))}}`) as Record<string, string>;
    expect(Object.keys(own)).toContain('__proto__');
    const result = await check(spec, { name: 'evidence.yaml', content: manifest.replace('file: data/visits.csv', 'file: __proto__'), files: own });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.value.inputs).toContainEqual(expect.objectContaining({ role: 'dataset', path: '__proto__' }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses paths that are absolute or leave the manifest\'s folder, as for files', async () => {
    for (const [written, words] of [['/etc/passwd', 'Unexpected absolute path'], ['../visits.csv', 'leaves the manifest\'s folder'], ['data/../../visits.csv', 'leaves the manifest\'s folder']] as const) {
      const result = await check(spec, { name: 'evidence.yaml', content: manifest.replace('file: data/visits.csv', `file: ${written}`), files: data() });
      expect(result.ok || result.diagnostics).toEqual([expect.objectContaining({ code: 'evidence/path', message: expect.stringContaining(words) })]);
    }
  });

  it('reads ./data/visits.csv from the file given as data/visits.csv', async () => {
    const result = await check(spec, { name: 'evidence.yaml', content: manifest.replace('file: data/visits.csv', 'file: ./data/visits.csv'), files: data() });
    expect(result.ok).toBe(true);
  });

  it('reports malformed rows of a CSV Buffer by line, as from the file', async () => {
    const dir = scratchCopy(fixture('data'));
    const visits = path.join(dir, 'data', 'visits.csv');
    const lines = readFileSync(visits, 'utf8').split('\n');
    lines.splice(3, 0, 'V90,C1,K1,2025-04-03T08:00,thirty,30,0,completed,telephony', '"V91"x,C1,K1,2025-04-03T09:00,30,30,0,completed,telephony');
    writeFileSync(visits, lines.join('\n'));
    const fromFile = await check(path.join(dir, 'spec.md'), path.join(dir, 'evidence.yaml'));
    const fromMemory = await check(path.join(dir, 'spec.md'), { name: shown(path.join(dir, 'evidence.yaml')), content: readFileSync(path.join(dir, 'evidence.yaml')), files: { 'data/visits.csv': readFileSync(visits), 'data/staff.csv': trickle(readFileSync(path.join(dir, 'data', 'staff.csv'))) } });
    if (!fromFile.ok || !fromMemory.ok) throw new Error('check failed');
    expect(renderJson(fromMemory.value)).toBe(renderJson(fromFile.value));
    const quality = fromMemory.value.findings.filter((f) => f.kind === 'data_quality' && f.file === 'data/visits.csv');
    expect(quality.flatMap((f) => f.lines ?? [])).toEqual(expect.arrayContaining([4, 5]));
  });

  it('refuses a record over 1 MiB in memory as in a file: the dataset is not used', async () => {
    const huge = Buffer.concat([data()['data/visits.csv'], Buffer.from(`"${'x'.repeat(1024 * 1024 + 10)}\n`)]);
    const result = await check(spec, { name: 'evidence.yaml', content: manifest, files: { ...data(), 'data/visits.csv': huge } });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.value.findings).toContainEqual(expect.objectContaining({ message: expect.stringContaining('longer than 1,048,576 characters') }));
  });

  it('reads a workbook given as bytes, hashing the same bytes', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Visits');
    for (const row of readFileSync(fixture('data', 'data', 'visits.csv'), 'utf8').trim().split('\n')) sheet.addRow(row.split(','));
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const dir = scratchCopy(fixture('data'));
    writeFileSync(path.join(dir, 'data', 'visits.xlsx'), bytes);
    edit(path.join(dir, 'evidence.yaml'), 'file: data/visits.csv', 'file: data/visits.xlsx');
    const fromFile = await check(spec, path.join(dir, 'evidence.yaml'));
    const files = { 'data/visits.xlsx': bytes, 'data/staff.csv': data()['data/staff.csv'] };
    const fromMemory = await check(spec, { name: shown(path.join(dir, 'evidence.yaml')), content: readFileSync(path.join(dir, 'evidence.yaml')), files });
    if (!fromFile.ok || !fromMemory.ok) throw new Error('check failed');
    expect(fromMemory.value.inputs).toContainEqual(expect.objectContaining({ path: 'data/visits.xlsx', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    expect(renderJson(fromMemory.value)).toBe(renderJson(fromFile.value));
    const streamed = await check(spec, { name: shown(path.join(dir, 'evidence.yaml')), content: readFileSync(path.join(dir, 'evidence.yaml')), files: { ...files, 'data/visits.xlsx': trickle(bytes) } });
    expect(streamed.ok && renderJson(streamed.value)).toBe(renderJson(fromFile.value));
  });

  it('reads a mapping profile named by path from the files given, never from disk', async () => {
    const profile = 'carespec: profile/1\nid: mine\ntitle: Mine\n';
    const withProfile = manifest.replace('profile: generic', 'profile: profiles/mine.yaml');
    const found = await check(spec, { name: 'evidence.yaml', content: withProfile, files: { ...data(), 'profiles/mine.yaml': profile } });
    if (!found.ok) throw new Error(JSON.stringify(found.diagnostics));
    expect(found.value.inputs).toContainEqual(expect.objectContaining({ role: 'profile', path: 'profiles/mine.yaml' }));
    const missing = await check(spec, { name: 'evidence.yaml', content: withProfile, files: { ...data(), 'profiles/mein.yaml': profile } });
    expect(missing.ok || missing.diagnostics[0]).toMatchObject({ file: 'evidence.yaml', field: 'datasets.0.profile', message: expect.stringContaining('(did you mean "profiles/mein.yaml"?)') });
  });

  it('reads a stream once: a stream already read, or named by two datasets, is refused', async () => {
    const used = Readable.from([data()['data/visits.csv']]);
    for await (const _ of used) void _;
    const again = await check(spec, { name: 'evidence.yaml', content: manifest, files: { ...data(), 'data/visits.csv': used } });
    expect(again.ok || codes(again.diagnostics)).toEqual(['evidence/stream']);
    const shared = Readable.from([data()['data/visits.csv']]);
    const twice = manifest.replace('file: data/staff.csv', 'file: data/also.csv');
    const both = await check(spec, { name: 'evidence.yaml', content: twice, files: { ...data(), 'data/visits.csv': shared, 'data/also.csv': shared } });
    expect(both.ok || both.diagnostics[0]!.message).toContain('a stream is read once');
  });

  it('a stream that fails part-way makes its dataset unusable, as an unreadable file does, and the check still returns', async () => {
    const failing = new Readable({
      read() {
        this.push(data()['data/visits.csv'].subarray(0, 200));
        this.destroy(new Error('upload aborted'));
      },
    });
    const result = await check(spec, { name: 'evidence.yaml', content: manifest, files: { ...data(), 'data/visits.csv': failing } });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.value.findings).toContainEqual(expect.objectContaining({ message: expect.stringContaining('data/visits.csv could not be read: upload aborted') }));
    expect(result.value.inputs.filter((i) => i.role === 'dataset').map((i) => i.path)).toEqual(['data/staff.csv']);
  });

  it('diagnoses an in-memory manifest by its name, line and column, within the same limits as a file', async () => {
    const bad = await check(spec, { name: 'upload.yaml', content: manifest.replace('region: london', 'region: london, region: leeds') });
    expect(bad.ok || bad.diagnostics[0]).toMatchObject({ code: 'yaml/duplicate-key', file: 'upload.yaml', line: 2 });
    const large = await check(spec, { name: 'upload.yaml', content: `${manifest}#${'x'.repeat(5 * 1024 * 1024)}\n` });
    expect(large.ok || codes(large.diagnostics)).toEqual(['file/too-large']);
    const utf16 = await check(spec, { name: 'upload.yaml', content: Buffer.from(manifest, 'utf16le') });
    expect(utf16.ok || codes(utf16.diagnostics)).toEqual(['file/encoding']);
    const wrong = await check(spec, { name: 'upload.yaml', content: 42 } as unknown as { name: string; content: string });
    expect(wrong.ok || wrong.diagnostics[0]).toMatchObject({ code: 'input/invalid', file: 'upload.yaml' });
    const notAFile = await check(spec, { name: 'upload.yaml', content: manifest, files: { 'data/visits.csv': 7 } as unknown as Record<string, string> });
    expect(notAFile.ok || notAFile.diagnostics[0]!.message).toContain('for file "data/visits.csv"');
  });
});

describe('a specification in memory', () => {
  const text = readFileSync(fixture('data', 'spec.md'), 'utf8');
  const library = readFileSync(fixture('data', 'library.yaml'));
  const importLine = 'imports: [library.yaml]';

  it('finds its relative imports among the files given, and bundled ones by id', () => {
    expect(text).toContain(importLine);
    const plan = preparePlan({ name: 'specs/spec.md', content: text, files: { 'library.yaml': library } });
    if (!plan.ok) throw new Error(JSON.stringify(plan.diagnostics));
    expect(plan.value.libraries.map((l) => l.file)).toContain('specs/library.yaml');
  });

  it('names an import that is not among the files given, at its line, with the nearest name', () => {
    const plan = preparePlan({ name: 'spec.md', content: text, files: { 'librari.yaml': library } });
    expect(plan.ok || plan.diagnostics[0]).toMatchObject({ code: 'import/missing-file', file: 'spec.md', field: 'imports.0', message: expect.stringContaining('(did you mean "librari.yaml"?)') });
    expect(plan.ok || plan.diagnostics[0]!.line).toBeGreaterThan(0);
  });

  it('never reads an import from disk', () => {
    const absolute = preparePlan({ name: 'spec.md', content: text.replace(importLine, `imports: [${JSON.stringify(fixture('data', 'library.yaml'))}]`) });
    expect(absolute.ok || codes(absolute.diagnostics)).toEqual(['import/path']);
    const beside = preparePlan({ name: fixture('data', 'spec.md'), content: text });
    expect(beside.ok || codes(beside.diagnostics)).toEqual(['import/missing-file']);
  });
});
