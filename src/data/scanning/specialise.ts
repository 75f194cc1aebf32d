/**
 * Inline run-constant parameters before compiling row expressions. Within one
 * data pass the region and reference date are fixed, so `{"param": "name"}`
 * (no date argument) has one value for every row: resolving it once instead
 * of per row removes a parameter-table lookup from the hot loop. A parameter
 * that a row dates itself (`{"param": ["name", {"var": "row.pay_date"}]}`)
 * is left alone, and so is one that does not resolve (the row evaluation then
 * reports the error as before).
 */
import type { JsonValue, Logic } from '../../model/types.js';
import type { Plan } from '../../validate/assemble.js';
import { withRuntime, type Runtime } from '../../runtime/operations.js';

export function inlineParameters(logic: Logic, plan: Plan, runtime: Runtime): Logic {
  const walk = (node: JsonValue): JsonValue => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const keys = Object.keys(node);
    if (keys.length === 1 && keys[0] === 'param') {
      const arg = node.param;
      const name = Array.isArray(arg) ? (arg.length === 1 ? arg[0] : undefined) : arg;
      if (typeof name === 'string') {
        try {
          const value = plan.compileLogic({ param: name })(withRuntime({}, runtime));
          if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
        } catch {
          // leave it to run time
        }
      }
      return node;
    }
    const out: Record<string, JsonValue> = {};
    for (const key of keys) out[key] = walk(node[key]!);
    return out;
  };
  return walk(logic);
}
