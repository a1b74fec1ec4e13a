// The edge's origin rule at each entrance: HTTP state-changing requests, Socket.IO handshakes and /collab
// upgrades. The public origin is ours; an Origin that merely equals the Host header is not (DNS rebinding: a site
// whose name resolves to this server sends both); loopback pages are ours while PUBLIC_URL is unset, and not once
// it names another address. And every API JSON answer says Cache-Control: no-store.
import { request as httpRequest } from 'node:http';
import { io as connect } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import { cvDocName } from '../../src/lib/shared/cv/model.ts';
import { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, createUser, loginAs, PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const PUBLIC = 'https://binome.example.org';
const BOUND_MS = 5000;

type Headers = Record<string, string>;
/** What each entrance made of one request: accepted, or refused with what the client sees. */
type Outcome = 'accepted' | string | number;

/** A state-changing request (PATCH /api/me) with exactly these headers; Host included, which fetch cannot forge. */
function viaHttp(url: string, headers: Headers): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ name: 'Mathilde Verstraeten' });
    const req = httpRequest(`${url}/api/me`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve(res.statusCode === 200 ? 'accepted' : `${res.statusCode} ${JSON.parse(text).error.code}`));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function viaSocketIo(url: string, headers: Headers): Promise<Outcome> {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
  return bounded(
    new Promise<Outcome>((resolve) => {
      socket.once('connect', () => resolve('accepted'));
      socket.once('connect_error', (e) => resolve(`connect_error ${e.message}`));
    }),
    'a Socket.IO answer'
  ).finally(() => socket.disconnect());
}

/** Accepted when the server starts the sync (its first message); otherwise the close code. */
function viaCollab(url: string, docName: string, headers: Headers): Promise<Outcome> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/collab/${docName}`, { headers });
  return bounded(
    new Promise<Outcome>((resolve) => {
      ws.once('message', () => resolve('accepted'));
      ws.once('close', (code) => resolve(code));
    }),
    'a /collab answer'
  ).finally(() => ws.close());
}

const bounded = <T>(p: Promise<T>, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${BOUND_MS} ms`)), BOUND_MS).unref())]);

/** A mentor of a duo, logged in, with the name of the duo's CV document. */
async function mentorOfADuo(t: TestServer, login: (email: string) => Promise<TestClient>) {
  const orgId = (await createOrganisation(t.services)).id;
  const programmeId = (await createProgramme(t.services, orgId)).id;
  const mentor = await addMember(t.services, orgId, 'mentor', { programmeIds: [programmeId] });
  const mentee = await addMember(t.services, orgId, 'mentee', { programmeIds: [programmeId] });
  const duo = await createDuo(t.services, programmeId, mentor.id, mentee.id);
  const client = await login(mentor.email);
  return { cookie: `binome_session=${client.cookies.get('binome_session')}`, docName: cvDocName(duo.id) };
}

/** The three entrances for one set of headers (the cookie is added). */
async function everyEntrance(t: TestServer, who: { cookie: string; docName: string }, headers: Headers) {
  const h = { cookie: who.cookie, ...headers };
  return { http: await viaHttp(t.url, h), socketIo: await viaSocketIo(t.url, h), collab: await viaCollab(t.url, who.docName, h) };
}

const accepted = { http: 'accepted', socketIo: 'accepted', collab: 'accepted' };
const refused = { http: '403 csrf_rejected', socketIo: expect.stringMatching(/^connect_error /), collab: CLOSE_CODES.forbidden };

describe('PUBLIC_URL unset', () => {
  let t: TestServer;
  let who: { cookie: string; docName: string };
  beforeAll(async () => {
    t = await startTestServer();
    who = await mentorOfADuo(t, async (email) => loginAs(t.url, { email, password: PASSWORD }));
  });
  afterAll(async () => t?.stop());

  it('refuses an Origin that only matches a forged Host header (DNS rebinding), at every entrance', async () => {
    const host = `rebind.example:${t.port}`;
    expect(await everyEntrance(t, who, { host, origin: `http://${host}` })).toEqual(refused);
    // The control: the same forged Host with a loopback Origin passes, so the refusal above is the Origin's.
    expect(await everyEntrance(t, who, { host, origin: t.url })).toEqual(accepted);
  });

  it('accepts loopback pages on any port (a try-out, vite’s dev server)', async () => {
    for (const origin of ['http://localhost:5173', `http://127.0.0.1:${t.port}`, 'http://[::1]:8080']) {
      expect(await everyEntrance(t, who, { origin })).toEqual(accepted);
    }
  });

  it('refuses other sites, and an HTTP request with no Origin', async () => {
    expect(await everyEntrance(t, who, { origin: 'https://evil.example' })).toEqual(refused);
    expect(await viaHttp(t.url, { cookie: who.cookie })).toBe('403 csrf_rejected');
  });
});

describe('PUBLIC_URL set', () => {
  let t: TestServer;
  let who: { cookie: string; docName: string };
  beforeAll(async () => {
    t = await startTestServer({ env: { PUBLIC_URL: PUBLIC } });
    who = await mentorOfADuo(t, async (email) => {
      const c = new TestClient(t.url, PUBLIC);
      expect((await c.post('/api/auth/login', { email, password: PASSWORD })).status).toBe(200);
      return c;
    });
  });
  afterAll(async () => t?.stop());

  it('accepts its origin at every entrance, whatever the Host (behind a proxy)', async () => {
    expect(await everyEntrance(t, who, { origin: PUBLIC })).toEqual(accepted);
    expect(await everyEntrance(t, who, { origin: PUBLIC, host: 'binome.example.org' })).toEqual(accepted);
  });

  it('refuses loopback pages, and an Origin matching a forged Host', async () => {
    expect(await everyEntrance(t, who, { origin: t.url })).toEqual(refused);
    expect(await everyEntrance(t, who, { origin: 'http://localhost:3000' })).toEqual(refused);
    const host = `rebind.example:${t.port}`;
    expect(await everyEntrance(t, who, { host, origin: `http://${host}` })).toEqual(refused);
  });
});

describe('Cache-Control on API answers', () => {
  let t: TestServer;
  beforeAll(async () => (t = await startTestServer()));
  afterAll(async () => t?.stop());

  it('is no-store on answers, errors included', async () => {
    const anonymous = new TestClient(t.url);
    const c = await loginAs(t.url, await createUser(t.services));
    const answers = {
      health: await anonymous.get('/api/health'),
      me: await c.get('/api/me'),
      loggedOut: await anonymous.get('/api/duos'),
      unknownRoute: await c.get('/api/nothing-here'),
      invalidJson: await anonymous.post('/api/auth/login', '{"email": '),
      csrf: await c.withOrigin('https://evil.example').patch('/api/me', { name: 'x' }),
      wrongPassword: await anonymous.post('/api/auth/login', { email: 'niemand@example.org', password: PASSWORD })
    };
    expect(Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, [r.status, r.headers.get('cache-control')]]))).toEqual({
      health: [200, 'no-store'],
      me: [200, 'no-store'],
      loggedOut: [401, 'no-store'],
      unknownRoute: [404, 'no-store'],
      invalidJson: [400, 'no-store'],
      csrf: [403, 'no-store'],
      wrongPassword: [401, 'no-store']
    });
  });
});
