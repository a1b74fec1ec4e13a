// The collaboration server inside the real app: sessions, the policy module and MongoDB persistence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, DENIED_REASONS } from '../../src/lib/shared/codes.ts';
import { cvDocName, getField } from '../../src/lib/shared/cv/model.ts';
import { plainText, setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, openCv, rawSocket, waitFor, type LiveClient } from './collab-helpers.ts';

let t: TestServer;
let duoId: string;
let otherDuoId: string;
let orgId: string;
const cookies: Record<'mentor' | 'mentee' | 'coordinator' | 'outsider' | 'otherMentor', string> = {} as never;
let mentee: Awaited<ReturnType<typeof addMember>>;
const clients: LiveClient[] = [];

const open = (docName: string, cookie: string | null) => {
  const c = openCv(t.url, docName, cookie);
  clients.push(c);
  return c;
};
const nameOf = (c: LiveClient) => plainText(getField(c.doc, 'header/name'));

beforeAll(async () => {
  t = await startTestServer();
  const s = t.services;
  const org = await createOrganisation(s, 'Duo pour l’Emploi Bruxelles');
  orgId = org.id;
  const programme = await createProgramme(s, org.id, { name: 'Printemps 2027' });
  const mentor = await addMember(s, org.id, 'mentor', { name: 'Camille Lefèvre', programmeIds: [programme.id] });
  mentee = await addMember(s, org.id, 'mentee', { name: 'Sofie Vandenbroucke', programmeIds: [programme.id] });
  const coordinator = await addMember(s, org.id, 'coordinator', { name: 'Nadia Benali' });
  const otherMentor = await addMember(s, org.id, 'mentor', { name: 'Thomas Wright', programmeIds: [programme.id] });
  const otherMentee = await addMember(s, org.id, 'mentee', { name: 'Jan Peeters', programmeIds: [programme.id] });
  const elsewhere = await createOrganisation(s, 'Team4Job Gent');
  const outsider = await addMember(s, elsewhere.id, 'coordinator', { name: 'Els De Smet' });
  duoId = (await createDuo(s, programme.id, mentor.id, mentee.id)).id;
  otherDuoId = (await createDuo(s, programme.id, otherMentor.id, otherMentee.id)).id;
  cookies.mentor = cookieOf(await loginAs(t.url, mentor));
  cookies.mentee = cookieOf(await loginAs(t.url, mentee));
  cookies.coordinator = cookieOf(await loginAs(t.url, coordinator));
  cookies.outsider = cookieOf(await loginAs(t.url, outsider));
  cookies.otherMentor = cookieOf(await loginAs(t.url, otherMentor));
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await t?.stop();
});

