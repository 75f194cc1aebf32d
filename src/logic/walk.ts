/**
 * The one traversal of a JSON Logic expression without evaluating it: what the
 * operands of an operation are, where each sits (as YAML keys and indexes and
 * as a JSON pointer), and which are scoped bodies (the body of
 * map/filter/reduce/all/none/some, where `var` reads an element, not the
 * root data). Inspect, lint, assembly, specialisation and evaluation all walk
 * logic through here, so these rules live in one place. Unknown operations are
 * walked like any other: compile() is what reports them.
 */
import { childPointer } from './errors.js';
import { isLogic, SCOPED_OPERATIONS } from './semantics.js';

/** Keys and list indexes from the expression's root, as written in YAML (`['and', 0, 'var']`). */
export type LogicPath = readonly (string | number)[];

export interface Visit {
  op: string;
  /** The operands as json-logic-js sees them: a single non-array operand is wrapped in an array. */
  args: readonly unknown[];
  path: LogicPath;
  /** JSON pointer to the operation's object (RFC 6901). */
  pointer: string;
  /** Inside a scoped body, where data is an element rather than the root. */
  scoped: boolean;
}

/** Whether operand `i` of `op` is a scoped body: only the second operand, whose data is each element. */
export function isScopedBody(op: string, i: number): boolean {
  return i === 1 && SCOPED_OPERATIONS.includes(op);
}

export interface Operands {
  op: string;
  /** `{"op": x}` with x not an array is shorthand for `{"op": [x]}`. */
  args: readonly unknown[];
  /** Where operand `i` is written under the operation: at the key itself for the shorthand. */
  at(i: number): readonly (string | number)[];
  /** The JSON pointer of operand `i`, given the operation's. */
  pointerOf(pointer: string, i: number): string;
}

/** The operands of an operation (an object with one key; see semantics.ts isLogic) and where each is written. */
export function operandsOf(logic: Record<string, unknown>): Operands {
  const op = Object.keys(logic)[0]!;
  const raw = logic[op];
  const unary = !Array.isArray(raw);
  const at = (i: number): readonly (string | number)[] => (unary ? [op] : [op, i]);
  return { op, args: unary ? [raw] : raw, at, pointerOf: (pointer, i) => at(i).reduce<string>(childPointer, pointer) };
}

export interface WalkOptions {
  /** False skips scoped bodies entirely (default true). */
  enterBodies?: boolean;
}

/** Visit every operation in document order, outermost first. */
export function walkLogic(logic: unknown, options: WalkOptions, onOperation: (visit: Visit) => void): void {
  const enterBodies = options.enterBodies ?? true;
  const visit = (node: unknown, path: LogicPath, pointer: string, scoped: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i], childPointer(pointer, i), scoped));
      return;
    }
    if (!isLogic(node)) return;
    const { op, args, at, pointerOf } = operandsOf(node);
    onOperation({ op, args, path, pointer, scoped });
    args.forEach((arg, i) => {
      const body = isScopedBody(op, i);
      if (body && !enterBodies) return;
      visit(arg, [...path, ...at(i)], pointerOf(pointer, i), scoped || body);
    });
  };
  visit(logic, [], '', false);
}

/**
 * A copy of the expression with some operations replaced: `replace` returns the
 * new value for an operation, or undefined to keep it and rewrite its operands.
 * Literals (anything that is not an operation or an array) are kept as they are.
 */
export function mapLogic(logic: unknown, replace: (visit: Visit) => unknown): unknown {
  const map = (node: unknown, path: LogicPath, pointer: string, scoped: boolean): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => map(item, [...path, i], childPointer(pointer, i), scoped));
    if (!isLogic(node)) return node;
    const { op, args, at, pointerOf } = operandsOf(node);
    const replaced = replace({ op, args, path, pointer, scoped });
    if (replaced !== undefined) return replaced;
    const mapped = args.map((arg, i) => map(arg, [...path, ...at(i)], pointerOf(pointer, i), scoped || isScopedBody(op, i)));
    return { [op]: Array.isArray(node[op]) ? mapped : mapped[0] };
  };
  return map(logic, [], '', false);
}
