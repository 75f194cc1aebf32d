/**
 * The public data model of carespec. These interfaces mirror the JSON Schemas
 * in `schemas/` (a test keeps the two in step); every phase of the pipeline
 * (load → validate → evaluate → render) speaks in these types.
 */
import type { Readable } from 'node:stream';

import type { Problem } from './diagnostic.js';
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A JSON Logic expression (json-logic-js semantics plus carespec's operations). */
export type Logic = JsonValue;

/** Where something was written: file and 1-based line/column. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * Where each mapping key and list item of one YAML document is written, by JSON pointer
 * (`/rules/0/test`): [line, column], 1-based. A mapping entry points at its key. Kept by the
 * loaders so positions found after loading (assembly, lint, rule tests) need no second parse.
 */
export type PositionMap = Record<string, [number, number]>;

/** The YAML documents of a specification: its front matter, and each rule block with the ids of the rules it defines and uses. */
export interface SpecificationSources {
  front: PositionMap;
  blocks: { positions: PositionMap; rules: string[]; use: string[] }[];
}

export type Severity = 'must' | 'should';

export interface Reference {
  id: string;
  title: string;
  url?: string;
  /** e.g. "section 7.4", "p. 12". */
  locator?: string;
}

// ---------------------------------------------------------------------------
// Parameters: effective-dated, optionally by region (OpenFisca-style)
// ---------------------------------------------------------------------------

export interface ParameterValue {
  /** ISO date from which the value is in force (inclusive). */
  from: string;
  value: number | string | boolean;
  /** When the value was announced, if that differs from `from`. */
  announced?: string;
  /** Reference id or free text naming where the figure comes from. */
  source?: string;
  note?: string;
}

export interface Parameter {
  name: string;
  title: string;
  unit?: string;
  description?: string;
  reference?: string;
  /**
   * Values by region key. `default` applies to any region without its own key
   * (e.g. the UK Real Living Wage is `default`, London has `london`).
   */
  values: Record<string, ParameterValue[]>;
  position?: SourcePosition;
}

/** A parameter as resolved for one date and region: what the report states. */
export interface ResolvedParameter {
  name: string;
  title: string;
  value: number | string | boolean;
  unit?: string;
  /** The region key whose series applied (`default` when none matched). */
  region: string;
  /** Effective date of the value that applied. */
  from: string;
  /** The date the value was resolved for. */
  asOf: string;
  announced?: string;
  source?: string;
  /** True when a specification overrode the library's value. */
  overridden: boolean;
}

// ---------------------------------------------------------------------------
// Facts, datasets and metrics that rules can read
// ---------------------------------------------------------------------------

export type FactType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'enum' | 'percent' | 'list';

export interface FactDeclaration {
  name: string;
  title: string;
  type: FactType;
  unit?: string;
  values?: string[];
  description?: string;
}

export type ColumnType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime' | 'duration' | 'enum';

export interface ColumnDeclaration {
  type: ColumnType;
  required?: boolean;
  values?: string[];
  /** Holds a person's identifier: pseudonymised in reports. */
  identifier?: boolean;
  description?: string;
}

export interface DatasetKind {
  name: string;
  title: string;
  /** Column whose date places a row in the assessment period and its windows. */
  date_column?: string;
  columns: Record<string, ColumnDeclaration>;
  position?: SourcePosition;
}

export type Aggregate = 'count' | 'share' | 'sum' | 'mean' | 'min' | 'max' | 'percentile' | 'distinct_per_group';
export type DistinctStatistic = 'mean' | 'share_above';
export type WindowKind = 'period' | 'month' | 'quarter';

export interface Metric {
  name: string;
  title: string;
  dataset: string;
  aggregate: Aggregate;
  /** Rows in scope (JSON Logic over `row`). */
  where?: Logic;
  /** For `share`: the rows that count towards the numerator. */
  match?: Logic;
  column?: string;
  percentile?: number;
  group_by?: string;
  distinct?: string;
  /**
   * For `distinct_per_group`: `mean` (default) is the mean distinct count per group; `share_above`
   * is the percentage (0–100) of groups whose distinct count is above `threshold`.
   */
  statistic?: DistinctStatistic;
  /** For `statistic: share_above`: a number, or a parameter resolved as of the reference date. */
  threshold?: number | { param: string };
  window?: WindowKind;
  unit?: string;
  position?: SourcePosition;
}

// ---------------------------------------------------------------------------
// Rules, groups and libraries
// ---------------------------------------------------------------------------

export interface RuleExamples {
  /** Each example is a partial evidence context (facts, provider, metrics, …). */
  pass: JsonObject[];
  fail: JsonObject[];
}

export interface PerRecord {
  dataset: string;
  where?: Logic;
  /** Largest share (0–1) of in-scope rows that may fail. Default 0. */
  tolerance?: number;
}

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  /** The clause or standard this rule implements, as the source names it. */
  clause?: string;
  references: string[];
  rationale: string;
  remediation: string;
  applies_when?: Logic;
  /** Evidence paths the rule needs (besides those its `test` reads). */
  requires: string[];
  test: Logic;
  messages: { pass?: string; fail?: string };
  examples: RuleExamples;
  per_record?: PerRecord;
  /** Test every window of the metrics it reads (e.g. every month). */
  every_window?: boolean;
  /** Library (or spec) the rule came from. */
  origin: string;
  position?: SourcePosition;
  /** Where each JSON Logic field was written (`test`, `applies_when`, `per_record.where`), for diagnostics. */
  logicPositions?: Partial<Record<'test' | 'applies_when' | 'per_record.where', SourcePosition>>;
}

