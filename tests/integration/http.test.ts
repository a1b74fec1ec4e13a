// The HTTP envelope: health, CSRF, operators, invalid JSON, size limit, unknown routes, 404 vs 403, the SPA and
// its CSP, and the reserved /collab upgrade path.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, createUser, loginAs, PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
let buildDir: string;
const BOOT = '\n\t\t\t{ __sveltekit_test = { base: "" }; }\n\t\t';

beforeAll(async () => {
  buildDir = await mkdtemp(join(tmpdir(), 'binome-build-'));
  await writeFile(join(buildDir, 'index.html'), `<!doctype html><html><head></head><body><script>${BOOT}</script></body></html>`);
  await writeFile(join(buildDir, 'robots.txt'), 'User-agent: *\n');
  t = await startTestServer({ buildDir });
});
afterAll(async () => {
  await t?.stop();
  await rm(buildDir, { recursive: true, force: true });
});

describe('health', () => {
  it('answers 200 while the database answers', async () => {
    const r = await new TestClient(t.url).get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 503 once the database is gone', async () => {
    const t2 = await startTestServer();
    try {
      await t2.binome.engine!.stop();
      const r = await new TestClient(t2.url).get('/api/health');
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('unavailable');
    } finally {
      await t2.stop();
    }
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request from another origin, or with no origin', async () => {
    const u = await createUser(t.services);
    const c = await loginAs(t.url, u);
    const evil = await c.withOrigin('https://evil.example').patch('/api/me', { name: 'Pwned' });
    expect(evil.status).toBe(403);
    expect(evil.body.error.code).toBe('csrf_rejected');
    const none = await c.withOrigin(null).patch('/api/me', { name: 'Pwned' });
    expect(none.status).toBe(403);
    // A Referer from our own pages is enough when Origin is absent.
    const referred = await c.withOrigin(null).request('PATCH', '/api/me', { name: 'Fine' }, { referer: `${t.url}/profile` });
    expect(referred.status).toBe(200);
    expect((await c.get('/api/me')).body.user.name).toBe('Fine');
    // Safe methods pass without Origin.
    expect((await c.withOrigin(null).get('/api/me')).status).toBe(200);
  });

  it('accepts the PUBLIC_URL origin (behind a proxy the Host differs)', async () => {
    const t2 = await startTestServer({ env: { PUBLIC_URL: 'https://binome.example.org' } });
    try {
      const c = new TestClient(t2.url, 'https://binome.example.org');
      expect((await c.get('/api/setup')).status).toBe(200);
      const r = await c.post('/api/auth/login', { email: 'nobody@example.org', password: PASSWORD });
      expect(r.status).toBe(401);
      const bad = await new TestClient(t2.url, 'https://elsewhere.example.org').post('/api/auth/login', { email: 'nobody@example.org', password: PASSWORD });
      expect(bad.status).toBe(403);
    } finally {
      await t2.stop();
    }
  });
});

