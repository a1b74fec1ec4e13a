// Socket.IO: refused without a session, one room per user, access:changed when a duo ends or a membership is
// revoked, duo subscription through the policy, sockets closed when their session ends.
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessChangedPayload, ClientToServerEvents, ServerToClientEvents } from '../../src/lib/shared/live-events.ts';
import type { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
let t: TestServer;
let orgId: string;
let pid: string;
let cc: TestClient;
const open: LiveSocket[] = [];

beforeAll(async () => {
  t = await startTestServer();
  orgId = (await createOrganisation(t.services)).id;
  pid = (await createProgramme(t.services, orgId)).id;
  cc = await loginAs(t.url, await addMember(t.services, orgId, 'coordinator'));
});
afterEach(() => open.splice(0).forEach((s) => s.disconnect()));
afterAll(async () => t?.stop());

function socketFor(client: TestClient | null, origin: string = t.url): LiveSocket {
  const cookie = client ? `binome_session=${client.cookies.get('binome_session')}` : '';
  const s: LiveSocket = connect(t.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie, origin } });
  open.push(s);
  return s;
}
/** Fails after `ms` instead of hanging until the test timeout: waits for a condition, with a bound. */
const within = <T>(p: Promise<T>, what: string, ms = 5000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms).unref())]);
const connected = (s: LiveSocket) =>
  within(
    new Promise<void>((resolve, reject) => {
      if (s.connected) return resolve();
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    }),
    'connection'
  );
const refused = (s: LiveSocket) =>
  within(
    new Promise<string>((resolve, reject) => {
      s.once('connect', () => reject(new Error('connected')));
      s.once('connect_error', (e) => resolve(e.message));
    }),
    'refusal'
  );
const nextAccessChange = (s: LiveSocket) => within(new Promise<AccessChangedPayload>((resolve) => s.once('access:changed', resolve)), 'access:changed');

async function pair() {
  const mentor = await addMember(t.services, orgId, 'mentor', { programmeIds: [pid] });
  const mentee = await addMember(t.services, orgId, 'mentee', { programmeIds: [pid] });
  const duo = await createDuo(t.services, pid, mentor.id, mentee.id);
  return { mentor, mentee, duo };
}

describe('live connection', () => {
  it('is refused without a valid session, or from another origin', async () => {
    expect(await refused(socketFor(null))).toBe('unauthenticated');
    const { mentee } = await pair();
    const c = await loginAs(t.url, mentee);
    expect(await refused(socketFor(c, 'https://evil.example'))).toMatch(/websocket error|xhr|error/i);
  });

  it('tells both people when their duo ends', async () => {
    const { mentor, mentee, duo } = await pair();
    const a = socketFor(await loginAs(t.url, mentor));
    const b = socketFor(await loginAs(t.url, mentee));
    await Promise.all([connected(a), connected(b)]);
    const [ea, eb] = [nextAccessChange(a), nextAccessChange(b)];
    expect((await cc.patch(`/api/duos/${duo.id}`, { status: 'completed' })).status).toBe(200);
    expect(await ea).toEqual({ reason: 'duo_ended', duoId: duo.id, organisationId: orgId });
    expect(await eb).toEqual({ reason: 'duo_ended', duoId: duo.id, organisationId: orgId });
  });

  it('tells a member their membership was revoked', async () => {
    const { mentee } = await pair();
    const s = socketFor(await loginAs(t.url, mentee));
    await connected(s);
    const changes: AccessChangedPayload[] = [];
    s.on('access:changed', (p) => changes.push(p));
    const removed = new Promise<void>((resolve) => s.on('access:changed', (p) => p.reason === 'membership_removed' && resolve()));
    expect((await cc.delete(`/api/organisations/${orgId}/members/${mentee.membershipId}`)).status).toBe(204);
    await within(removed, 'membership_removed');
    expect(changes).toContainEqual({ reason: 'membership_removed', organisationId: orgId });
  });

  it('lets a person subscribe to their own duo only', async () => {
    const { mentee, duo } = await pair();
    const other = await pair();
    const s = socketFor(await loginAs(t.url, mentee));
    await connected(s);
    expect(await s.emitWithAck('duo:subscribe', duo.id)).toEqual({ ok: true });
    expect(await s.emitWithAck('duo:subscribe', other.duo.id)).toEqual({ ok: false, code: 'not_found' });
    expect(await s.emitWithAck('duo:subscribe', 'nonsense')).toEqual({ ok: false, code: 'invalid' });
  });

  it('is closed when its session ends (logout)', async () => {
    const { mentor } = await pair();
    const c = await loginAs(t.url, mentor);
    const s = socketFor(c);
    await connected(s);
    const gone = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    expect(await within(gone, 'disconnect')).toBe('io server disconnect');
  });
});
