/**
 * `every_window` rules: the test must hold in every month or quarter of the
 * windowed metrics it reads. The status comes from the windows alone (the
 * whole-period figure is a different number: twelve carers over a quarter is
 * not twelve a month), and the message names the deciding window.
 */
import { truthy, type Evaluator } from '../logic/index.js';
import { walkLogic } from '../logic/walk.js';
import type { JsonObject, JsonValue, Logic, WindowOutcome } from '../model/types.js';
import type { EvaluationContext } from './context.js';

export interface WindowVerdict {
  status: 'pass' | 'fail' | 'not_evidenced';
  windows: WindowOutcome[];
  /** The window the message speaks of: the worst failing one, or on a pass the closest to its threshold. */
  deciding?: WindowOutcome;
  /** What the message names after the rule's own text, e.g. "not met in 2 of 3 months: …". */
  note: string;
}

/** Which way a metric must move to fail: `up` when the test caps it (`metric <= x`), `down` when it is a floor. */
type FailDirection = 'up' | 'down';

const COMPARISONS: Readonly<Record<string, FailDirection>> = { '<': 'up', '<=': 'up', '>': 'down', '>=': 'down' };

/**
 * The direction in which `metrics.<name>` fails the test, read from the first two-operand comparison
 * that has the metric as one side. Undefined when the test does not say (a between, a computed side).
 */
export function failDirection(test: Logic, name: string): FailDirection | undefined {
  let found: FailDirection | undefined;
  walkLogic(test, { enterBodies: false }, ({ op, args }) => {
    if (found !== undefined || !Object.hasOwn(COMPARISONS, op) || args.length !== 2) return;
    const side = args.findIndex((a) => isVarOf(a, `metrics.${name}`));
    if (side < 0) return;
    const direction = COMPARISONS[op]!;
    found = side === 0 ? direction : direction === 'up' ? 'down' : 'up';
  });
  return found;
}

function isVarOf(node: unknown, path: string): boolean {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
  const keys = Object.keys(node);
  if (keys.length !== 1 || keys[0] !== 'var') return false;
  const arg = (node as Record<string, unknown>).var;
  return arg === path || (Array.isArray(arg) && arg[0] === path);
}

/** Each window's outcome, or undefined when none of the metrics the rule read is windowed. */
export function judgeWindows(test: Evaluator, logic: Logic, metricsRead: readonly string[], context: EvaluationContext): WindowVerdict | undefined {
  const windowed = metricsRead
    .map((name) => ({ name, windows: context.windowsOf?.(name) }))
    .filter((m): m is { name: string; windows: readonly { label: string; value: number | null }[] } => m.windows !== undefined && m.windows.length > 0);
  if (windowed.length === 0) return undefined;
  const labels = [...new Set(windowed.flatMap((m) => m.windows.map((w) => w.label)))];
  // Quarter labels are ranges ("2025-04..2025-06"); month labels are single months.
  const unit = labels.some((l) => l.includes('..')) ? 'quarter' : 'month';
  const metrics = context.data.metrics as JsonObject;
  const windows: WindowOutcome[] = labels.map((label) => {
    const values: Record<string, number | null> = {};
    const windowMetrics: Record<string, JsonValue> = { ...metrics };
    let missing = false;
    for (const m of windowed) {
      const value = m.windows.find((w) => w.label === label)?.value ?? null;
      values[m.name] = value;
      if (value === null) {
        missing = true;
        delete windowMetrics[m.name];
      } else windowMetrics[m.name] = value;
    }
    if (missing) return { label, status: 'not_evidenced', values };
    return { label, status: truthy(test({ ...context.data, metrics: windowMetrics })) ? 'pass' : 'fail', values };
  });

  const failed = windows.filter((w) => w.status === 'fail');
  const unevidenced = windows.filter((w) => w.status === 'not_evidenced');
  const key = windowed.find((m) => failDirection(logic, m.name) !== undefined);
  const direction = key ? failDirection(logic, key.name) : undefined;
  const worst = (among: WindowOutcome[]): WindowOutcome | undefined => {
    if (!key || direction === undefined) return among[0];
    // Earliest window wins a tie, so the choice does not depend on anything but the figures.
    return among.reduce<WindowOutcome | undefined>((best, w) => {
      const v = w.values[key.name];
      const b = best?.values[key.name];
      if (v === null || v === undefined) return best;
      if (best === undefined || b === null || b === undefined) return w;
      return (direction === 'up' ? v > b : v < b) ? w : best;
    }, undefined);
  };
  const plural = (n: number) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const show = (w: WindowOutcome) => `${w.label}: ${windowed.map((m) => `${m.name} ${shownValue(w.values[m.name] ?? null)}`).join(', ')}`;
  if (failed.length > 0) {
    const deciding = worst(failed);
    return { status: 'fail', windows, ...(deciding ? { deciding } : {}), note: `not met in ${failed.length} of ${plural(windows.length)}: ${failed.map(show).join('; ')}` };
  }
  if (unevidenced.length > 0) {
    return { status: 'not_evidenced', windows, note: `no data in ${unevidenced.map((w) => w.label).join(', ')}` };
  }
  const deciding = worst(windows);
  return { status: 'pass', windows, ...(deciding ? { deciding } : {}), note: `met in every ${unit} (${windows.length}): ${windows.map(show).join('; ')}` };
}

function shownValue(value: number | null): string {
  if (value === null) return 'no data';
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/** The data a message is filled from: the deciding window's metric values, and `window` as its label. */
export function windowMessageData(data: JsonObject, deciding: WindowOutcome | undefined): JsonObject {
  if (!deciding) return data;
  const metrics: JsonObject = { ...(data.metrics as JsonObject) };
  for (const [name, value] of Object.entries(deciding.values)) if (value !== null) metrics[name] = value;
  return { ...data, metrics, window: deciding.label };
}
