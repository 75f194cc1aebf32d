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
export { collectOperations, collectVars, isConstant, operationsIn, paramsIn, varsIn, type OperationUse, type ParamAt, type VarAt, type VarUse } from './inspect.js';
export { isScopedBody, mapLogic, operandsOf, walkLogic, type LogicPath, type Operands, type Visit } from './walk.js';
export { isLogic } from './semantics.js';
