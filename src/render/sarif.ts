/**
 * SARIF 2.1.0 for GitHub code scanning. One result per independently fixable problem (SARIF
 * §3.27.12): each failing row of a per-record rule is its own result at its CSV line; any other
 * failing, erring, unevidenced or waived rule is one result at the specification line of the
 * clause that uses it. Passing and not-applicable rules give no result. Within GitHub's limits:
 * at most 25,000 results (kept by level when there are more), one location each, 10 tags a rule.
 */
import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { CheckResult, Finding, RuleResult } from '../model/types.js';
import { datasetPath, failedRows, findingPlace, rulePlace, type Place } from './locations.js';
import { STATUS_WORDS } from './words.js';

/** GitHub code scanning: results accepted per run. */
export const SARIF_MAX_RESULTS = 25_000;
/** GitHub code scanning: tags shown per rule. */
export const SARIF_MAX_TAGS = 10;
const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const FINGERPRINT = 'carespec/v1';

type Level = 'error' | 'warning' | 'note';
const LEVEL_RANK: Record<Level, number> = { error: 0, warning: 1, note: 2 };

function levelOf(rule: RuleResult): Level | undefined {
  switch (rule.status) {
    case 'fail':
    case 'error':
      return rule.severity === 'must' ? 'error' : 'warning';
    case 'not_evidenced':
      return 'warning';
    case 'waived':
      return 'note';
    default:
      return undefined;
  }
}

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');

/** A relative path is a URI reference relative to the repository root; an absolute one becomes a file URI. */
function uri(file: string): string {
  const encoded = encodeURI(file).replace(/[?#]/g, encodeURIComponent);
  return file.startsWith('/') ? `file://${encoded}` : encoded;
}

function location(place: Place) {
  return { physicalLocation: { artifactLocation: { uri: uri(place.file) }, region: { startLine: Math.max(1, place.line) } } };
}

function descriptor(rule: RuleResult): ReportingDescriptor {
  const tags = ['carespec', rule.severity, rule.origin, ...(rule.clause ? [`clause-${rule.clause.id}`] : [])].slice(0, SARIF_MAX_TAGS);
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.sourceClause ? `${rule.title} (${rule.sourceClause})` : rule.title },
    help: { text: rule.remediation },
    defaultConfiguration: { level: rule.severity === 'must' ? 'error' : 'warning' },
    properties: {
      tags,
      severity: rule.severity,
      origin: rule.origin,
      references: rule.references,
      ...(rule.clause ? { clause: `${rule.clause.id} ${rule.clause.title}` } : {}),
    },
  };
}

const FINDING_RULES: Record<Finding['kind'], { id: string; title: string }> = {
  data_quality: { id: 'carespec/data-quality', title: 'Dataset rows that could not be read as declared' },
  sufficiency: { id: 'carespec/sufficiency', title: 'Evidence that does not cover the assessment period' },
  reconciliation: { id: 'carespec/reconciliation', title: 'A declared fact the data contradicts' },
};

function ruleResults(result: CheckResult, rule: RuleResult, ruleIndex: number): Result[] {
  const level = levelOf(rule);
  if (!level) return [];
  const status = STATUS_WORDS[rule.status];
  const clausePlace = rulePlace(result, rule);
  const rows = rule.status === 'fail' || rule.status === 'waived' ? failedRows(result, rule) : [];
  const common = { ruleId: rule.id, ruleIndex, level, ...(rule.waiver ? { properties: { waiver: rule.waiver.status, justification: rule.waiver.justification } } : {}) };
  if (rows.length > 0) {
    return rows.map(
      (row): Result => ({
        ...common,
        message: { text: `${rule.title}: line ${row.line} of ${row.file} ${rule.status === 'waived' ? 'fails (waived)' : 'fails'}. ${rule.message}` },
        locations: [location(row)],
        relatedLocations: [{ id: 1, ...location(clausePlace), message: { text: 'the clause that uses this rule' } }],
        partialFingerprints: { [FINGERPRINT]: hash(rule.id, row.file, String(row.line)) },
      }),
    );
  }
  const text = rule.status === 'error' && rule.error ? `${rule.title} (${status}): ${rule.error}` : `${rule.title} (${status}): ${rule.message}`;
  return [
    {
      ...common,
      message: { text: rule.status === 'not_evidenced' && rule.missing.length > 0 ? `${text} Supply: ${rule.missing.join(', ')}.` : text },
      locations: [location(clausePlace)],
      // The clause line is not part of the fingerprint: editing the specification above it must not open a new alert.
      partialFingerprints: { [FINGERPRINT]: hash(rule.id, clausePlace.file) },
    },
  ];
}

