// Erasure (server/domain/ERASURE.md) beyond the account itself: the person's name leaves the CV's comments and
// replies — in the live document, seen at once by the other person's open editor, and in the stored history once
// it is compacted — and the versions they saved; the invitations sent to their address lose it and stop working.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment, listComments, relativeRange, replyToComment } from '../../src/lib/shared/cv/comments.ts';
import { cvDocName, getField } from '../../src/lib/shared/cv/model.ts';
import { plainText, setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { toId } from '../../server/data/models.ts';
import { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, invite, loginAs, PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, openCv, waitFor, type LiveClient } from '../collab/collab-helpers.ts';

const MENTEE = 'Yasmina Haddad';
const MENTOR = 'Camille Lefèvre';
const DELETED = 'Deleted user';

let t: TestServer;
const clients: LiveClient[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await t?.stop();
});

async function open(docName: string, cookie: string): Promise<LiveClient> {
  const c = openCv(t.url, docName, cookie);
  clients.push(c);
  await waitFor(() => c.provider.synced, 10_000, 'synced');
  return c;
}

/** Every stored byte of a document: its compacted state and the updates appended after it. */
async function storedBytes(docName: string): Promise<Buffer> {
  const db = t.binome.connection.db!;
  const state = await db.collection('collab_states').findOne({ _id: docName as never });
  const updates = await db.collection('collab_updates').find({ doc: docName }).toArray();
  const binary = (b: unknown) => Buffer.from((b as { buffer: Uint8Array }).buffer);
  return Buffer.concat([...(state ? [binary(state.data)] : []), ...updates.map((u) => binary(u.data))]);
}

describe('deleting an account erases the person’s name from the CV and their invitations', () => {
  it('in comments, replies (live and stored) and saved versions; pending invitations to the address are revoked', async () => {
    const s = t.services;
    const org = await createOrganisation(s, 'Duo for a Job Bruxelles');
    const programme = await createProgramme(s, org.id);
    const mentor = await addMember(s, org.id, 'mentor', { name: MENTOR, programmeIds: [programme.id] });
    const mentee = await addMember(s, org.id, 'mentee', { name: MENTEE, programmeIds: [programme.id] });
    const duoId = (await createDuo(s, programme.id, mentor.id, mentee.id)).id;
    const docName = cvDocName(duoId);
    const menteeHttp = await loginAs(t.url, mentee);
    const mentorHttp = await loginAs(t.url, mentor);
    const elsewhere = await createOrganisation(s, 'Team4Job Leuven');
    const pending = await invite(s, { orgId: elsewhere.id, by: elsewhere.admin.id, role: 'mentee', email: mentee.email });

    // The mentee comments and replies from her editor; the mentor replies; she saves a version.
    const her = await open(docName, cookieOf(menteeHttp));
    setPlainText(getField(her.doc, 'header/headline'), 'Gestionnaire de stock');
    const fragment = getField(her.doc, 'header/headline');
    const { anchor, head } = relativeRange(fragment, 0, 12);
    const commentId = addComment(her.doc, {
      field: 'header/headline',
      anchor,
      head,
      quote: 'Gestionnaire',
      text: 'Ou plutôt logisticienne ?',
      author: { id: mentee.id, name: MENTEE }
    });
    const him = await open(docName, cookieOf(mentorHttp));
    await waitFor(() => listComments(him.doc).length === 1, 5_000, 'the mentor sees the comment');
    replyToComment(him.doc, commentId, { text: 'Logisticienne, oui', author: { id: mentor.id, name: MENTOR } });
    await waitFor(() => listComments(her.doc)[0]?.replies.length === 1, 5_000, 'she sees his reply');
    replyToComment(her.doc, commentId, { text: 'Merci, je change', author: { id: mentee.id, name: MENTEE } });
    await waitFor(() => listComments(him.doc)[0]?.replies.length === 2, 5_000, 'he sees her reply');
    expect((await menteeHttp.post(`/api/duos/${duoId}/cv/versions`, { name: 'Avant l’entretien' })).status).toBe(201);
    await t.binome.collab.flush();
    expect((await storedBytes(docName)).includes(Buffer.from(MENTEE))).toBe(true);

    expect((await menteeHttp.delete('/api/me', { password: PASSWORD })).status).toBe(204);

    // live: the mentor's open editor shows "Deleted user" on her comment and reply, his own name on his
    await waitFor(() => listComments(him.doc)[0]?.authorName === DELETED, 5_000, 'the mentor sees the name erased');
    const [comment] = listComments(him.doc);
    expect(comment.text).toBe('Ou plutôt logisticienne ?');
    expect(comment.replies.map((r) => [r.authorName, r.text])).toEqual([
      [MENTOR, 'Logisticienne, oui'],
      [DELETED, 'Merci, je change']
    ]);

    // saved versions: listed under "Deleted user", and the name is nowhere in the collection
    const versions = await mentorHttp.get(`/api/duos/${duoId}/cv/versions`);
    expect(versions.body.map((v: { createdBy: { name: string } }) => v.createdBy.name)).toEqual([DELETED]);
    const versionRecords = await t.binome.connection.db!.collection('cv_versions').find({ duoId: toId(duoId) }).toArray();
    expect(JSON.stringify(versionRecords)).not.toContain(MENTEE);

    // stored history: once nobody has the document open it is compacted, and no stored byte holds the name
    for (const c of clients.splice(0)) c.destroy();
    await waitFor(() => !t.binome.collab.isLoaded(docName), 10_000, 'stored and unloaded');
    const bytes = await storedBytes(docName);
    expect(bytes.includes(Buffer.from(MENTEE))).toBe(false);
    expect(bytes.includes(Buffer.from('Merci, je change'))).toBe(true);
    // and the document read back from the database says the same
    const reloaded = await t.binome.collab.withDocument(docName, (doc: Y.Doc) => ({
      headline: plainText(getField(doc, 'header/headline')),
      authors: listComments(doc).flatMap((c) => [c.authorName, ...c.replies.map((r) => r.authorName)])
    }));
    expect(reloaded).toEqual({ headline: 'Gestionnaire de stock', authors: [DELETED, MENTOR, DELETED] });

    // the invitation sent to her address: the address is gone and the link no longer works
    const stored = (await s.repos.invitations.findById(toId(pending.id)))!;
    expect(stored.email).toBeNull();
    expect(stored.revokedAt).not.toBeNull();
    expect((await new TestClient(t.url).get(`/api/invitations/by-token/${pending.token}`)).status).toBe(410);
    const invitationRecords = await t.binome.connection.db!.collection('invitations').find({}).toArray();
    expect(JSON.stringify(invitationRecords)).not.toContain(mentee.email);
  });
});
