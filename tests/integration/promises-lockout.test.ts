// The login lockout as the README states it, with the limits production uses (none injected): five failed logins
// for one account from one address lock that account from that address for fifteen minutes, even against the
// right password; the lockout then ends by itself. The counters' library reads the process clock (Date), not the
// app's injected clock, so this file moves Date forward (vitest's fake Date; timers stay real) together with it.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MINUTE } from '../../server/domain/clock.ts';
import { DEFAULT_LIMITS } from '../../server/domain/limits.ts';
import { TooManyRequests } from '../../server/domain/errors.ts';
import { TestClient } from '../helpers/client.ts';
import { createUser, PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());
afterEach(() => {
  vi.useRealTimers();
});

const WRONG = 'not the right password';

/** Moves both clocks: the app's (sessions, links) and the process's (the counters' expiry). */
function later(ms: number): void {
  t.clock.advance(ms);
  vi.setSystemTime(Date.now() + ms);
}

describe('login lockout (default limits)', () => {
  it('are five failures and fifteen minutes', () => {
    expect(DEFAULT_LIMITS).toMatchObject({ failuresPerAccount: 5, lockoutSeconds: 15 * 60 });
  });

  it('locks the account after five failures, even for the right password, and lifts itself after fifteen minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const u = await createUser(t.services, { name: 'Aurélie Dubois' });
    const c = new TestClient(t.url);
    const login = (password: string) => c.post('/api/auth/login', { email: u.email, password });

    for (let i = 0; i < 5; i++) expect((await login(WRONG)).status).toBe(401);
    const locked = await login(PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(locked.body.error.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);

    later(14 * MINUTE);
    const stillLocked = await login(PASSWORD);
    expect(stillLocked.status).toBe(429);
    expect(stillLocked.body.error.retryAfterSeconds).toBeLessThanOrEqual(60);

    later(MINUTE + 1000);
    expect((await login(PASSWORD)).status).toBe(200);
  });

  it('does not lock after four failures', async () => {
    const u = await createUser(t.services, { name: 'Bram Willems' });
    const c = new TestClient(t.url);
    for (let i = 0; i < 4; i++) expect((await c.post('/api/auth/login', { email: u.email, password: WRONG })).status).toBe(401);
    expect((await c.post('/api/auth/login', { email: u.email, password: PASSWORD })).status).toBe(200);
  });

  it('is per account and address: the person logs in from elsewhere while a stranger is locked out', async () => {
    const u = await createUser(t.services, { name: 'Grace Okafor' });
    const stranger = '203.0.113.7';
    for (let i = 0; i < 5; i++) await expect(t.services.accounts.login(u.email, WRONG, stranger)).rejects.toThrow();
    await expect(t.services.accounts.login(u.email, PASSWORD, stranger)).rejects.toBeInstanceOf(TooManyRequests);
    // the account itself is not locked: from another address the right password works (here: this test's own)
    await expect(t.services.accounts.login(u.email, PASSWORD, '198.51.100.4')).resolves.toMatchObject({ email: u.email });
    expect((await new TestClient(t.url).post('/api/auth/login', { email: u.email, password: PASSWORD })).status).toBe(200);
    // and the stranger's address stays locked for that account
    await expect(t.services.accounts.login(u.email, PASSWORD, stranger)).rejects.toBeInstanceOf(TooManyRequests);
  });
});
