// Request guards that run before any route: CSRF by Origin check, and no MongoDB operator from input.
import type { RequestHandler } from 'express';
import { CsrfRejected, Invalid } from '../domain/errors.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request must come from our own pages: its Origin (or, failing that, its Referer) must be the
 * public origin or the origin of the host it was sent to. Applied to every state-changing API request, cookie or
 * not, which also stops login CSRF. Non-browser clients simply send an Origin header.
 */
export function csrfGuard(publicOrigin: () => string): RequestHandler {
  return (req, _res, next) => {
    if (SAFE.has(req.method)) return next();
    const origin = originOf(req.headers.origin) ?? originOf(req.headers.referer);
    if (!origin) return next(new CsrfRejected('Missing Origin'));
    const host = req.headers.host;
    const ok = origin === publicOrigin() || (host !== undefined && new URL(origin).host === host);
    next(ok ? undefined : new CsrfRejected(`Cross-origin request from ${origin}`));
  };
}

function originOf(value: string | string[] | undefined): string | null {
  if (typeof value !== 'string' || value === 'null') return null;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** Finds a key that MongoDB would read as an operator or a path ($gt, a.b) anywhere in the input. */
export function operatorKey(value: unknown, path = '', depth = 0): string | null {
  if (depth > 20) return path || 'input';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const k = operatorKey(value[i], `${path}.${i}`, depth + 1);
      if (k) return k;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key.includes('$') || key.includes('.')) return here;
      const k = operatorKey(v, here, depth + 1);
      if (k) return k;
    }
  }
  return null;
}

/** Zod strict objects already refuse unknown keys; this refuses operator-looking keys before any route runs. */
export const noOperators: RequestHandler = (req, _res, next) => {
  const key = operatorKey(req.body) ?? operatorKey(req.query);
  next(key ? new Invalid(`${key}: operator or dotted keys are not accepted`, key) : undefined);
};
