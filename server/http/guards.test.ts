import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pino } from 'pino';
import { Conflict, TooManyRequests } from '../domain/errors.ts';
import { errorBody, errorMiddleware, toAppError } from './errors.ts';
import { originChecks } from '../edge/origin.ts';
import { csrfGuard, operatorKey } from './guards.ts';

describe('operatorKey', () => {
  it.each([
    [{ email: { $gt: '' } }, 'email.$gt'],
    [{ $where: '1' }, '$where'],
    [{ 'profile.role': 'admin' }, 'profile.role'],
    [{ list: [{ ok: 1 }, { $ne: 1 }] }, 'list.1.$ne'],
    [{ 'a[$gt]': 1 }, 'a[$gt]']
  ])('finds %o', (value, key) => expect(operatorKey(value)).toBe(key));

  it('passes ordinary input, including $ and dots in values', () => {
    expect(operatorKey({ email: 'a.b@c.be', note: '$100', nested: { list: ['x.y'] } })).toBeNull();
    expect(operatorKey(undefined)).toBeNull();
  });
});

describe('csrfGuard', () => {
  const run = (method: string, headers: Record<string, string>, publicOrigin = 'https://binome.example.org') => {
    let result: unknown = 'not called';
    csrfGuard(originChecks(() => publicOrigin))({ method, headers } as never, {} as never, (err?: unknown) => (result = err));
    return result as { code?: string; message?: string } | undefined;
  };
  it('lets safe methods through and checks the others against the public origin', () => {
    expect(run('GET', {})).toBeUndefined();
    expect(run('POST', { origin: 'https://binome.example.org', host: 'internal:3000' })).toBeUndefined();
    expect(run('DELETE', { referer: 'https://binome.example.org/duos/1', host: 'internal:3000' })).toBeUndefined();
    expect(run('POST', { origin: 'https://evil.example', host: 'localhost:3000' })).toMatchObject({ code: 'csrf_rejected', message: 'Cross-origin request from https://evil.example' });
    expect(run('PATCH', { origin: 'null', host: 'localhost:3000' })?.code).toBe('csrf_rejected');
    expect(run('POST', { host: 'localhost:3000' })).toMatchObject({ code: 'csrf_rejected', message: 'Missing Origin' });
  });

  it('refuses an Origin that only matches the Host header (DNS rebinding)', () => {
    expect(run('POST', { origin: 'http://rebind.example:3000', host: 'rebind.example:3000' })?.code).toBe('csrf_rejected');
    expect(run('POST', { origin: 'http://localhost:3000', host: 'localhost:3000' })?.code).toBe('csrf_rejected');
    expect(run('POST', { origin: 'http://rebind.example:3000', host: 'rebind.example:3000' }, 'http://localhost:3000')?.code).toBe('csrf_rejected');
    expect(run('POST', { origin: 'http://127.0.0.1:5173', host: 'localhost:3000' }, 'http://localhost:3000')).toBeUndefined();
  });
});

describe('error mapping', () => {
  it('names the field of zod errors, unknown keys included', () => {
    const strict = z.strictObject({ profile: z.strictObject({ maxDuos: z.number().max(10) }) });
    const a = toAppError(strict.safeParse({ profile: { maxDuos: 99 } }).error)!;
    expect([a.status, a.code, a.field]).toEqual([400, 'invalid', 'profile.maxDuos']);
    const b = toAppError(strict.safeParse({ profile: { maxDuos: 1, sneaky: 1 } }).error)!;
    expect(b.field).toBe('profile.sneaky');
  });

  it('maps body-parser errors and typed errors, and adds retryAfterSeconds', () => {
    expect(toAppError({ type: 'entity.parse.failed', status: 400 })?.status).toBe(400);
    expect(toAppError({ type: 'entity.too.large', status: 413 })?.status).toBe(413);
    expect(errorBody(new Conflict('taken', 'email'))).toEqual({ error: { code: 'conflict', message: 'taken', field: 'email' } });
    expect(errorBody(new TooManyRequests('locked', 60)).error.retryAfterSeconds).toBe(60);
    expect(toAppError(new Error('boom'))).toBeNull();
  });

  it('answers 503 "unavailable" when the driver cannot reach the database, not 500', () => {
    const unreachable = Object.assign(new Error('Server selection timed out after 5000 ms'), { name: 'MongoServerSelectionError' });
    expect([toAppError(unreachable)?.status, toAppError(unreachable)?.code]).toEqual([503, 'unavailable']);
    const closed = Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' });
    expect(toAppError(closed)?.status).toBe(503);
    // other driver errors stay internal errors
    expect(toAppError(Object.assign(new Error('E11000'), { name: 'MongoServerError' }))).toBeNull();
  });

  it('turns an unknown error into 500 "Internal error" and logs it in full', () => {
    const lines: string[] = [];
    const log = pino({ level: 'error' }, { write: (l: string) => void lines.push(l) });
    let status = 0;
    let body: unknown;
    const res = { headersSent: false, status: (s: number) => ((status = s), res), json: (b: unknown) => (body = b), setHeader: () => {} };
    errorMiddleware(log)(new Error('secret detail'), { method: 'GET', originalUrl: '/api/x' } as never, res as never, () => {});
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    expect(lines.join('')).toContain('secret detail');
  });
});
