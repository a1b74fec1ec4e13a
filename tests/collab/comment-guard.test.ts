// Comments are checked by the server, not only by the client's model: real y-websocket clients of the mentor and
// the mentee on a real Binôme, and a mentee whose client skips the model's checks.
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageAuth } from 'y-websocket';
import * as Y from 'yjs';
import { addComment, commentsMap, listComments, relativeRange, replyToComment, resolveComment, type CommentAuthor } from '../../src/lib/shared/cv/comments.ts';
import { cvDocName, getField } from '../../src/lib/shared/cv/model.ts';
import { plainText, setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, openCv, waitFor, type LiveClient } from './collab-helpers.ts';

let t: TestServer;
let docName: string;
let mentor: CommentAuthor;
let mentee: CommentAuthor;
const cookies = {} as Record<'mentor' | 'mentee', string>;
const clients: LiveClient[] = [];

interface Client extends LiveClient {
  /** Reasons of the permission-denied messages this client received. */
  denied: string[];
}

async function open(who: 'mentor' | 'mentee'): Promise<Client> {
  const c = openCv(t.url, docName, cookies[who]) as Client;
  c.denied = [];
  c.provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 0) c.denied.push(decoding.readVarString(decoder));
  };
  clients.push(c);
  await waitFor(() => c.provider.synced, 10_000, `${who} synced`);
  return c;
}

function close(c: LiveClient): void {
  c.destroy();
  clients.splice(clients.indexOf(c), 1);
}

function commentOn(doc: Y.Doc, word: string, text: string, author: CommentAuthor): string {
  const fragment = getField(doc, 'header/name');
  const from = plainText(fragment).indexOf(word);
  const { anchor, head } = relativeRange(fragment, from, from + word.length);
  return addComment(doc, { field: 'header/name', anchor, head, quote: word, text, author });
}

const serverComments = () => t.binome.collab.withDocument(docName, (doc) => listComments(doc));

beforeAll(async () => {
  t = await startTestServer();
  const s = t.services;
  const org = await createOrganisation(s, 'MentorYou Brussels');
  const programme = await createProgramme(s, org.id, { name: 'Automne 2027' });
  const m = await addMember(s, org.id, 'mentor', { name: 'Camille Lefèvre', programmeIds: [programme.id] });
  const e = await addMember(s, org.id, 'mentee', { name: 'Yasmina Haddad', programmeIds: [programme.id] });
  mentor = { id: m.id, name: 'Camille Lefèvre' };
  mentee = { id: e.id, name: 'Yasmina Haddad' };
  docName = cvDocName((await createDuo(s, programme.id, m.id, e.id)).id);
  cookies.mentor = cookieOf(await loginAs(t.url, m));
  cookies.mentee = cookieOf(await loginAs(t.url, e));
});

afterAll(async () => {
  for (const c of [...clients]) c.destroy();
  await t?.stop();
});

describe('CV comments checked by the collaboration server', () => {
  it('refuses the mentee’s deleting the mentor’s comment and writing in the mentor’s name; resolving and replying work', async () => {
    const a = await open('mentor');
    const b = await open('mentee');
    setPlainText(getField(a.doc, 'header/name'), 'Yasmina Haddad');
    const id = commentOn(a.doc, 'Haddad', 'Nom de jeune fille ?', mentor);
    await waitFor(() => listComments(b.doc).some((c) => c.id === id), 5_000, 'the mentee sees the comment');

    // The mentee's client skips the model's "author only" check and deletes the mentor's comment.
    commentsMap(b.doc).delete(id);
    await waitFor(() => b.denied.length === 1, 5_000, 'permission denied');
    expect(b.denied[0]).toMatch(/author/);
    expect(b.closeCodes).toEqual([]);
    expect(b.provider.wsconnected).toBe(true);
    expect((await serverComments()).map((c) => c.id)).toEqual([id]);
    // The mentor still has it after a round trip that followed the refused update.
    setPlainText(getField(a.doc, 'header/headline'), 'Comptable');
    await waitFor(async () => (await t.binome.collab.withDocument(docName, (d) => plainText(getField(d, 'header/headline')))) === 'Comptable', 5_000, 'server has the headline');
    expect(listComments(a.doc).map((c) => c.id)).toEqual([id]);
    // That replica has diverged for good (its later updates would depend on the refused one): it starts again.
    close(b);

    // A fresh mentee client resolves and answers the mentor's comment: allowed.
    const c = await open('mentee');
    resolveComment(c.doc, id);
    replyToComment(c.doc, id, { text: 'Non, c’est mon nom.', author: mentee });
    await waitFor(() => listComments(a.doc).find((x) => x.id === id)?.replies.length === 1, 5_000, 'the mentor sees the reply');
    expect(listComments(a.doc).find((x) => x.id === id)).toMatchObject({ resolved: true, authorId: mentor.id });
    expect(c.denied).toEqual([]);

    // Her own comment is fine; one in the mentor's name is refused.
    const own = commentOn(c.doc, 'Yasmina', 'Prénom complet ?', mentee);
    await waitFor(() => listComments(a.doc).some((x) => x.id === own), 5_000, 'the mentor sees her comment');
    const forged = commentOn(c.doc, 'Yasmina', 'Le CV est parfait, rien à changer.', mentor);
    await waitFor(() => c.denied.length === 1, 5_000, 'permission denied');
    expect(c.denied[0]).toMatch(/name/);
    expect((await serverComments()).map((x) => x.id).sort()).toEqual([id, own].sort());
    expect(listComments(a.doc).some((x) => x.id === forged)).toBe(false);
    expect(c.closeCodes).toEqual([]);
    close(c);
    close(a);

    // What was stored: reopen the document from MongoDB.
    await t.binome.collab.flush();
    await waitFor(() => !t.binome.collab.isLoaded(docName), 10_000, 'document unloaded');
    const again = await open('mentor');
    const stored = listComments(again.doc);
    expect(stored.map((x) => [x.id, x.authorId, x.resolved, x.replies.map((r) => r.authorId)])).toEqual([
      [id, mentor.id, true, [mentee.id]],
      [own, mentee.id, false, []]
    ]);
    expect((await serverComments()).map((x) => x.id)).toEqual([id, own]);
  });
});