export type GroupPolicy = 'all' | 'stages' | 'bands';

export interface Band {
  /** Lower bound, in percent of members passing. */
  min: number;
  label: string;
}

export interface Stage {
  name: string;
  rules: string[];
}

export interface Group {
  id: string;
  title: string;
  policy: GroupPolicy;
  /**
   * For `bands`: what a score is a share of. `members` (default): every member, so a member that
   * does not apply still counts against the score; `applicable`: members that apply.
   */
  denominator?: 'members' | 'applicable';
  /** For `all` and `bands`. */
  rules?: string[];
  /** For `stages` (cumulative). */
  stages?: Stage[];
  /** For `bands`, highest first. */
  bands?: Band[];
  position?: SourcePosition;
}

export interface RuleLibrary {
  id: string;
  title: string;
  version: string;
  description?: string;
  references: Reference[];
  parameters: Parameter[];
  facts: FactDeclaration[];
  datasets: DatasetKind[];
  metrics: Metric[];
  rules: Rule[];
  groups: Group[];
  /** Checks of declared facts against metrics computed from the data (optional). */
  reconcile?: Reconciliation[];
  /** `imports:` as written (resolved against the library's own file when the closure is loaded). */
  imports: ImportRequest[];
  /** Payment definitions a specification may use (`pay:` in a rule block). */
  payments?: PaymentDefinition[];
  /** Where every key of the library file is written. */
  positions?: PositionMap;
  file: string;
  sha256: string;
}

/** One entry of an `imports:` list, as written, with where it is written. */
export interface ImportRequest {
  /** A path relative to the importing file, or `carespec:<library-id>`. */
  written: string;
  position: SourcePosition;
}

/** An import resolved to a file: `shown` is what reports name it (`carespec:wages`, or the display path). */
export interface ResolvedImport extends ImportRequest {
  file: string;
  shown: string;
  /** The library given in memory with its specification (`file` is then its path relative to the specification). */
  content?: string | Uint8Array;
}

/**
 * A declared fact checked against a metric computed from the data (e.g. a
 * declared zero-hours share against the staff file). A mismatch is a
 * `reconciliation` finding, not a rule result.
 */
export interface Reconciliation {
  id: string;
  title: string;
  fact: string;
  metric: string;
  /** Numbers: largest allowed |fact − metric|. Without it and without `test`, a boolean fact must agree with metric > 0. */
  tolerance?: number;
  /** JSON Logic over `{ fact, metric }`; true when they agree. */
  test?: Logic;
  /** Message with {{fact}} and {{metric}}. */
  message?: string;
  severity?: 'error' | 'warning';
  /** Where the entry is, and its fact and metric names (for load errors). */
  position?: SourcePosition;
  factPosition?: SourcePosition;
  metricPosition?: SourcePosition;
}

// ---------------------------------------------------------------------------
// Specifications (markdown with front matter and rule blocks)
// ---------------------------------------------------------------------------

export interface Clause {
  /** e.g. "3.2" taken from the heading, or a slug when unnumbered. */
  id: string;
  title: string;
  depth: number;
  /** Plain text of the clause body (for render and reports). */
  text: string;
  /** Rule ids this clause carries (used or defined here). */
  rules: string[];
  position: SourcePosition;
}

