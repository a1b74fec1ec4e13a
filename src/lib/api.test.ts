import { describe, expect, it } from 'vitest';
import { ApiError, request } from './api';

const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  (async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers })) as unknown as typeof fetch;

describe('request', () => {
  it('returns the JSON body, and nothing for 204', async () => {
    expect(await request('GET', '/api/x', undefined, answer(200, { ok: 1 }))).toEqual({ ok: 1 });
    expect(await request('POST', '/api/x', {}, answer(204))).toBeUndefined();
  });

  it('turns the contract error shape into an ApiError with code, field and retry delay', async () => {
    const error = await request('POST', '/api/x', {}, answer(400, { error: { code: 'invalid', message: 'bad', field: 'email' } })).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid', field: 'email' });
    const locked = await request('POST', '/api/auth/login', {}, answer(429, { error: { code: 'too_many_requests', message: 'x', retryAfterSeconds: 600 } })).catch((e) => e);
    expect(locked).toMatchObject({ code: 'too_many_requests', retryAfterSeconds: 600 });
  });

  it('falls back on the HTTP status when the body is not ours (a proxy page, an empty answer)', async () => {
    const error = await request('GET', '/api/x', undefined, (async () => new Response('<html>Bad gateway</html>', { status: 503, headers: { 'retry-after': '30' } })) as unknown as typeof fetch).catch((e) => e);
    expect(error).toMatchObject({ status: 503, code: 'unavailable', retryAfterSeconds: 30 });
  });

  it('reports a request that never got an answer as `network`', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await request('GET', '/api/x', undefined, offline).catch((e) => e)).toMatchObject({ status: 0, code: 'network' });
  });
});
