/**
 * JSON Logic → JavaScript source, for the pure, total subset that per-row
 * predicates are made of: `var` of a known column, primitive literals,
 * comparisons, `!`, `!!`, `and`, `or`, `if`/`?:` and `in` against a literal
 * list or string. The data path (src/data/kernel.ts) splices these
 * expressions into one generated function per dataset kind, so a row's
 * predicates and aggregator updates run as straight-line code instead of a
 * tree of closure calls.
 *
 * Safety: the only text taken from a rule is a literal's VALUE, and it enters
 * the source as `JSON.stringify(value)` (a string literal; JSON is a subset of
 * JavaScript) or as a finite number. Column names enter the same way
 * (`row["name"]`). Operation names, paths and everything else select one of
 * the fixed templates below. Anything outside the subset returns undefined and
 * the caller keeps the closure evaluator (compile.ts) for it.
 *
 * Semantics: within the subset every value is a JSON primitive (a column
 * value, a literal, or null), never undefined, an array or an object. For
 * such values JavaScript's `&&`, `||`, `!`, `==`, `<` … compute exactly what
 * json-logic-js computes, and no expression can throw or have an effect, so
 * evaluation order and json-logic-js's eager evaluation of arguments do not
 * matter. The differential test (test/logic/codegen.test.ts) holds this to
 * json-logic-js on random expressions and rows.
 */
import { isLogic } from './semantics.js';

/** A JavaScript expression, and whether it always yields true or false. */
export interface Source {
  readonly code: string;
  readonly boolean: boolean;
}

/**
 * How a `var` path reads: the JavaScript expression for a column that is
 * always present (`row["status"]`), `absent` for a path that can never be
 * found (its default applies), or undefined when the path is outside the subset.
 */
export type VarScope = (path: string) => { code: string } | 'absent' | undefined;

/** A JavaScript literal for a JSON primitive, or undefined for anything else (arrays, objects, non-finite numbers). */
export function literal(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) return undefined;
      return Object.is(value, -0) ? '(-0)' : `(${String(value)})`;
    case 'string':
      return JSON.stringify(value);
    default:
      return undefined;
  }
}

const COMPARISONS: ReadonlySet<string> = new Set(['==', '===', '!=', '!==', '<', '<=', '>', '>=']);
/** Limits the size of one generated expression (a rule's logic is already bounded by compile()'s maxNodes). */
const MAX_NODES = 2000;

/**
 * Names for temporaries (`_t0`, `_t1`, …), unique within one generated function, which must
 * declare every name the pool handed out (`declared()`).
 */
export class TempPool {
  private count = 0;
  next(): string {
    return `_t${this.count++}`;
  }
  declared(): string {
    return this.count === 0 ? '' : `let ${Array.from({ length: this.count }, (_, i) => `_t${i}`).join(', ')};`;
  }
}

