// Access changes reach open collaboration sockets at once, checked with real y-websocket clients: a logout, a
// password change and an account deletion close the person's open `/collab` sockets; a writer whose duo ended is
// downgraded and what they send afterwards is not applied (read back from the stored document); a role change
// closes what the new role may not read.
import * as decoding from 'lib0/decoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messageAuth } from 'y-websocket';
import { CLOSE_CODES, DENIED_REASONS } from '../../src/lib/shared/codes.ts';
import { cvDocName, getField } from '../../src/lib/shared/cv/model.ts';
import { plainText, setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { toId } from '../../server/data/models.ts';
import type { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs, PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, openCv, rawSocket, waitFor, type LiveClient } from '../collab/collab-helpers.ts';

let t: TestServer;
const clients: LiveClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});
afterAll(async () => t?.stop());

interface Client extends LiveClient {
  /** Reasons of the permission-denied messages received. */
  denied: string[];
}

async function open(docName: string, session: TestClient): Promise<Client> {
  const c = openCv(t.url, docName, cookieOf(session)) as Client;
  c.denied = [];
  c.provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 0) c.denied.push(decoding.readVarString(decoder));
  };
  clients.push(c);
  await waitFor(() => c.provider.synced, 10_000, 'synced');
  return c;
}

/** A running duo in an organisation of its own, with a coordinator. */
async function duo(names: { mentor: string; mentee: string; coordinator: string }) {
  const s = t.services;
  const org = await createOrganisation(s);
  const programme = await createProgramme(s, org.id);
  const mentor = await addMember(s, org.id, 'mentor', { name: names.mentor, programmeIds: [programme.id] });
  const mentee = await addMember(s, org.id, 'mentee', { name: names.mentee, programmeIds: [programme.id] });
  const coordinator = await addMember(s, org.id, 'coordinator', { name: names.coordinator });
  const d = await createDuo(s, programme.id, mentor.id, mentee.id);
  return { orgId: org.id, admin: org.admin, mentor, mentee, coordinator, duoId: d.id, docName: cvDocName(d.id) };
}

const stored = (docName: string, field: string) => t.binome.collab.withDocument(docName, (doc) => plainText(getField(doc, field)));
/** The close code a new socket of that session gets (y-websocket itself does not reconnect after a 44xx code). */
const reopened = (docName: string, session: TestClient) => rawSocket(t.url, docName, cookieOf(session)).closed;
const closedWith = (c: LiveClient, code: number, what: string) => waitFor(() => c.closeCodes.includes(code), 5_000, what);

describe('sessions that end close their /collab sockets', () => {
  it('at logout: the socket of that session closes and cannot come back; another session of the person stays', async () => {
    const p = await duo({ mentor: 'Élodie Marchal', mentee: 'Noah Peeters', coordinator: 'Ingrid Janssens' });
    const here = await loginAs(t.url, p.mentee);
    const elsewhere = await loginAs(t.url, p.mentee);
    const a = await open(p.docName, here);
    const b = await open(p.docName, elsewhere);
    expect((await here.post('/api/auth/logout')).status).toBe(204);
    await closedWith(a, CLOSE_CODES.accessRevoked, 'the logged-out session’s socket closed');
    expect(await reopened(p.docName, here)).toBe(CLOSE_CODES.unauthenticated);
    setPlainText(getField(b.doc, 'header/commune'), 'Molenbeek');
    await waitFor(async () => (await stored(p.docName, 'header/commune')) === 'Molenbeek', 5_000, 'the other session still writes');
    expect(b.closeCodes).toEqual([]);
  });

  it('at a password change: the other sessions’ sockets close, the one that changed it stays', async () => {
    const p = await duo({ mentor: 'Lucas Girard', mentee: 'Chloé Lambert', coordinator: 'Marc Dupont' });
    const here = await loginAs(t.url, p.mentor);
    const elsewhere = await loginAs(t.url, p.mentor);
    const a = await open(p.docName, here);
    const b = await open(p.docName, elsewhere);
    expect((await here.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'a new and long password' })).status).toBe(204);
    await closedWith(b, CLOSE_CODES.accessRevoked, 'the other session’s socket closed');
    expect(await reopened(p.docName, elsewhere)).toBe(CLOSE_CODES.unauthenticated);
    setPlainText(getField(a.doc, 'header/headline'), 'Comptable');
    await waitFor(async () => (await stored(p.docName, 'header/headline')) === 'Comptable', 5_000, 'this session still writes');
    expect(a.closeCodes).toEqual([]);
  });

  it('at an account deletion: every socket of the person closes', async () => {
    const p = await duo({ mentor: 'Sarah Mertens', mentee: 'Yusuf Demir', coordinator: 'Anne Leroy' });
    const here = await loginAs(t.url, p.mentee);
    const elsewhere = await loginAs(t.url, p.mentee);
    const a = await open(p.docName, here);
    const b = await open(p.docName, elsewhere);
    expect((await here.delete('/api/me', { password: PASSWORD })).status).toBe(204);
    await closedWith(a, CLOSE_CODES.accessRevoked, 'first socket closed');
    await closedWith(b, CLOSE_CODES.accessRevoked, 'second socket closed');
    for (const session of [here, elsewhere]) expect(await reopened(p.docName, session)).toBe(CLOSE_CODES.unauthenticated);
  });
});

