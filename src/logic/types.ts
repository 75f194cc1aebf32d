/** Public types of the JSON Logic evaluator, kept apart so every module can share them without cycles. */

/** A compiled expression: evaluate it against one data object, optionally reporting root `var` reads. */
export type Evaluator = (data: unknown, tracer?: Tracer) => unknown;

/**
 * Told about every `var` evaluated against the root data (never inside
 * map/filter/reduce/all/none/some bodies, whose data is an element). carespec
 * uses it to mark a rule `not_evidenced` when a fact it reads is absent.
 */
export interface Tracer {
  read(path: string, value: unknown, found: boolean, hasDefault: boolean): void;
}

/** A carespec operation: arguments arrive already evaluated, like json-logic-js `add_operation`. */
export type CustomOperation = (args: unknown[], data: unknown) => unknown;

export interface CompileOptions {
  operations?: Readonly<Record<string, CustomOperation>>;
  /** Deepest nesting of operations and arrays allowed (default 64). */
  maxDepth?: number;
  /** Most values (operations, arrays, literals) one expression may hold (default 10 000). */
  maxNodes?: number;
}

/** Internal closure shape: the tracer is passed explicitly, and `undefined` inside scoped bodies. */
export type Fn = (data: unknown, tracer: Tracer | undefined) => unknown;
