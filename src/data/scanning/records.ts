/**
 * Per-record rules: the rule's compiled `test` runs on every in-scope row with
 * the context `{ row, provider, period, facts, attestations }`. The context
 * object is built once per file and `row` is the file's reused row object, so
 * a row costs two evaluator calls and no allocation. Only a FAILING row is
 * evaluated a second time, with a tracer, to learn which columns the test
 * read, and the row's identifier columns: those values (identifiers
 * pseudonymised) go into the failure.
 */
import { truthy, type Evaluator, type Tracer } from '../../logic/index.js';
import type { JsonObject, JsonPrimitive, JsonValue, ResolvedParameter } from '../../model/types.js';
import type { RecordOutcome } from '../../evaluate/context.js';
import type { Row } from '../reading/columns.js';
import { fresh } from '../judgements/aggregate.js';
import { LineList, type LineListState } from './line-list.js';
import { addResolved } from '../../runtime/parameters.js';

export interface RecordRunnerOptions {
  ruleId: string;
  where?: Evaluator;
  test: Evaluator;
  /** Identifier columns of the dataset kind. */
  identifiers: ReadonlySet<string>;
  /**
   * Failures kept with their values; every failure is still counted. Bounded so a
   * 5-million-row export with a systematic failure cannot exhaust memory or the report.
   */
  maxFailures: number;
  /** Turns an identifier into its pseudonym; undefined shows identifiers as they are. */
  pseudonymise?: (value: JsonPrimitive) => JsonPrimitive;
  /** Filled by the rule's own runtime as rows resolve parameters (one entry per value that applied). */
  parametersUsed?: ResolvedParameter[];
}

/** A runner's outcome over part of a file (structured-clonable; see parallel.ts). */
export interface RunnerState {
  checked: number;
  failed: number;
  failures: RecordOutcome['failures'];
  failedLines: LineListState;
  parameters: ResolvedParameter[];
  error: string | undefined;
}

export class RecordRunner {
  checked = 0;
  failed = 0;
  readonly failures: RecordOutcome['failures'] = [];
  private readonly failedLines = new LineList();
  error: string | undefined;
  private context: JsonObject & { row: Row } = { row: {} };
  private file = '';

  constructor(private readonly options: RecordRunnerOptions) {}

  get ruleId(): string {
    return this.options.ruleId;
  }

  /** A new file: its relative path for failures, its row object, and the evidence around it. */
  startFile(file: string, row: Row, base: JsonObject): void {
    this.file = file;
    this.context = { ...base, row };
  }

  add(line: number): void {
    if (this.error !== undefined) return;
    const { where, test } = this.options;
    const context = this.context;
    try {
      if (where !== undefined && !truthy(where(context))) return;
      this.checked++;
      if (truthy(test(context))) return;
      this.recordFailure(line);
    } catch (e) {
      this.error = this.errorOn(line, e);
    }
  }

  /** A row that the generated step (kernel.ts) has already counted as checked and found failing. */
  addFailure(line: number): void {
    try {
      this.recordFailure(line);
    } catch (e) {
      this.error = this.errorOn(line, e);
    }
  }

  private recordFailure(line: number): void {
    this.failed++;
    this.failedLines.add(this.file, line);
    if (this.failures.length < this.options.maxFailures) this.failures.push({ file: this.file, line, values: this.valuesRead(this.context) });
  }

  private errorOn(line: number, e: unknown): string {
    return `rule ${this.options.ruleId} could not be evaluated on ${this.file} line ${line}: ${e instanceof Error ? e.message : String(e)}`;
  }

  private valuesRead(context: JsonObject & { row: Row }): Record<string, JsonValue> {
    const values: Record<string, JsonValue> = {};
    const { identifiers, pseudonymise } = this.options;
    const tracer: Tracer = {
      read(path) {
        if (!path.startsWith('row.')) return;
        const column = path.slice(4);
        if (Object.hasOwn(values, column) || !Object.hasOwn(context.row, column)) return;
        const value = context.row[column] ?? null;
        values[column] = identifiers.has(column) && pseudonymise ? pseudonymise(value) : typeof value === 'string' ? fresh(value) : value;
      },
    };
    this.options.test(context, tracer);
    // Say whose row failed (a client or worker id, pseudonymised unless asked otherwise), not only what it held.
    for (const column of identifiers) {
      if (Object.hasOwn(values, column) || !Object.hasOwn(context.row, column)) continue;
      const value = context.row[column] ?? null;
      if (value !== null) values[column] = pseudonymise ? pseudonymise(value) : typeof value === 'string' ? fresh(value) : value;
    }
    return values;
  }

  snapshot(): RunnerState {
    return { checked: this.checked, failed: this.failed, failures: this.failures, failedLines: this.failedLines.snapshot(), parameters: this.parameters(), error: this.error };
  }

  /**
   * Fold in a later part of the file, as if its rows had been added here: a part run WITHOUT a
   * pseudonymiser kept identifier values as they are, and this runner's pseudonymiser is applied
   * now (the same function of the same values). After an error nothing more is counted, as in one pass.
   */
  merge(part: RunnerState): void {
    if (this.error !== undefined) return;
    this.checked += part.checked;
    this.failed += part.failed;
    this.failedLines.append(part.failedLines);
    if (this.options.parametersUsed) for (const parameter of part.parameters) addResolved(this.options.parametersUsed, parameter);
    const { identifiers, pseudonymise, maxFailures } = this.options;
    for (const failure of part.failures) {
      if (this.failures.length >= maxFailures) break;
      if (pseudonymise) {
        for (const column of Object.keys(failure.values)) {
          if (identifiers.has(column)) failure.values[column] = pseudonymise(failure.values[column] as JsonPrimitive);
        }
      }
      this.failures.push(failure);
    }
    this.error = part.error;
  }

  outcome(source: string): RecordOutcome {
    if (this.error !== undefined) return { checked: this.checked, failed: this.failed, failures: [], error: this.error, source };
    return { checked: this.checked, failed: this.failed, failures: this.failures, failedLines: this.failedLines.toJSON(), parameters: this.parameters(), source };
  }

  /** The parameter values the rows resolved, in a stable order (parts of a file may meet them in any order). */
  private parameters(): ResolvedParameter[] {
    return [...(this.options.parametersUsed ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  }
}
