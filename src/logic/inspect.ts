/**
 * Static questions lint, assembly and evaluation ask about an expression
 * without evaluating it, all answered through walk.ts's one traversal. They
 * never throw on unknown operations: compile() reports those.
 */
import { containsLogic, DATA_OPERATIONS, isStandardOperation } from './semantics.js';
import { walkLogic as walk, type LogicPath, type Visit } from './walk.js';

export interface VarUse {
  /** The dotted path; `""` for the whole data and for a path computed at run time. */
  path: string;
  /** JSON pointer to the `var` operation. */
  pointer: string;
  hasDefault: boolean;
  /** The path is itself logic, so it is only known at run time. */
  dynamic: boolean;
}

export interface OperationUse {
  op: string;
  /** JSON pointer to the operation's object. */
  pointer: string;
}

function pathOf(arg: unknown): string {
  if (arg === undefined || arg === null || arg === '') return '';
  try {
    return String(arg);
  } catch {
    return '';
  }
}

/** The `var`s that read the root data (not those inside scoped bodies, which read an element). */
export function collectVars(logic: unknown): VarUse[] {
  const vars: VarUse[] = [];
  walk(logic, { enterBodies: false }, ({ op, args, pointer }) => {
    if (op !== 'var') return;
    const dynamic = containsLogic(args[0]);
    vars.push({ path: dynamic ? '' : pathOf(args[0]), pointer, hasDefault: args.length >= 2, dynamic });
  });
  return vars;
}

/** Every operation, scoped bodies included, in document order. */
export function collectOperations(logic: unknown): OperationUse[] {
  const operations: OperationUse[] = [];
  walk(logic, {}, ({ op, pointer }) => operations.push({ op, pointer }));
  return operations;
}

/**
 * Whether the expression gives the same value for any data: it reads nothing
 * from the root data and uses only standard operations (custom ones such as
 * `param` read run-time state). Reads inside a scoped body only see elements
 * of a list, which is then itself constant.
 */
export function isConstant(logic: unknown): boolean {
  let constant = true;
  walk(logic, {}, ({ op, scoped }) => {
    if (!isStandardOperation(op) || (!scoped && DATA_OPERATIONS.includes(op))) constant = false;
  });
  return constant;
}

/** Where a path the expression reads is written, for lint and assembly to point at. */
export interface VarAt {
  /** The dotted path read, e.g. `facts.cqc_rating`. */
  name: string;
  /** Where the reading operation is, as YAML keys and indexes under the field holding the logic. */
  path: LogicPath;
  hasDefault: boolean;
}

export interface ParamAt {
  name: string;
  /** A constant date given as the second argument, if any. */
  date?: string;
  path: LogicPath;
}

/** Every operation in the expression, outermost first, scoped bodies included. */
export function operationsIn(logic: unknown): Visit[] {
  const found: Visit[] = [];
  walk(logic, {}, (v) => found.push(v));
  return found;
}

/** The evidence paths an expression reads at its root with a constant path (`var`, `missing`, `missing_some`). */
export function varsIn(logic: unknown): VarAt[] {
  const vars: VarAt[] = [];
  walk(logic, {}, (use) => {
    if (use.scoped) return;
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
  });
  return vars;
}

/** The parameters an expression resolves with `{"param": name}` or `{"param": [name, date]}`. */
export function paramsIn(logic: unknown): ParamAt[] {
  const params: ParamAt[] = [];
  walk(logic, {}, (use) => {
    if (use.op !== 'param') return;
    const [name, date] = use.args;
    if (typeof name !== 'string') return;
    params.push({ name, path: use.path, ...(typeof date === 'string' ? { date } : {}) });
  });
  return params;
}
