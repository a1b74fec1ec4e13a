// The one place errors become HTTP answers: typed AppErrors keep their status and code, zod errors become 400
// naming the field, body-parser failures become 400/413, and anything else is a 500 "Internal error" for the
// client and a full log line for the operator.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import type { ApiErrorBody } from '../../src/lib/shared/codes.ts';
import { AppError, Forbidden, Invalid, NotFound, PayloadTooLarge, TooManyRequests, Unavailable } from '../domain/errors.ts';
import type { Action, Decision } from '../domain/policy.ts';

export function denied(d: Exclude<Decision, 'allow'>, action: Action): AppError {
  return d === 'not_found' ? new NotFound('Not found') : new Forbidden(`Not allowed: ${action}`);
}

export function fromZod(err: ZodError): Invalid {
  const issue = err.issues[0];
  let field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') field = [field, issue.keys[0]].filter(Boolean).join('.');
  return new Invalid(`${field || 'input'}: ${issue.message}`, field || undefined);
}

/** Errors thrown by express.json(): they carry `type` and `status`. */
function fromBodyParser(err: { type?: string; status?: number }): AppError | null {
  if (err.type === 'entity.parse.failed') return new Invalid('Invalid JSON');
  if (err.type === 'entity.too.large') return new PayloadTooLarge('Request body too large');
  if (typeof err.type === 'string' && err.status && err.status < 500) return new Invalid(`Unreadable body (${err.type})`);
  return null;
}

/** The driver's errors for a database it cannot reach (by name: the HTTP layer does not import the driver). */
const UNREACHABLE = new Set(['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoTopologyClosedError', 'MongoNotConnectedError']);

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return fromZod(err);
  // The request cannot be answered right now (login counters, sessions …): 503, to try again, not a 500.
  if (err instanceof Error && UNREACHABLE.has(err.name)) return new Unavailable('The database cannot be reached; try again shortly');
  if (err && typeof err === 'object') return fromBodyParser(err as { type?: string; status?: number });
  return null;
}

export function errorBody(e: AppError): ApiErrorBody {
  const body: ApiErrorBody = { error: { code: e.code, message: e.message } };
  if (e.field) body.error.field = e.field;
  if (e instanceof TooManyRequests) body.error.retryAfterSeconds = e.retryAfterSeconds;
  return body;
}

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = toAppError(err);
    if (res.headersSent) {
      log.error({ err, reqId: (req as { id?: unknown }).id }, 'error after the answer started');
      res.destroy();
      return;
    }
    if (!e) {
      log.error({ err, reqId: (req as { id?: unknown }).id, method: req.method, url: req.originalUrl }, 'unhandled error');
      res.status(500).json({ error: { code: 'internal', message: 'Internal error' } } satisfies ApiErrorBody);
      return;
    }
    if (e instanceof Unavailable) log.warn({ err, reqId: (req as { id?: unknown }).id }, 'database unreachable');
    if (e instanceof TooManyRequests) res.setHeader('Retry-After', String(e.retryAfterSeconds));
    res.status(e.status).json(errorBody(e));
  };
}