describe('bad input', () => {
  it('refuses MongoDB operators in bodies and queries, naming the key', async () => {
    const u = await createUser(t.services);
    const r = await new TestClient(t.url).post('/api/auth/login', { email: { $gt: '' }, password: PASSWORD });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid', field: 'email.$gt' });
    const dotted = await new TestClient(t.url).post('/api/auth/login', { 'email.x': u.email, password: PASSWORD });
    expect(dotted.status).toBe(400);
    const c = await loginAs(t.url, (await createOrganisation(t.services)).admin);
    const orgId = (await c.get('/api/organisations')).body[0].id;
    const q = await c.get(`/api/organisations/${orgId}/members?role[$ne]=mentor`);
    expect(q.status).toBe(400);
  });

  it('answers 400 to invalid JSON and 413 to an oversized body', async () => {
    const r = await new TestClient(t.url).post('/api/auth/login', '{"email": "a@b.be", ');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid', message: 'Invalid JSON' });
    const big = await new TestClient(t.url).post('/api/auth/login', { email: 'a@b.be', password: 'x'.repeat(200_000) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('invalid');
  });

  it('answers 400 naming the field of a malformed id, and 404 for an unknown one', async () => {
    const c = await loginAs(t.url, await createUser(t.services));
    const bad = await c.get('/api/duos/not-an-id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('id');
    expect((await c.get(`/api/duos/${'0'.repeat(24)}`)).status).toBe(404);
  });

  it('answers a JSON 404 for an unknown API route and 401 before anything else when logged out', async () => {
    const r = await new TestClient(t.url).get('/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    expect((await new TestClient(t.url).get('/api/duos')).status).toBe(401);
  });
});

describe('privacy: 404 where existence is private, 403 where it is not', () => {
  it('hides another organisation entirely, and other duos within one', async () => {
    const a = await createOrganisation(t.services);
    const b = await createOrganisation(t.services);
    const pa = await createProgramme(t.services, a.id);
    const mentor = await addMember(t.services, a.id, 'mentor', { programmeIds: [pa.id] });
    const mentee = await addMember(t.services, a.id, 'mentee', { programmeIds: [pa.id] });
    const duo = await createDuo(t.services, pa.id, mentor.id, mentee.id);
    const outsider = await loginAs(t.url, b.admin);
    expect((await outsider.get(`/api/organisations/${a.id}`)).status).toBe(404);
    expect((await outsider.get(`/api/duos/${duo.id}`)).status).toBe(404);
    expect((await outsider.get(`/api/programmes/${pa.id}`)).status).toBe(404);
    const otherMentor = await loginAs(t.url, await addMember(t.services, a.id, 'mentor'));
    expect((await otherMentor.get(`/api/duos/${duo.id}`)).status).toBe(404);
    expect((await otherMentor.get(`/api/programmes/${pa.id}`)).status).toBe(404);
    const m = await loginAs(t.url, mentor);
    expect((await m.get(`/api/duos/${duo.id}`)).status).toBe(200);
    expect((await m.patch(`/api/duos/${duo.id}`, { status: 'completed' })).status).toBe(403);
    expect((await m.get(`/api/organisations/${a.id}/members`)).status).toBe(403);
  });
});

describe('the single-page app', () => {
  it('serves index.html for app paths with the hash of its inline script in the CSP', async () => {
    const r = await new TestClient(t.url).get('/programmes/123', { accept: 'text/html' });
    expect(r.status).toBe(200);
    expect(r.body).toContain('__sveltekit_test');
    const hash = 'sha256-' + createHash('sha256').update(BOOT).digest('base64');
    expect(r.headers.get('content-security-policy')).toContain(`script-src 'self' '${hash}'`);
    expect((await new TestClient(t.url).get('/robots.txt')).body).toBe('User-agent: *\n');
  });

  it('says how to build when build/ is missing', async () => {
    const t2 = await startTestServer({ buildDir: join(buildDir, 'missing') });
    try {
      const r = await new TestClient(t2.url).get('/');
      expect(r.status).toBe(503);
      expect(r.body).toContain('npm run build');
    } finally {
      await t2.stop();
    }
  });
});

describe('upgrade paths', () => {
  const upgrade = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${t.url}${path}`, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });

  it('hands /collab to its own handler (never to Socket.IO, never left hanging) and refuses unknown paths', async () => {
    let seen = '';
    const original = t.binome.upgrades.get('/collab/')!;
    t.binome.upgrades.set('/collab/', (req, socket, head) => {
      seen = req.url ?? '';
      original(req, socket, head);
    });
    try {
      const status = await upgrade('/collab/cv:abc');
      expect(seen).toBe('/collab/cv:abc');
      expect(status).not.toBe(404);
    } finally {
      t.binome.upgrades.set('/collab/', original);
    }
    expect(await upgrade('/elsewhere')).toBe(404);
  });
});
