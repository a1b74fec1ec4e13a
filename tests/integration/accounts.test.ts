// Setup, login (right, wrong, lockout), sessions (expiry, logout), reset links, profile, password, deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../server/domain/clock.ts';
import { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, createUser, loginAs, PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ limits: { failuresPerAccount: 3, lockoutSeconds: 900, attemptsPerIp: 1000, ipWindowSeconds: 900 } });
});
afterAll(async () => t?.stop());

describe('first-run setup', () => {
  it('is offered on an empty instance, creates the organisation and its admin, logs in, then closes', async () => {
    const c = new TestClient(t.url);
    expect((await c.get('/api/setup')).body).toEqual({ needed: true });
    const code = t.setupCode()!;
    const r = await c.post('/api/setup', { setupCode: code, organisationName: 'Duo Test', name: 'Ana Admin', email: 'Ana@Example.org', password: PASSWORD, locale: 'nl' });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ email: 'ana@example.org', name: 'Ana Admin', locale: 'nl', isInstanceAdmin: true });
    expect(r.body.memberships).toEqual([expect.objectContaining({ organisationName: 'Duo Test', role: 'admin' })]);
    expect(r.headers.getSetCookie()[0]).toMatch(/^binome_session=[\w-]{43}; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/);
    expect((await c.get('/api/me')).body.user.email).toBe('ana@example.org');

    expect((await c.get('/api/setup')).body).toEqual({ needed: false });
    const again = await new TestClient(t.url).post('/api/setup', { setupCode: code, organisationName: 'X', name: 'Y', email: 'y@example.org', password: PASSWORD, locale: 'fr' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('names the field of invalid setup input', async () => {
    const r = await new TestClient(t.url).post('/api/setup', { setupCode: 'ABCDE', organisationName: 'X', name: 'Y', email: 'not-an-email', password: PASSWORD, locale: 'fr' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid', field: 'email' });
  });
});

describe('login', () => {
  it('logs in with the right password and refuses a wrong one with 401', async () => {
    const u = await createUser(t.services);
    const ok = await new TestClient(t.url).post('/api/auth/login', { email: u.email.toUpperCase(), password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(u.id);
    const bad = await new TestClient(t.url).post('/api/auth/login', { email: u.email, password: 'wrong password!' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('unauthenticated');
    const unknown = await new TestClient(t.url).post('/api/auth/login', { email: 'nobody@example.org', password: PASSWORD });
    expect(unknown.status).toBe(401);
  });

  it('locks the account after repeated failures, even against the right password, with retryAfterSeconds', async () => {
    const u = await createUser(t.services);
    const c = new TestClient(t.url);
    for (let i = 0; i < 3; i++) expect((await c.post('/api/auth/login', { email: u.email, password: 'wrong password!' })).status).toBe(401);
    const locked = await c.post('/api/auth/login', { email: u.email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_requests');
    expect(locked.body.error.retryAfterSeconds).toBeGreaterThan(800);
    expect(locked.body.error.retryAfterSeconds).toBeLessThanOrEqual(900);
    expect(locked.headers.get('retry-after')).toBe(String(locked.body.error.retryAfterSeconds));
    // Another account from the same address is not affected.
    const other = await createUser(t.services);
    expect((await c.post('/api/auth/login', { email: other.email, password: PASSWORD })).status).toBe(200);
  });

  it('forgets earlier failures after a successful login', async () => {
    const u = await createUser(t.services);
    const c = new TestClient(t.url);
    for (let i = 0; i < 2; i++) await c.post('/api/auth/login', { email: u.email, password: 'wrong password!' });
    expect((await c.post('/api/auth/login', { email: u.email, password: PASSWORD })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await c.post('/api/auth/login', { email: u.email, password: 'wrong password!' })).status).toBe(401);
    expect((await c.post('/api/auth/login', { email: u.email, password: PASSWORD })).status).toBe(200);
  });
});

describe('sessions', () => {
  it('expire after 14 days without use, and slide while used', async () => {
    const u = await createUser(t.services);
    const c = await loginAs(t.url, u);
    t.clock.advance(10 * DAY);
    expect((await c.get('/api/me')).status).toBe(200); // slides to +14 days from now
    t.clock.advance(10 * DAY);
    expect((await c.get('/api/me')).status).toBe(200);
    t.clock.advance(14 * DAY + HOUR);
    const r = await c.get('/api/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
  });

  it('end at logout, and the cookie is cleared', async () => {
    const u = await createUser(t.services);
    const c = await loginAs(t.url, u);
    const cookie = c.cookies.get('binome_session')!;
    const out = await c.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/^binome_session=; Max-Age=0/);
    const replay = new TestClient(t.url);
    replay.cookies.set('binome_session', cookie);
    expect((await replay.get('/api/me')).status).toBe(401);
  });

  it('refuses a forged cookie', async () => {
    const c = new TestClient(t.url);
    c.cookies.set('binome_session', 'x'.repeat(43));
    expect((await c.get('/api/me')).status).toBe(401);
  });
});

describe('password reset by link', () => {
  it('is single use, ends all sessions, and the new password works', async () => {
    const { id: orgId } = await createOrganisation(t.services);
    const mentee = await addMember(t.services, orgId, 'mentee');
    const menteeClient = await loginAs(t.url, mentee);
    const coord = await addMember(t.services, orgId, 'coordinator');
    const cc = await loginAs(t.url, coord);
    const link = await cc.post(`/api/organisations/${orgId}/members/${mentee.membershipId}/reset-link`);
    expect(link.status).toBe(201);
    expect(link.body.url).toMatch(new RegExp(`^http://localhost:${t.port}/reset/[\\w-]{43}$`));
    const token = link.body.url.split('/').pop();

    const anon = new TestClient(t.url);
    expect((await anon.post('/api/auth/reset', { token, password: 'a brand new password' })).status).toBe(204);
    expect((await menteeClient.get('/api/me')).status).toBe(401);
    const again = await anon.post('/api/auth/reset', { token, password: 'yet another password' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('gone');
    expect((await anon.post('/api/auth/login', { email: mentee.email, password: 'a brand new password' })).status).toBe(200);
  });

  it('expires', async () => {
    const u = await createUser(t.services);
    const { url } = await t.services.resets.createLink(u.user._id, null);
    t.clock.advance(3 * DAY + 1000);
    const r = await new TestClient(t.url).post('/api/auth/reset', { token: url.split('/').pop(), password: 'a brand new password' });
    expect(r.status).toBe(410);
  });

  it('answers 202 to a request whatever the email, and sends nothing without SMTP', async () => {
    const u = await createUser(t.services);
    expect((await new TestClient(t.url).post('/api/auth/reset-request', { email: u.email })).status).toBe(202);
    expect((await new TestClient(t.url).post('/api/auth/reset-request', { email: 'nobody@example.org' })).status).toBe(202);
    expect(t.outbox).toHaveLength(0);
  });
});

describe('own account', () => {
  it('updates the profile', async () => {
    const u = await createUser(t.services);
    const c = await loginAs(t.url, u);
    const r = await c.patch('/api/me', { name: 'Nieuwe Naam', locale: 'nl', color: '#AABBCC' });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ name: 'Nieuwe Naam', locale: 'nl', color: '#aabbcc' });
    const bad = await c.patch('/api/me', { color: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('color');
    const extra = await c.patch('/api/me', { isInstanceAdmin: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.field).toBe('isInstanceAdmin');
  });

  it('changes the password, keeps this session and ends the others', async () => {
    const u = await createUser(t.services);
    const here = await loginAs(t.url, u);
    const elsewhere = await loginAs(t.url, u);
    const wrong = await here.post('/api/me/password', { currentPassword: 'not my password', newPassword: 'another long password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe('currentPassword');
    expect((await here.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'another long password' })).status).toBe(204);
    expect((await here.get('/api/me')).status).toBe(200);
    expect((await elsewhere.get('/api/me')).status).toBe(401);
    expect((await new TestClient(t.url).post('/api/auth/login', { email: u.email, password: 'another long password' })).status).toBe(200);
  });

  it('deletes the account: personal data erased, duos ended, sessions gone', async () => {
    const { id: orgId } = await createOrganisation(t.services);
    const p = await createProgramme(t.services, orgId);
    const mentor = await addMember(t.services, orgId, 'mentor', { programmeIds: [p.id] });
    const mentee = await addMember(t.services, orgId, 'mentee', { programmeIds: [p.id], name: 'Mina Mentee' });
    const duo = await createDuo(t.services, p.id, mentor.id, mentee.id);
    const c = await loginAs(t.url, mentee);
    expect((await c.delete('/api/me', { password: 'wrong password!' })).status).toBe(400);
    expect((await c.delete('/api/me', { password: PASSWORD })).status).toBe(204);
    expect((await c.get('/api/me')).status).toBe(401);
    const user = (await t.services.repos.users.findById(mentee.user._id))!;
    expect(user).toMatchObject({ name: 'Deleted user', passwordHash: null });
    expect(user.email).not.toContain('example.org');
    expect(await t.services.repos.memberships.activeForUser(mentee.user._id)).toEqual([]);
    const mc = await loginAs(t.url, mentor);
    const seen = await mc.get(`/api/duos/${duo.id}`);
    expect(seen.body).toMatchObject({ status: 'ended_early', endReason: 'account_deleted', mentee: { name: 'Deleted user', deleted: true } });
    expect((await new TestClient(t.url).post('/api/auth/login', { email: mentee.email, password: PASSWORD })).status).toBe(401);
  });
});
