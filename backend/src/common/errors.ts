/** One invalid field: where, a stable code a client translates (common/error-codes.ts), English text, and values. */
export interface FieldError {
  path: string;
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/**
 * A failure the client can act on. Services throw these; ProblemFilter turns them into
 * application/problem+json. `type` is the stable problem slug clients may switch on.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

/** A rule of ours may name its stable code; one that does not is reported as the generic `invalid`. */
export type FieldErrorInput = Omit<FieldError, 'code'> & { code?: string };

export class ValidationError extends DomainError {
  readonly errors: FieldError[];
  constructor(errors: FieldErrorInput[], detail = 'The request is not valid.') {
    const coded = errors.map((error) => ({ ...error, code: error.code ?? 'invalid' }));
    super(400, 'validation-error', 'Invalid request', detail, { errors: coded });
    this.errors = coded;
  }
}

export class BadRequestError extends DomainError {
  constructor(type: string, detail: string) {
    super(400, type, 'Bad request', detail);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(detail = 'Authentication is required.', type = 'unauthorized') {
    super(401, type, 'Unauthorized', detail);
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail = 'Your role does not allow this action.', type = 'forbidden') {
    super(403, type, 'Forbidden', detail);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string) {
    super(404, 'not-found', 'Not found', `${entity} was not found.`);
  }
}

export class ConflictError extends DomainError {
  constructor(type: string, detail: string, extensions: Record<string, unknown> = {}) {
    super(409, type, 'Conflict', detail, extensions);
  }
}

export class GoneError extends DomainError {
  constructor(type: string, detail: string) {
    super(410, type, 'Gone', detail);
  }
}

export class BusinessRuleError extends DomainError {
  constructor(type: string, detail: string, extensions: Record<string, unknown> = {}) {
    super(422, type, 'Unprocessable', detail, extensions);
  }
}

/** 405: the path exists, the method does not; `allowed` goes into the Allow header. */
export class MethodNotAllowedError extends DomainError {
  constructor(
    method: string,
    readonly allowed: string[],
  ) {
    super(405, 'method-not-allowed', 'Method Not Allowed', `${method} is not allowed here; allowed: ${allowed.join(', ')}.`);
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate-limited', 'Too many requests', 'Too many attempts. Try again later.', {
      retryAfterSeconds,
    });
  }
}

/** PostgreSQL error codes we translate into client errors. */
export const PgErrorCode = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  exclusionViolation: '23P01',
  checkViolation: '23514',
  serializationFailure: '40001',
  /** lock_timeout passed while waiting for a lock */
  lockNotAvailable: '55P03',
  /** statement_timeout passed (or the statement was cancelled) */
  queryCanceled: '57014',
} as const;

interface PgErrorLike {
  code?: string;
  constraint?: string;
}

/** Drizzle wraps driver errors; the PostgreSQL fields live on the error or its cause. */
export function pgErrorOf(error: unknown): PgErrorLike | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const candidate = e as PgErrorLike;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
  }
  return undefined;
}

export class PayloadTooLargeError extends DomainError {
  constructor(type: string, detail: string, extensions: Record<string, unknown> = {}) {
    super(413, type, 'Payload too large', detail, extensions);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(type: string, detail: string, extensions: Record<string, unknown> = {}) {
    super(415, type, 'Unsupported media type', detail, extensions);
  }
}

/** A Range starting past the end of the object; the answer names the object's size (Content-Range). */
export class RangeNotSatisfiableError extends DomainError {
  constructor(readonly size: number) {
    super(416, 'range-not-satisfiable', 'Range not satisfiable', `The requested range is outside the file's ${size} bytes.`);
  }
}
