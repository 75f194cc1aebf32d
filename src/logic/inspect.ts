/**
 * Static questions lint asks about an expression without evaluating it. These
 * walkers never throw on unknown operations: lint reports those from compile().
 */
import { childPointer } from './errors.js';
import { containsLogic, DATA_OPERATIONS, isLogic, isStandardOperation, SCOPED_OPERATIONS } from './semantics.js';

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

export interface Visit {
  op: string;
  args: readonly unknown[];
  pointer: string;
  /** Inside a map/filter/reduce/all/none/some body, where data is an element rather than the root. */
  scoped: boolean;
}

/** Visit every operation in document order; `enterBodies` false skips scoped bodies entirely. */
export function walkLogic(logic: unknown, enterBodies: boolean, onOperation: (v: Visit) => void): void {
  visit(logic, enterBodies, onOperation);
}

function visit(logic: unknown, enterBodies: boolean, onOperation: (v: Visit) => void, pointer = '', scoped = false): void {
  if (Array.isArray(logic)) {
    logic.forEach((item, i) => visit(item, enterBodies, onOperation, childPointer(pointer, i), scoped));
    return;
  }
  if (!isLogic(logic)) return;
  const op = Object.keys(logic)[0]!;
  const raw = logic[op];
  const unary = !Array.isArray(raw);
  const args: readonly unknown[] = unary ? [raw] : (raw as unknown[]);
  onOperation({ op, args, pointer, scoped });
  const opPointer = childPointer(pointer, op);
  args.forEach((arg, i) => {
    const body = i === 1 && SCOPED_OPERATIONS.includes(op);
    if (body && !enterBodies) return;
    visit(arg, enterBodies, onOperation, unary ? opPointer : childPointer(opPointer, i), scoped || body);
  });
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
  visit(logic, false, ({ op, args, pointer }) => {
    if (op !== 'var') return;
    const dynamic = containsLogic(args[0]);
    vars.push({ path: dynamic ? '' : pathOf(args[0]), pointer, hasDefault: args.length >= 2, dynamic });
  });
  return vars;
}

/** Every operation, scoped bodies included, in document order. */
export function collectOperations(logic: unknown): OperationUse[] {
  const operations: OperationUse[] = [];
  visit(logic, true, ({ op, pointer }) => operations.push({ op, pointer }));
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
  visit(logic, true, ({ op, scoped }) => {
    if (!isStandardOperation(op) || (!scoped && DATA_OPERATIONS.includes(op))) constant = false;
  });
  return constant;
}
