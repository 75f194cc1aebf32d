/**
 * Errors raised while compiling JSON Logic. They carry a JSON pointer into the
 * logic so a rule author can find the offending sub-expression, and a stable
 * code so callers can turn them into diagnostics.
 */
export type LogicErrorCode = 'logic/unknown-operation' | 'logic/too-deep' | 'logic/too-large' | 'logic/too-costly' | 'logic/invalid';

export class LogicError extends Error {
  override name = 'LogicError';
  readonly code: LogicErrorCode;
  /** JSON pointer (RFC 6901) into the logic, e.g. `/and/1/var`; `""` is the whole expression. */
  readonly pointer: string;

  constructor(code: LogicErrorCode, message: string, pointer: string) {
    super(message);
    this.code = code;
    this.pointer = pointer;
  }
}

/** Append one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