export type VerdictPolicy = 'must' | 'all';

/** Gate checks beyond the policy (docs/formats.md): all optional. */
export interface VerdictGate {
  /** Minimum compliance percentage (see COMPLIANCE_FORMULA in src/evaluate/verdict.ts). */
  min_compliance?: number;
  /** Largest number of failing (or erring) rules allowed, per severity. */
  max_failures?: Partial<Record<Severity, number>>;
  /** When true, a verdict of insufficient evidence is not compliant. */
  insufficient_evidence_fails?: boolean;
}

/** One gate check as judged: its value against its limit. */
export interface GateCheck {
  name: string;
  value: number;
  limit: number;
  passed: boolean;
  description: string;
}

/** A specification's change to one rule: severity, title, remediation; tolerance only for per-record rules. */
export interface Tailoring {
  severity?: Severity;
  title?: string;
  remediation?: string;
  tolerance?: number;
  /** Where the rule's `tailor:` entry is written. */
  position?: SourcePosition;
}

export interface Specification {
  id: string;
  title: string;
  version: string;
  commissioner: string;
  contractPeriod: { start: string; end: string };
  illustrative?: string;
  /** Library files, resolved to absolute paths. */
  imports: string[];
  /** The same imports with how they were written, where, and the name reports give them. */
  importSources: ResolvedImport[];
  parameterOverrides: Parameter[];
  /** `select.include` patterns; undefined when the key is absent (every imported rule is selected). */
  include?: string[];
  exclude: string[];
  verdictPolicy: VerdictPolicy;
  verdictGate?: VerdictGate;
  /** Largest share (0–1) of malformed rows before a dataset is unusable. */
  maxBadRowShare: number;
  clauses: Clause[];
  /** Rules defined in the spec's own rule blocks. */
  rules: Rule[];
  /** Per-rule changes (severity, parameters…) from rule blocks. */
  tailoring: Record<string, Tailoring>;
  /** Metrics defined by the spec's own rule blocks (same shape and checks as a library's). */
  metrics: Metric[];
  groups: Group[];
  /** Facts declared by the spec's own rule blocks, for the rules defined there. */
  facts: FactDeclaration[];
  /** Payments defined in rule blocks (`payments:`) or used from libraries (`pay:`), with their clause. */
  payments?: { defined: PaymentDefinition[]; used: { id: string; position: SourcePosition }[]; clauseOf: Record<string, { id: string; title: string }> };
  /** Invoice to reconcile against the statement (front matter `invoice:`). */
  invoice?: InvoiceDeclaration;
  /** How `carespec portfolio` benchmarks providers (front matter `portfolio:`). */
  portfolio?: PortfolioSettings;
  /** The specification accredits providers (front matter `accreditation:`). */
  accreditation?: { valid_for_months: number };
  /** Where every key of the front matter and the rule blocks is written. */
  sources?: SpecificationSources;
  file: string;
  sha256: string;
}

/** Front matter `portfolio:` (docs/formats.md). */
export interface PortfolioSettings {
  /** Amber margin per metric name, in the metric's unit; `default` for the rest. */
  amber_margin?: Record<string, number>;
  /** Each provider's volume of care, for market shares and concentration. */
  volume?: QuantitySource;
}

// ---------------------------------------------------------------------------
// Evidence manifests
// ---------------------------------------------------------------------------

export interface EvidenceSource {
  document: string;
  locator?: string;
  url?: string;
}

export interface Fact {
  name: string;
  value: JsonValue;
  source?: EvidenceSource;
  position?: SourcePosition;
}

export interface Attestation {
  id: string;
  statement: string;
  signed_by: { name: string; role: string };
  signed_on: string;
  position?: SourcePosition;
}

export interface Waiver {
  rule: string;
  justification: string;
  approved_by: string;
  approved_on: string;
  expires: string;
  position?: SourcePosition;
}

export interface DatasetRef {
  id: string;
  kind: string;
  /**
   * Absolute path, checked to stay inside the manifest's folder; for a manifest given in memory,
   * the path as written, normalised, which `content` holds.
   */
  file: string;
  /** Path as written in the manifest (relative), for reports. */
  path: string;
  /** Mapping profile name or file. */
  profile?: string;
  /** XLSX: the worksheet to read (exact name); overrides the profile's `sheet`. */
  sheet?: string;
  sha256?: string;
  /** The dataset given in memory with its manifest: its bytes, or a stream that is read once. */
  content?: Uint8Array | Readable;
}

