/** Load a rule library: read → (a prebuilt snapshot, or strict YAML → schema → model). */
import type { Outcome } from '../model/diagnostic.js';
import type { JsonValue, RuleLibrary } from '../model/types.js';
import { validateAgainst } from './schema.js';
import type { Reconciliation } from '../model/types.js';
import { displayPath, readTextFile, textFromBytes, type TextFile } from './files.js';
import { bytesOf } from './memory.js';
import { isRealDate } from './dates.js';
import { readLibrarySnapshot, SNAPSHOT_DIR } from './library-snapshot.js';
import { asList, asRaw, parameterDateDiagnostics, positionOf, requiresDiagnostics, toDatasetKind, toFact, toGroup, toMetric, toParameter, toRule } from './rule.js';
import { parseYaml, type YamlFile, type YamlPath } from './yaml.js';
import { paymentDiagnostics, toPayment } from '../payments/load.js';

/**
 * `snapshots`: where prebuilt models of libraries are looked up by the sha256 of the file's bytes.
 * `shown`: the name diagnostics and reports give the file (`carespec:wages` for a bundled import).
 */
export function loadLibrary(file: string, snapshots: string = SNAPSHOT_DIR, shown: string = displayPath(file)): Outcome<RuleLibrary> {
  const read = readTextFile(file);
  if (!read.ok) return shown === displayPath(file) ? read : { ok: false, diagnostics: read.diagnostics.map((d) => ({ ...d, file: shown })) };
  return libraryFromText(read.value, shown, snapshots);
}

/** A library given in memory with its specification, read as its file would be (a bundled library's bytes find its snapshot). */
export function loadGivenLibrary(content: string | Uint8Array, shown: string, snapshots: string = SNAPSHOT_DIR): Outcome<RuleLibrary> {
  const read = textFromBytes(shown, bytesOf(content));
  return read.ok ? libraryFromText(read.value, shown, snapshots) : read;
}

function libraryFromText(read: TextFile, shown: string, snapshots: string): Outcome<RuleLibrary> {
  const snapshot = readLibrarySnapshot(read.sha256, shown, snapshots);
  return snapshot ? { ok: true, value: snapshot, warnings: [] } : parseLibrary(read, shown);
}

/** The normal path: `shown` is the path diagnostics and source positions name. */
export function parseLibrary(read: TextFile, shown: string): Outcome<RuleLibrary> {
  const parsed = parseYaml(read.text, shown);
  if (!parsed.ok) return parsed;
  const yaml = parsed.value;
  const errors = validateAgainst('rule-library', yaml);
  if (errors.length === 0) errors.push(...parameterDateDiagnostics(yaml, asRaw(yaml.value).parameters, isRealDate), ...requiresDiagnostics(yaml, asRaw(yaml.value).rules), ...paymentDiagnostics(yaml, asRaw(yaml.value).payments, ['payments']));
  if (errors.length > 0) return { ok: false, diagnostics: errors };

  const raw = asRaw(yaml.value);
  const entries = (key: string) => Object.entries(asRaw(raw[key])) as [string, JsonValue][];
  const id = String(raw.id);
  return {
    ok: true,
    warnings: [],
    value: {
      id,
      title: String(raw.title),
      version: String(raw.version),
      ...(raw.description === undefined ? {} : { description: String(raw.description) }),
      references: asList(raw.references).map((r) => {
        const ref = asRaw(r);
        return {
          id: String(ref.id),
          title: String(ref.title),
          ...(ref.url === undefined ? {} : { url: String(ref.url) }),
          ...(ref.locator === undefined ? {} : { locator: String(ref.locator) }),
        };
      }),
      parameters: entries('parameters').map(([name, p]) => toParameter(name, asRaw(p), yaml, ['parameters', name])),
      facts: entries('facts').map(([name, f]) => toFact(name, asRaw(f))),
      datasets: entries('datasets').map(([name, d]) => toDatasetKind(name, asRaw(d), yaml, ['datasets', name])),
      metrics: entries('metrics').map(([name, m]) => toMetric(name, asRaw(m), yaml, ['metrics', name])),
      rules: asList(raw.rules).map((r, i) => toRule(asRaw(r), id, yaml, ['rules', i])),
      groups: asList(raw.groups).map((g, i) => toGroup(asRaw(g), yaml, ['groups', i])),
      ...(raw.payments === undefined ? {} : { payments: asList(raw.payments).map((p, i) => toPayment(asRaw(p), yaml, ['payments', i])) }),
      ...(raw.reconcile === undefined ? {} : { reconcile: asList(raw.reconcile).map((r, i) => toReconciliation(asRaw(r), yaml, ['reconcile', i])) }),
      imports: asList(raw.imports).map((written, i) => ({ written: String(written), position: positionOf(yaml, ['imports', i]) })),
      positions: yaml.positions(),
      file: shown,
      sha256: read.sha256,
    },
  };
}

/** A `reconcile:` entry (schema-validated above); read by src/data/reconcile.ts. */
function toReconciliation(raw: Record<string, unknown>, yaml: YamlFile, path: YamlPath): Reconciliation {
  return {
    position: positionOf(yaml, path),
    factPosition: positionOf(yaml, [...path, 'fact']),
    metricPosition: positionOf(yaml, [...path, 'metric']),
    id: String(raw.id),
    title: String(raw.title),
    fact: String(raw.fact),
    metric: String(raw.metric),
    ...(typeof raw.tolerance === 'number' ? { tolerance: raw.tolerance } : {}),
    ...(raw.test === undefined ? {} : { test: raw.test as NonNullable<Reconciliation['test']> }),
    ...(typeof raw.message === 'string' ? { message: raw.message } : {}),
    ...(raw.severity === 'error' || raw.severity === 'warning' ? { severity: raw.severity } : {}),
  };
}
