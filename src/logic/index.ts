/** carespec's JSON Logic evaluator: compile once, evaluate per row; explain and inspect for the CLI and lint. */
export {
  compile,
  LogicError,
  STANDARD_OPERATIONS,
  truthy,
  type CompileOptions,
  type CustomOperation,
  type Evaluator,
  type LogicErrorCode,
  type Tracer,
} from './compile.js';
export { explain, type TraceNode } from './explain.js';
export { collectOperations, collectVars, isConstant, type OperationUse, type VarUse } from './inspect.js';