export interface Provider {
  name: string;
  region: string;
  cqc_rating?: string;
  [key: string]: JsonValue | undefined;
}

export interface Evidence {
  provider: Provider;
  period: { start: string; end: string };
  facts: Record<string, Fact>;
  attestations: Record<string, Attestation>;
  waivers: Waiver[];
  datasets: DatasetRef[];
  /** Where `provider.region` was written, for diagnostics. */
  regionPosition?: SourcePosition;
  /** Where every key of the manifest is written. */
  positions?: PositionMap;
  file: string;
  sha256: string;
  /**
   * Default pseudonymisation key material: a hash of the manifest's bytes that
   * differs from the published `sha256`, so pseudonyms are reproducible for the
   * same inputs but cannot be recomputed from a report alone.
   */
  pseudonymSeed: string;
  /**
   * The manifest was given in memory: the files beside it (datasets, mapping profiles) by their
   * path relative to it, normalised (`./data/v.csv` is `data/v.csv`). Nothing is then read from disk.
   */
  files?: ReadonlyMap<string, InMemoryContent>;
  /**
   * The manifest was given in memory but its datasets are files on disk, in this folder (absolute):
   * a manifest read from standard input names files beside the current directory.
   */
  datasetsDir?: string;
}

/** A file given in memory: text, bytes, or (for a dataset) a stream, read once. */
export type InMemoryContent = string | Uint8Array | Readable;

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

export type RuleStatus = 'pass' | 'fail' | 'not_evidenced' | 'not_applicable' | 'waived' | 'error';

export interface SeenValue {
  path: string;
  value: JsonValue;
  /** Where the value came from: a fact's source, a dataset file, the manifest. */
  source?: string;
}

export interface WaiverNote {
  rule: string;
  justification: string;
  approved_by: string;
  approved_on: string;
  expires: string;
  status: 'applied' | 'expired' | 'not_yet_approved' | 'unused';
}

export interface RecordFailure {
  file: string;
  line: number;
  values: Record<string, JsonValue>;
}

/** Every failing line of a per-record rule in one file (1-based; the header is line 1). */
export interface FailedLines {
  file: string;
  lines: number[];
}

export interface RuleResult {
  id: string;
  title: string;
  severity: Severity;
  status: RuleStatus;
  message: string;
  /** `line`: the 1-based line of the clause heading in the specification file (added in 1.1; optional). */
  clause: { id: string; title: string; line?: number } | null;
  sourceClause?: string;
  origin: string;
  references: string[];
  remediation: string;
  seen: SeenValue[];
  parameters: ResolvedParameter[];
  /** Evidence paths that were needed but absent (for `not_evidenced`). */
  missing: string[];
  waiver?: WaiverNote;
  error?: string;
  /** Per-record rules: how many rows were checked and failed. */
  /**
   * Per-record rules: rows checked and failed; `failures` details the first failing rows (values
   * read, identifiers pseudonymised), `failedLines` lists every failing line, file by file.
   */
  records?: { checked: number; failed: number; tolerance: number; failures: RecordFailure[]; failedLines: FailedLines[] };
  /**
   * `every_window` rules: the test in each month or quarter, with the windowed metrics' values there.
   * The status comes from these windows; `decidingWindow` is the one the message names (the worst
   * failing window, or on a pass the window closest to the threshold).
   */
  windows?: WindowOutcome[];
  decidingWindow?: string;
  /** Where the rule is defined: its library or specification file (as in `inputs`) and 1-based line. */
  definedAt?: { file: string; line: number };
  /**
   * sha256 of the rule's definition (test, applicability, per-record scope, windows, severity, the
   * definitions of the metrics it reads) and its resolved parameters: `carespec diff` marks a rule
   * whose hash changed between two runs as "method changed" (src/compare/definition-hash.ts).
   */
  definitionHash?: string;
}

export interface WindowOutcome {
  /** "2025-04" for a month, "2025-04..2025-06" for a quarter. */
  label: string;
  status: 'pass' | 'fail' | 'not_evidenced';
  /** The windowed metrics' values in this window (null: no rows in scope). */
  values: Record<string, number | null>;
}

