import { describe, expect, it } from 'vitest';
import { request } from './api';
import { sessionIsOver } from './session-end';

const failure = (fetchFn: typeof fetch) => request('GET', '/api/me', undefined, fetchFn).catch((e: unknown) => e);
const answer = (status: number, code?: string) =>
  (async () => new Response(code ? JSON.stringify({ error: { code, message: code } }) : null, { status })) as unknown as typeof fetch;

describe('sessionIsOver (the browser then deletes its offline CV copies)', () => {
  it('is true for a 401, with or without our error body', async () => {
    expect(sessionIsOver(await failure(answer(401, 'unauthenticated')))).toBe(true);
    expect(sessionIsOver(await failure(answer(401)))).toBe(true);
  });

  it('is false when the server could not be reached, or refused something else: offline editing keeps its copies', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(sessionIsOver(await failure(offline))).toBe(false);
    for (const [status, code] of [[403, 'forbidden'], [404, 'not_found'], [429, 'too_many_requests'], [503, 'unavailable'], [500, undefined]] as const) {
      expect(sessionIsOver(await failure(answer(status, code)))).toBe(false);
    }
    expect(sessionIsOver(new Error('anything else'))).toBe(false);
  });
});
