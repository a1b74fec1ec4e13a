// Typed errors thrown by services and routes; server/http/errors.ts maps them to HTTP status in one place.
// `message` is for developers and logs; the client translates `code` (codes.ts).
import type { ErrorCode } from '../../src/lib/shared/codes.ts';

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly status: number;
  constructor(
    message: string,
    readonly field?: string
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends AppError {
  readonly code = 'invalid' as const;
  readonly status = 400;
}
export class Unauthenticated extends AppError {
  readonly code = 'unauthenticated' as const;
  readonly status = 401;
}
export class Forbidden extends AppError {
  readonly code = 'forbidden' as const;
  readonly status = 403;
}
export class CsrfRejected extends AppError {
  readonly code = 'csrf_rejected' as const;
  readonly status = 403;
}
export class NotFound extends AppError {
  readonly code = 'not_found' as const;
  readonly status = 404;
}
export class Conflict extends AppError {
  readonly code = 'conflict' as const;
  readonly status = 409;
}
export class Gone extends AppError {
  readonly code = 'gone' as const;
  readonly status = 410;
}
export class PayloadTooLarge extends AppError {
  readonly code = 'invalid' as const;
  readonly status = 413;
}
export class TooManyRequests extends AppError {
  readonly code = 'too_many_requests' as const;
  readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number
  ) {
    super(message);
  }
}
export class Unavailable extends AppError {
  readonly code = 'unavailable' as const;
  readonly status = 503;
}

/** MongoDB duplicate key (E11000), from a unique index that lost a race the service check could not see. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