/** A metric computed from the datasets: its value over the period and in each window. */
export interface MetricResult {
  name: string;
  title: string;
  dataset: string;
  aggregate: Aggregate;
  /** The window kind of `windows` (`period`: no windows). */
  window: WindowKind;
  unit?: string;
  /** Over the whole assessment period; null when it could not be computed (see `reason`). */
  value: number | null;
  windows: { label: string; value: number | null }[];
  /** The files and rows it came from. */
  source: string;
  reason?: string;
}

/** A group member's status, or `not_selected` when the specification did not select it. */
export type MemberStatus = RuleStatus | 'not_selected';

/**
 * One rung of a stage ladder, judged on its own members: `met` (every member passes),
 * `met_with_waiver` / `met_not_applicable` (some member is waived or does not apply: named),
 * `not_met` (a member fails or errs), `not_evidenced`, or `not_assessed` (a member was not selected).
 * `attained` is cumulative: this stage and every stage before it are met.
 */
export interface StageResult {
  name: string;
  status: 'met' | 'met_with_waiver' | 'met_not_applicable' | 'not_met' | 'not_evidenced' | 'not_assessed';
  attained: boolean;
  /** The members that decided a status other than `met`, with their statuses. */
  because: { id: string; status: MemberStatus }[];
}

export interface GroupResult {
  id: string;
  title: string;
  policy: GroupPolicy;
  /** e.g. "stage 2 of 3 attained; …", "£0.60 an hour (60%, 3 of 5 passed)", "all 4 met". */
  outcome: string;
  attained: boolean;
  /** False when a member was not selected by the specification: the roll-up cannot be judged. */
  assessed: boolean;
  stage?: { attained: number; of: number };
  stages?: StageResult[];
  score?: number;
  /** For bands: passing members over the denominator (see Group.denominator). */
  met?: number;
  of?: number;
  band?: string;
  members: { id: string; status: MemberStatus }[];
}

/**
 * A finding about the evidence itself rather than a rule: malformed rows, contradictions, coverage.
 * It is a Problem (one shape for everything carespec reports) with the dataset and rows concerned.
 */
export interface Finding extends Problem {
  kind: 'data_quality' | 'sufficiency' | 'reconciliation';
  /** Dataset id from the manifest, when the finding is about one. */
  dataset?: string;
  /** How many rows are concerned, and the first line numbers (1-based; the header is line 1). */
  count?: number;
  lines?: number[];
}

export type Verdict = 'compliant' | 'not_compliant' | 'insufficient_evidence';

export interface InputHash {
  role: 'specification' | 'library' | 'evidence' | 'dataset' | 'profile' | 'pool-basis';
  path: string;
  sha256: string;
}

export interface CheckResult {
  schemaVersion: '2.0';
  engine: { name: 'carespec'; version: string };
  generatedAt?: string;
  spec: { id: string; title: string; version: string; commissioner: string; file: string };
  provider: { name: string; region: string };
  period: { start: string; end: string };
  asOf: string;
  verdict: Verdict;
  verdictPolicy: VerdictPolicy;
  /** What decided the verdict, in words. */
  verdictReason: string;
  /** The specification's gate checks, when it sets a gate. */
  gate?: GateCheck[];
  counts: Record<RuleStatus, number>;
  groups: GroupResult[];
  rules: RuleResult[];
  /** Every metric the datasets gave, by name, with its value per window. */
  metrics: MetricResult[];
  /** Warnings about the run (a should-rule failing, a waiver not applied, a fact nothing reads), each a Problem. */
  warnings: Problem[];
  findings: Finding[];
  inputs: InputHash[];
  /** The payment statement, when the specification defines payments (issue #15). */
  payments?: PaymentStatement;
}

// ---------------------------------------------------------------------------
// Contract payments (issue #15): definitions (payments/1) and the statement
// ---------------------------------------------------------------------------

/** Money as written in a rule library or specification: a number or a decimal string ("17.50"), or a parameter. */
export type MoneyInput = number | string | { param: string };
/** A count, threshold or percentage: a number or a parameter. */
export type NumberInput = number | string | { param: string };

/** Where a quantity comes from: a metric (per window when the metric is windowed) or a declared fact. */
export type QuantitySource = { metric: string } | { fact: string };

/** How each line's amount is rounded to the penny. */
export type RoundingMode = 'half_up' | 'half_even' | 'down';

export interface InvoiceDeclaration {
  hours?: QuantitySource;
  amount?: { fact: string };
  /** Hours delivered, to compare with the invoiced hours. */
  delivered?: QuantitySource;
  tolerance: { hours?: number; amount?: MoneyInput };
  position?: SourcePosition;
}