/** The JavaScript for `logic`, or undefined if any part of it is outside the subset. */
export function toSource(logic: unknown, scope: VarScope, temps: TempPool): Source | undefined {
  let nodes = 0;
  const temp = () => temps.next();

  const walk = (node: unknown): Source | undefined => {
    if (++nodes > MAX_NODES) return undefined;
    if (!isLogic(node)) {
      const code = literal(node);
      return code === undefined ? undefined : { code, boolean: typeof node === 'boolean' };
    }
    const op = Object.keys(node)[0]!;
    const raw = (node as Record<string, unknown>)[op];
    if (op === 'var') return readVar(raw);
    // json-logic-js wraps a single non-array argument in an array.
    const args = Array.isArray(raw) ? raw : [raw];
    if (op === 'in') return inLiteral(args);
    const sources: Source[] = [];
    for (const arg of args) {
      const source = walk(arg);
      if (!source) return undefined;
      sources.push(source);
    }
    const [a, b, c] = sources;
    if (COMPARISONS.has(op)) {
      if (!a || !b) return undefined;
      // json-logic-js's "<" and "<=" with three arguments test a < b < c; every other comparison reads two.
      if (c && (op === '<' || op === '<=')) {
        const t = temp();
        return { code: `(${t} = ${b.code}, ${a.code} ${op} ${t} && ${t} ${op} ${c.code})`, boolean: true };
      }
      return { code: `(${a.code} ${op} ${b.code})`, boolean: true };
    }
    switch (op) {
      case '!':
        return a ? { code: `(!${a.code})`, boolean: true } : undefined;
      case '!!':
        return a ? { code: `(!!${a.code})`, boolean: true } : undefined;
      case 'and':
      case 'or':
        // Empty and/or yield undefined in json-logic-js: outside the subset.
        if (sources.length === 0) return undefined;
        return { code: `(${sources.map((s) => s.code).join(op === 'and' ? ' && ' : ' || ')})`, boolean: sources.every((s) => s.boolean) };
      case 'if':
      case '?:': {
        if (sources.length === 0) return undefined;
        // if(c1, v1, c2, v2, …, else): the first truthy condition's value, else the last odd argument, else null.
        let code = sources.length % 2 === 1 ? sources[sources.length - 1]!.code : 'null';
        let boolean = sources.length % 2 === 1 ? sources[sources.length - 1]!.boolean : false;
        for (let i = sources.length - (sources.length % 2 === 1 ? 3 : 2); i >= 0; i -= 2) {
          code = `(${sources[i]!.code} ? ${sources[i + 1]!.code} : ${code})`;
          boolean = boolean && sources[i + 1]!.boolean;
        }
        return { code, boolean };
      }
      default:
        return undefined;
    }
  };

  /** `{"var": path}` or `{"var": [path, default]}` with a literal path and a primitive default. */
  const readVar = (raw: unknown): Source | undefined => {
    if (Array.isArray(raw) && raw.length > 2) return undefined;
    const [path, fallback] = Array.isArray(raw) ? raw : [raw];
    if (typeof path !== 'string' && typeof path !== 'number') return undefined;
    // json-logic-js evaluates a default even when the path is found: only a literal one is inside the subset.
    const fallbackCode = literal(fallback === undefined ? null : fallback);
    if (fallbackCode === undefined) return undefined;
    const text = String(path);
    if (text === '') return undefined; // the whole data object
    const read = scope(text);
    if (read === undefined) return undefined;
    if (read !== 'absent') return { code: read.code, boolean: false };
    // Never found: json-logic-js gives the default, or null without one.
    return { code: fallbackCode, boolean: typeof fallback === 'boolean' };
  };

  /** `in` with a literal haystack: a list of primitives (strict equality, as indexOf) or a string (indexOf on text). */
  const inLiteral = (args: readonly unknown[]): Source | undefined => {
    const [needleLogic, haystack] = args;
    const needle = walk(needleLogic);
    if (!needle) return undefined;
    for (const extra of args.slice(2)) if (!walk(extra)) return undefined;
    if (typeof haystack === 'string') {
      const code = literal(haystack)!;
      // json-logic-js: a falsy haystack ("") gives false before indexOf is asked.
      return haystack === '' ? { code: 'false', boolean: true } : { code: `(${code}.indexOf(${needle.code}) !== -1)`, boolean: true };
    }
    if (!Array.isArray(haystack)) return undefined;
    const items: string[] = [];
    for (const item of haystack) {
      // An operation inside the list would be evaluated; a nested array compares by identity: both outside the subset.
      if (isLogic(item)) return undefined;
      const code = literal(item);
      if (code === undefined) return undefined;
      items.push(code);
    }
    if (items.length === 0) return { code: 'false', boolean: true };
    const t = temp();
    return { code: `(${t} = ${needle.code}, ${items.map((item) => `${t} === ${item}`).join(' || ')})`, boolean: true };
  };

  return walk(logic);
}

/** As a condition: the expression itself when it is boolean, else its JSON Logic truthiness (for primitives, JavaScript's). */
export function asCondition(source: Source): string {
  return source.boolean ? source.code : `!!${source.code}`;
}
