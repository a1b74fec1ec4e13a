// Wrong passwords sent all at once cannot exceed the allowance: each try is counted by one atomic consume in the
// database before the password hash is checked (domain/limits.ts). The password-change and account-deletion
// routes, which check the current password of a logged-in person, have a limit of their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Passwords } from '../../server/domain/passwords.ts';
import { createUser, loginAs, PASSWORD } from '../helpers/factories.ts';
import { TestClient } from '../helpers/client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ALLOWED = 5;
const PARALLEL = 24;

let t: TestServer;
let hashChecks = 0;
beforeAll(async () => {
  t = await startTestServer({ limits: { failuresPerAccount: ALLOWED, lockoutSeconds: 900, attemptsPerIp: 1000, ipWindowSeconds: 900 } });
  // Counts the real verifications (the argon2 check still runs): how many tries reached the hash.
  const passwords: Passwords = t.services.passwords;
  const verify = passwords.verify.bind(passwords);
  passwords.verify = async (...args) => {
    hashChecks++;
    return verify(...args);
  };
});
afterAll(async () => t?.stop());

const statusCounts = (statuses: number[]) => statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});

describe('concurrent wrong logins', () => {
  it('let exactly the allowed number reach the hash check; the others are locked out', async () => {
    const u = await createUser(t.services, { name: 'Fatou Ndiaye' });
    hashChecks = 0;
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () => new TestClient(t.url).post('/api/auth/login', { email: u.email, password: 'a wrong guess' }))
    );
    expect(statusCounts(answers.map((a) => a.status))).toEqual({ 401: ALLOWED, 429: PARALLEL - ALLOWED });
    expect(hashChecks).toBe(ALLOWED);
    // and the right password is refused too until the lockout ends
    const right = await new TestClient(t.url).post('/api/auth/login', { email: u.email, password: PASSWORD });
    expect(right.status).toBe(429);
    expect(hashChecks).toBe(ALLOWED);
  });
});

describe('current-password checks of a logged-in person', () => {
  it('POST /me/password: concurrent wrong current passwords are limited, then even the right one waits', async () => {
    const u = await createUser(t.services, { name: 'Pieter Claes' });
    const c = await loginAs(t.url, u);
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, () => c.post('/api/me/password', { currentPassword: 'a wrong guess', newPassword: 'een nieuw lang wachtwoord' }))
    );
    expect(statusCounts(answers.map((a) => a.status))).toEqual({ 400: ALLOWED, 429: PARALLEL - ALLOWED });
    const right = await c.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'een nieuw lang wachtwoord' });
    expect(right.status).toBe(429);
    expect(right.body.error.retryAfterSeconds).toBeGreaterThan(0);
    // nothing changed: the old password still logs in
    await expect(loginAs(t.url, u)).resolves.toBeInstanceOf(TestClient);
  });

  it('DELETE /me: wrong passwords are limited and the account stays', async () => {
    const u = await createUser(t.services, { name: 'Olivia Hughes' });
    const c = await loginAs(t.url, u);
    for (let i = 0; i < ALLOWED; i++) expect((await c.delete('/api/me', { password: 'a wrong guess' })).status).toBe(400);
    const right = await c.delete('/api/me', { password: PASSWORD });
    expect(right.status).toBe(429);
    const user = await t.services.repos.users.findById(u.user._id);
    expect(user?.deletedAt).toBeNull();
    expect((await c.get('/api/me')).status).toBe(200);
  });

  it('a right current password clears the count (positive control)', async () => {
    const u = await createUser(t.services, { name: 'Jonas Peeters' });
    const c = await loginAs(t.url, u);
    for (let i = 0; i < ALLOWED - 1; i++) expect((await c.post('/api/me/password', { currentPassword: 'nope', newPassword: 'een nieuw lang wachtwoord' })).status).toBe(400);
    expect((await c.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'een nieuw lang wachtwoord' })).status).toBe(204);
    for (let i = 0; i < ALLOWED - 1; i++) expect((await c.post('/api/me/password', { currentPassword: 'nope', newPassword: 'nog een lang wachtwoord' })).status).toBe(400);
    expect((await c.delete('/api/me', { password: 'een nieuw lang wachtwoord' })).status).toBe(204);
  });
});