export type PaymentType = 'rate' | 'tiered' | 'banded' | 'uplift' | 'gain_share' | 'credit' | 'pool';

export interface Tier {
  /** Upper bound of the band in the quantity's unit; absent on the last (open) band. */
  up_to?: NumberInput;
  rate: MoneyInput;
}

export interface VolumeBand {
  /** The band applies when the quantity is at least this (the first band starts at 0). */
  min: NumberInput;
  rate: MoneyInput;
}

export interface PaymentDefinition {
  id: string;
  title: string;
  type: PaymentType;
  description?: string;
  /** Rounding of each line's amount to the penny (declared, never assumed). */
  rounding: RoundingMode;
  /** `month`: one calculation per calendar month of the period; `period` (default): one for the period. */
  per?: 'month' | 'period';
  /** Hours (rate, tiered, banded, uplift), or a measure (credit shortfall, pool). */
  quantity?: QuantitySource;
  rate?: MoneyInput;
  tiers?: Tier[];
  bands?: VolumeBand[];
  /** uplift: outcome rules, each earning `rate` per unit of quantity when it passes; credit: KPI rules. */
  rules?: string[];
  /** credit: the deduction for each KPI missed. */
  amount?: MoneyInput;
  /** credit: statuses that count as missed (default fail and not_evidenced). */
  missed_when?: RuleStatus[];
  /** credit: a deduction per unit of `quantity` below `threshold`. */
  threshold?: NumberInput;
  per_unit?: MoneyInput;
  /** credit: the most that can be deducted in the period. */
  cap?: MoneyInput;
  /** gain_share: the care-packages dataset kind, and the window (days from each package's start). */
  dataset?: string;
  window_days?: NumberInput;
  /** pool: the fund, a fixed amount or a percentage of a base (a money value or the pool basis file's `base`). */
  pool?: { amount?: MoneyInput; percent?: NumberInput; of?: MoneyInput | 'basis' };
  position?: SourcePosition;
}

/** The pool basis file (`carespec: pool-basis/1`): every provider's measure, given to `check --pool-basis`. */
export interface PoolBasis {
  pool: string;
  period: { start: string; end: string };
  base?: string;
  measure: string;
  providers: { name: string; measure?: string; share?: string; position?: SourcePosition }[];
  file: string;
  sha256: string;
}

/** One step of a calculation: quantity × rate = amount, a band, an outcome earned, a credit, a cap, a share. */
export interface PaymentLine {
  /** "2025-04" for a month, "period" for the whole assessment period. */
  window: string;
  step: string;
  quantity?: string;
  unit?: string;
  rate?: string;
  /**
   * Signed (credits are negative), a decimal string in pounds with two places. Lines with an
   * amount add up to the payment's amount; lines without one state a step (a band boundary, the
   * size of a pool, another provider's share).
   */
  amount?: string;
  /** A rule whose status decided the line (uplift, credit). */
  rule?: string;
  status?: RuleStatus;
}

export interface PaymentResult {
  id: string;
  title: string;
  type: PaymentType;
  clause: { id: string; title: string } | null;
  /** `computed`, or why it could not be: `not_evidenced` (a quantity is absent) or `error` (bad value). */
  status: 'computed' | 'not_evidenced' | 'error';
  reason?: string;
  rounding: RoundingMode;
  /** Signed total of the lines; null when not computed. */
  amount: string | null;
  /** Subtotal per window ("2025-04", … or "period"). */
  windows: { label: string; amount: string }[];
  lines: PaymentLine[];
  parameters: ResolvedParameter[];
}

export interface InvoiceCheck {
  status: 'agrees' | 'differs' | 'not_evidenced';
  lines: { item: 'hours' | 'amount'; invoiced: string | null; computed: string | null; difference: string | null; tolerance: string; agrees: boolean | null }[];
  reason?: string;
}

export interface PaymentStatement {
  format: 'payments/1';
  currency: 'GBP';
  /** The sum of every payment's amount; null when a payment could not be computed (never a partial total). */
  total: string | null;
  status: 'complete' | 'incomplete';
  /** Totals per window across payments. */
  windows: { label: string; amount: string }[];
  payments: PaymentResult[];
  /** Every parameter a payment used, with its date and source. */
  parameters: ResolvedParameter[];
  invoice?: InvoiceCheck;
  poolBasis?: { file: string; sha256: string };
}
