// Reset by email in the person's language, the per-address limit, and the Secure cookie behind https.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.ts';
import { createUser, PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ mail: true });
});
afterAll(async () => t?.stop());

describe('reset by email', () => {
  it('mails a one-hour link in the recipient language, and nothing for an unknown address', async () => {
    const u = await createUser(t.services, { name: 'Emma Brown', locale: 'en' });
    const r = await new TestClient(t.url).post('/api/auth/reset-request', { email: u.email });
    expect(r.status).toBe(202);
    expect(t.outbox).toHaveLength(1);
    const m = t.outbox[0];
    expect(m).toMatchObject({ to: u.email, subject: 'Binôme: choose a new password' });
    const url = /http:\/\/\S+\/reset\/([\w-]{43})/.exec(m.text)!;
    expect(url).toBeTruthy();
    expect((await new TestClient(t.url).post('/api/auth/reset-request', { email: 'nobody@example.org' })).status).toBe(202);
    expect(t.outbox).toHaveLength(1);
    t.clock.advance(61 * 60_000);
    expect((await new TestClient(t.url).post('/api/auth/reset', { token: url[1], password: 'a brand new password' })).status).toBe(410);
  });
});

describe('per-address limit', () => {
  it('answers 429 once one address has made too many login and reset attempts, whatever the account', async () => {
    const t2 = await startTestServer({ limits: { failuresPerAccount: 5, lockoutSeconds: 900, attemptsPerIp: 4, ipWindowSeconds: 900 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await new TestClient(t2.url).post('/api/auth/login', { email: `x${i}@example.org`, password: PASSWORD })).status);
      statuses.push((await new TestClient(t2.url).post('/api/auth/reset-request', { email: 'x@example.org' })).status);
      for (let i = 0; i < 2; i++) statuses.push((await new TestClient(t2.url).post('/api/auth/login', { email: `y${i}@example.org`, password: PASSWORD })).status);
      expect(statuses).toEqual([401, 401, 401, 202, 429, 429]);
      const r = await new TestClient(t2.url).post('/api/auth/reset-request', { email: 'x@example.org' });
      expect(r.status).toBe(429);
      expect(r.body.error.retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      await t2.stop();
    }
  });
});

describe('cookie behind https', () => {
  it('is Secure when PUBLIC_URL is https', async () => {
    const t2 = await startTestServer({ env: { PUBLIC_URL: 'https://binome.example.org' } });
    try {
      const r = await new TestClient(t2.url, 'https://binome.example.org').post('/api/setup', {
        setupCode: t2.setupCode(),
        organisationName: 'Org',
        name: 'Admin',
        email: 'admin@example.org',
        password: PASSWORD,
        locale: 'fr'
      });
      expect(r.status).toBe(201);
      expect(r.headers.getSetCookie()[0]).toMatch(/; Secure/);
    } finally {
      await t2.stop();
    }
  });
});
