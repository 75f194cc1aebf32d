/**
 * Walk a JSON Logic expression and say where each operation sits, as a path of
 * YAML keys and list indexes under the field that holds the logic. Lint uses
 * the paths to point at the exact line of an unknown variable or operation.
 * (src/logic/inspect.ts answers "which vars / ops"; this answers "where".)
 */
import type { Logic } from '../model/types.js';

export type LogicPath = readonly (string | number)[];

export interface OperationAt {
  op: string;
  args: readonly unknown[];
  path: LogicPath;
  /** True inside the body of map/filter/reduce/all/none/some, where `var` reads an element, not the evidence. */
  scoped: boolean;
}

export interface VarAt {
  /** The dotted path read, e.g. `facts.cqc_rating`. */
  name: string;
  path: LogicPath;
  hasDefault: boolean;
}

export interface ParamAt {
  name: string;
  /** A constant date given as the second argument, if any. */
  date?: string;
  path: LogicPath;
}

const SCOPED = new Set(['filter', 'map', 'reduce', 'all', 'none', 'some']);

function isOperation(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
}

/** Every operation in the expression, outermost first. */
export function operationsIn(logic: Logic | undefined): OperationAt[] {
  const found: OperationAt[] = [];
  const visit = (node: unknown, path: LogicPath, scoped: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i], scoped));
      return;
    }
    if (!isOperation(node)) return;
    const op = Object.keys(node)[0]!;
    const raw = node[op];
    const args = Array.isArray(raw) ? raw : [raw];
    found.push({ op, args, path, scoped });
    const argPath = (i: number): LogicPath => (Array.isArray(raw) ? [...path, op, i] : [...path, op]);
    args.forEach((arg, i) => visit(arg, argPath(i), scoped || (SCOPED.has(op) && i >= 1)));
  };
  visit(logic, [], false);
  return found;
}

/** The evidence paths an expression reads at its root (`var`, `missing`, `missing_some` with constant paths). */
export function varsIn(logic: Logic | undefined): VarAt[] {
  const vars: VarAt[] = [];
  for (const use of operationsIn(logic)) {
    if (use.scoped) continue;
    if (use.op === 'var') {
      const [name, fallback] = use.args;
      if (typeof name === 'string' && name !== '') vars.push({ name, path: use.path, hasDefault: use.args.length > 1 && fallback !== undefined });
    } else if (use.op === 'missing') {
      const names = use.args.length === 1 && Array.isArray(use.args[0]) ? (use.args[0] as unknown[]) : use.args;
      for (const name of names) if (typeof name === 'string') vars.push({ name, path: use.path, hasDefault: true });
    } else if (use.op === 'missing_some') {
      const names = use.args[1];
      if (Array.isArray(names)) for (const name of names) if (typeof name === 'string') vars.push({ name, path: use.path, hasDefault: true });
    }
  }
  return vars;
}

/** The parameters an expression resolves with `{"param": name}` or `{"param": [name, date]}`. */
export function paramsIn(logic: Logic | undefined): ParamAt[] {
  const params: ParamAt[] = [];
  for (const use of operationsIn(logic)) {
    if (use.op !== 'param') continue;
    const [name, date] = use.args;
    if (typeof name !== 'string') continue;
    params.push({ name, path: use.path, ...(typeof date === 'string' ? { date } : {}) });
  }
  return params;
}

/** `{{path}}` placeholders in a message template. */
export function templatePaths(template: string | undefined): string[] {
  if (!template) return [];
  return [...template.matchAll(/\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g)].map((m) => m[1]!);
}
