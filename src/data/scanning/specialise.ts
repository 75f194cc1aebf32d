/**
 * Inline run-constant parameters before compiling row expressions. Within one
 * data pass the region and reference date are fixed, so `{"param": "name"}`
 * (no date argument) has one value for every row: resolving it once instead
 * of per row removes a parameter-table lookup from the hot loop. A parameter
 * that a row dates itself (`{"param": ["name", {"var": "row.pay_date"}]}`)
 * is left alone, and so is one that does not resolve (the row evaluation then
 * reports the error as before).
 */
import { mapLogic } from '../../logic/index.js';
import type { Logic } from '../../model/types.js';
import type { Plan } from '../../validate/assemble.js';
import { withRuntime, type Runtime } from '../../runtime/operations.js';

export function inlineParameters(logic: Logic, plan: Plan, runtime: Runtime): Logic {
  return mapLogic(logic, ({ op, args }) => {
    if (op !== 'param' || args.length !== 1 || typeof args[0] !== 'string') return undefined;
    try {
      const value = plan.compileLogic({ param: args[0] })(withRuntime({}, runtime));
      if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
    } catch {
      // leave it to run time
    }
    return undefined;
  }) as Logic;
}