describe('CV documents over /collab', () => {
  it('lets the mentor and the mentee edit one CV and converge; a late joiner gets everything', async () => {
    const a = open(cvDocName(duoId), cookies.mentor);
    const b = open(cvDocName(duoId), cookies.mentee);
    await waitFor(() => a.provider.synced && b.provider.synced, 10_000, 'both synced');
    // the server seeded the structure before anyone synced
    expect(() => getField(a.doc, 'header/name')).not.toThrow();
    setPlainText(getField(a.doc, 'header/name'), 'Sofie');
    await waitFor(() => nameOf(b) === 'Sofie', 5_000, 'mentee sees the mentor’s text');
    setPlainText(getField(b.doc, 'header/name'), 'Sofie Vandenbroucke');
    await waitFor(() => nameOf(a) === 'Sofie Vandenbroucke', 5_000, 'mentor sees the mentee’s text');
    const late = open(cvDocName(duoId), cookies.coordinator);
    await waitFor(() => late.provider.synced, 10_000, 'late joiner synced');
    expect(nameOf(late)).toBe('Sofie Vandenbroucke');
    const serverSide = await t.binome.collab.withDocument(cvDocName(duoId), (doc) => plainText(getField(doc, 'header/name')));
    expect(serverSide).toBe('Sofie Vandenbroucke');
  });

  it('gives the coordinator read-only access: their changes never reach the document', async () => {
    const reader = open(cvDocName(duoId), cookies.coordinator);
    const writer = open(cvDocName(duoId), cookies.mentor);
    await waitFor(() => reader.provider.synced && writer.provider.synced, 10_000, 'synced');
    const before = nameOf(writer);
    setPlainText(getField(reader.doc, 'header/headline'), 'Pirate');
    // The server refuses the reader's write itself (not merely the writer never seeing it).
    await waitFor(() => reader.denied.includes(DENIED_REASONS.readOnly), 5_000, 'server refused the reader’s write');
    setPlainText(getField(writer.doc, 'header/commune'), 'Schaerbeek');
    await waitFor(() => plainText(getField(reader.doc, 'header/commune')) === 'Schaerbeek', 5_000, 'reader follows');
    const stored = await t.binome.collab.withDocument(cvDocName(duoId), (doc) => ({
      headline: plainText(getField(doc, 'header/headline')),
      name: plainText(getField(doc, 'header/name'))
    }));
    expect(stored).toEqual({ headline: '', name: before });
    expect(plainText(getField(writer.doc, 'header/headline'))).toBe('');
  });

  it('refuses the unauthenticated, another organisation and another duo’s mentor with named codes and no content', async () => {
    const cases: [docName: string, cookie: string | null, code: number][] = [
      [cvDocName(duoId), null, CLOSE_CODES.unauthenticated],
      [cvDocName(duoId), cookies.outsider, CLOSE_CODES.forbidden],
      [cvDocName(duoId), cookies.otherMentor, CLOSE_CODES.forbidden],
      ['bogus:123', cookies.mentor, CLOSE_CODES.notFound]
    ];
    for (const [docName, cookie, code] of cases) {
      const raw = rawSocket(t.url, docName, cookie);
      expect(await raw.closed).toBe(code);
      expect(raw.received).toHaveLength(0);
    }
    // and the mentor of the other duo can open their own
    const own = rawSocket(t.url, cvDocName(otherDuoId), cookies.otherMentor);
    await own.opened;
    await waitFor(() => own.received.length > 0, 5_000, 'own document answers');
    own.ws.close();
  });

  it('refuses a WebSocket opened from another site’s page', async () => {
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(t.url.replace(/^http/, 'ws') + '/collab/' + cvDocName(duoId), {
      headers: { cookie: cookies.mentor, origin: 'https://evil.example' }
    });
    const code = await new Promise<number>((r) => ws.on('close', (c) => r(c)));
    expect(code).toBe(CLOSE_CODES.forbidden);
  });

  it('closes only the connection that sends a malformed message', async () => {
    const good = open(cvDocName(duoId), cookies.mentee);
    await waitFor(() => good.provider.synced, 10_000, 'synced');
    const bad = rawSocket(t.url, cvDocName(duoId), cookies.mentor);
    await bad.opened;
    bad.ws.send(Buffer.from([0, 2, 9, 1, 2, 3]));
    expect(await bad.closed).toBe(CLOSE_CODES.malformedMessage);
    setPlainText(getField(good.doc, 'header/phone'), '+32 470 12 34 56');
    await waitFor(
      async () =>
        (await t.binome.collab.withDocument(cvDocName(duoId), (doc) => plainText(getField(doc, 'header/phone')))) ===
        '+32 470 12 34 56',
      5_000,
      'the document still takes edits'
    );
  });

  it('serves 50 clients connecting at once to a stored document that is still loading, then unloads it', async () => {
    const docName = cvDocName(otherDuoId);
    await t.binome.collab.withDocument(docName, (doc) => setPlainText(getField(doc, 'header/name'), 'Jan Peeters'));
    await waitFor(() => !t.binome.collab.isLoaded(docName), 5_000, 'stored and unloaded');
    const many = Array.from({ length: 50 }, () => open(docName, cookies.otherMentor));
    await waitFor(() => many.every((c) => c.provider.synced), 20_000, 'all 50 synced');
    expect(many.every((c) => nameOf(c) === 'Jan Peeters')).toBe(true);
    for (const c of many) c.destroy();
    await waitFor(() => !t.binome.collab.isLoaded(docName), 5_000, 'unloaded after the last client left');
  });

  it('closes the open connections of a member whose membership is removed', async () => {
    const c = open(cvDocName(duoId), cookies.mentee);
    await waitFor(() => c.provider.synced, 10_000, 'synced');
    await t.services.members.remove(mentee.membership);
    await waitFor(() => c.closeCodes.includes(CLOSE_CODES.accessRevoked), 5_000, 'closed with accessRevoked');
  });
});
