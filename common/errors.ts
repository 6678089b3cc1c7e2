/** Error codes, the AppError class, code → HTTP status and the error JSON shape. */

export const ERROR_STATUS = {
  'validation.failed': 400,
  'request.invalid': 400,
  'auth.required': 401,
  'auth.invalid': 401,
  'auth.session_expired': 401,
  'auth.forbidden': 403,
  'auth.csrf': 403,
  'auth.locked': 429,
  'auth.disabled': 403,
  'rate.limited': 429,
  not_found: 404,
  conflict: 409,
  'state.conflict': 409,
  'payload.too_large': 413,
  'unsupported.media': 415,
  'import.rejected': 422,
  'db.unavailable': 503,
  'server.shutting_down': 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The one error shape that leaves the server. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** An expected failure with a stable code and a Chinese message for the user. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    status?: number,
  ) {
    super(message);
    this.status = status ?? ERROR_STATUS[code];
  }
}

export const notFound = (what = '记录'): AppError => new AppError('not_found', `${what}不存在或无权访问`);
export const forbidden = (): AppError => new AppError('auth.forbidden', '无权执行此操作');
