import { ERROR_CODES, type ErrorCode } from '@jiankang/shared/domain';

export interface FieldProblem {
  field: string;
  message: string;
}

interface AppErrorOptions {
  field?: string;
  details?: FieldProblem[];
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error type services throw. Its code comes from the closed list in shared/, and the
 * status follows from the code, so a service cannot invent an undocumented answer.
 */
export class AppError extends Error {
  readonly status: number;
  readonly field?: string;
  readonly details?: FieldProblem[];
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
    this.field = options.field;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
