// Request guards that run before any route: CSRF by Origin check, and no MongoDB operator from input.
import type { RequestHandler } from 'express';
import { CsrfRejected, Invalid } from '../domain/errors.ts';
import type { Edge } from '../edge/index.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request must come from our own pages (the edge's origin rule). Applied to every
 * state-changing API request, cookie or not, which also stops login CSRF. Non-browser clients send an Origin.
 */
export function csrfGuard(edge: Pick<Edge, 'requestOrigin'>): RequestHandler {
  return (req, _res, next) => {
    if (SAFE.has(req.method)) return next();
    const verdict = edge.requestOrigin(req.headers);
    if (verdict.ok) return next();
    next(new CsrfRejected(verdict.origin ? `Cross-origin request from ${verdict.origin}` : 'Missing Origin'));
  };
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