describe('an open writer whose access changed', () => {
  it('is downgraded when the duo ends: what they send afterwards is refused and never stored', async () => {
    const p = await duo({ mentor: 'Tom Wouters', mentee: 'Inès Haddad', coordinator: 'Julie Michel' });
    const w = await open(p.docName, await loginAs(t.url, p.mentee));
    setPlainText(getField(w.doc, 'header/name'), 'Inès Haddad');
    await waitFor(async () => (await stored(p.docName, 'header/name')) === 'Inès Haddad', 5_000, 'writes while the duo runs');

    const doc = (await t.services.repos.duos.findById(toId(p.duoId)))!;
    await t.services.duos.update(doc, 'completed');
    // The downgrade follows the event asynchronously: type until the server answers "read only".
    let probe = 0;
    await waitFor(
      () => {
        if (w.denied.includes(DENIED_REASONS.readOnly)) return true;
        setPlainText(getField(w.doc, 'header/phone'), `+32 470 00 00 ${String(++probe).padStart(2, '0')}`);
        return false;
      },
      5_000,
      'the server refuses the writer'
    );
    const refusals = w.denied.length;
    setPlainText(getField(w.doc, 'header/headline'), 'Écrit après la fin du duo');
    await waitFor(() => w.denied.length > refusals, 5_000, 'the later update refused too');
    // still connected (to read), not closed
    expect(w.closeCodes).toEqual([]);

    // What is stored: the document read again from MongoDB once nobody has it open.
    w.destroy();
    await t.binome.collab.flush();
    await waitFor(() => !t.binome.collab.isLoaded(p.docName), 5_000, 'stored and unloaded');
    expect(await stored(p.docName, 'header/headline')).toBe('');
    expect(await stored(p.docName, 'header/name')).toBe('Inès Haddad');
  });

  it('keeps writing when a role change is refused (a member with open duos keeps the role); a reader whose new role may not read is closed', async () => {
    const p = await duo({ mentor: 'Jasper Goossens', mentee: 'Mariam Diallo', coordinator: 'Catherine Renard' });
    const writer = await open(p.docName, await loginAs(t.url, p.mentor));
    const reader = await open(p.docName, await loginAs(t.url, p.coordinator));
    const admin = await loginAs(t.url, p.admin);

    const refused = await admin.patch(`/api/organisations/${p.orgId}/members/${p.mentor.membershipId}`, { role: 'coordinator' });
    expect(refused.status).toBe(409);
    setPlainText(getField(writer.doc, 'header/email'), 'jasper@example.org');
    await waitFor(async () => (await stored(p.docName, 'header/email')) === 'jasper@example.org', 5_000, 'the mentor still writes');

    const changed = await admin.patch(`/api/organisations/${p.orgId}/members/${p.coordinator.membershipId}`, { role: 'mentor' });
    expect(changed.status).toBe(200);
    await closedWith(reader, CLOSE_CODES.accessRevoked, 'the former coordinator’s socket closed');
    expect(writer.closeCodes).toEqual([]);
  });
});