/**
 * A finding has no id: its fingerprint is its kind, place and wording with the figures taken out
 * (the figures change from run to run; the words name the check), numbered among equals.
 */
function findingFingerprints(result: CheckResult): string[] {
  const seen = new Map<string, number>();
  return result.findings.map((f) => {
    const key = [f.kind, f.dataset ?? '', f.file ?? '', f.message.replace(/[0-9][0-9.,]*/g, '#')].join('\u0000');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return hash(key, String(n));
  });
}

function findingResult(result: CheckResult, finding: Finding, ruleIndex: number, fingerprint: string): Result {
  const place = findingPlace(result, finding);
  const level: Level = finding.severity === 'info' ? 'note' : finding.severity;
  return {
    ruleId: FINDING_RULES[finding.kind].id,
    ruleIndex,
    level,
    message: { text: finding.message },
    locations: [location(place)],
    partialFingerprints: { [FINGERPRINT]: fingerprint },
  };
}

export function renderSarif(result: CheckResult): string {
  const rules = result.rules.map(descriptor);
  const findingKinds = [...new Set(result.findings.map((f) => f.kind))].sort();
  const findingIndex = new Map(findingKinds.map((kind, i) => [kind, rules.length + i]));
  for (const kind of findingKinds) {
    rules.push({ id: FINDING_RULES[kind].id, name: FINDING_RULES[kind].id, shortDescription: { text: FINDING_RULES[kind].title }, defaultConfiguration: { level: 'warning' }, properties: { tags: ['carespec', 'evidence'] } });
  }
  const findingPrints = findingFingerprints(result);
  const all = [
    ...result.rules.flatMap((rule, i) => ruleResults(result, rule, i)),
    ...result.findings.map((finding, i) => findingResult(result, finding, findingIndex.get(finding.kind)!, findingPrints[i]!)),
  ];
  // Over the limit, keep errors before warnings before notes (stable within a level).
  const kept =
    all.length <= SARIF_MAX_RESULTS
      ? all
      : all
          .map((r, i) => ({ r, i }))
          .sort((a, b) => LEVEL_RANK[a.r.level as Level] - LEVEL_RANK[b.r.level as Level] || a.i - b.i)
          .slice(0, SARIF_MAX_RESULTS)
          .sort((a, b) => a.i - b.i)
          .map(({ r }) => r);
  const log: Log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'carespec', version: result.engine.version, semanticVersion: result.engine.version, rules } },
        automationDetails: { id: `carespec/${result.spec.id}/` },
        invocations: [
          {
            executionSuccessful: true,
            ...(kept.length < all.length
              ? { toolExecutionNotifications: [{ level: 'warning', message: { text: `${all.length - kept.length} of ${all.length} results left out: GitHub accepts at most ${SARIF_MAX_RESULTS} a run (errors kept first). The JSON report has every one.` } }] }
              : {}),
          },
        ],
        results: kept,
        properties: {
          verdict: result.verdict,
          specification: `${result.spec.id} ${result.spec.version}`,
          provider: result.provider.name,
          period: `${result.period.start}..${result.period.end}`,
          ...(kept.length < all.length ? { resultsLeftOut: all.length - kept.length } : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
