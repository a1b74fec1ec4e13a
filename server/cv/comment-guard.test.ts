// The CV comment guard on the updates the real model produces: a server document, the mentor's and the mentee's
// replicas, and each change sent the way y-websocket sends it (the update of one transaction).
import { beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addComment,
  commentsMap,
  deleteComment,
  deleteReply,
  listComments,
  relativeRange,
  reopenComment,
  replyToComment,
  resolveComment,
  type CommentAuthor,
  type CommentReply
} from '../../src/lib/shared/cv/comments.ts';
import { getField, initCv } from '../../src/lib/shared/cv/model.ts';
import { plainText, setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { inspectUpdate } from '../collab/update-guard.ts';
import { cvCommentGuard } from './comment-guard.ts';

const mentor: CommentAuthor = { id: '665f1c2a9b1e8a0012345601', name: 'Pieter Claes' };
const mentee: CommentAuthor = { id: '665f1c2a9b1e8a0012345602', name: 'Amina El Idrissi' };
type Who = 'mentor' | 'mentee';
const people: Record<Who, CommentAuthor> = { mentor, mentee };

let server: Y.Doc;
const docs = {} as Record<Who, Y.Doc>;

function replica(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  return doc;
}

/** The update `fn` makes on `who`'s replica, as its provider would send it. */
function changeOf(who: Who, fn: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const record = (u: Uint8Array) => updates.push(u);
  docs[who].on('update', record);
  try {
    fn(docs[who]);
  } finally {
    docs[who].off('update', record);
  }
  return Y.mergeUpdates(updates);
}

/**
 * What the server does with an update from `who`: checks it, then applies and relays it (true), or drops it (the
 * reason).
 */
function deliver(who: Who, update: Uint8Array): true | string {
  const before = Y.encodeStateAsUpdate(server);
  const verdict = cvCommentGuard(server, update, { userId: people[who].id });
  // The guard only looks.
  expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  if (!verdict.ok) {
    // The refused replica has diverged for good: that person starts again from the server's state.
    docs[who] = replica();
    return verdict.reason;
  }
  Y.applyUpdate(server, update);
  for (const other of Object.keys(docs) as Who[]) if (other !== who) Y.applyUpdate(docs[other], update);
  return true;
}

const send = (who: Who, fn: (doc: Y.Doc) => void): true | string => deliver(who, changeOf(who, fn));

function comment(doc: Y.Doc, author: CommentAuthor, word = 'El Idrissi', text = 'Nom complet ?'): string {
  const fragment = getField(doc, 'header/name');
  const from = plainText(fragment).indexOf(word);
  const { anchor, head } = relativeRange(fragment, from, from + word.length);
  return addComment(doc, { field: 'header/name', anchor, head, quote: word, text, author });
}

const rawComment = (doc: Y.Doc, id: string) => commentsMap(doc).get(id) as Y.Map<unknown>;
const serverComment = (id: string) => listComments(server).find((c) => c.id === id);

beforeEach(() => {
  server = new Y.Doc();
  initCv(server);
  setPlainText(getField(server, 'header/name'), 'Amina El Idrissi');
  setPlainText(getField(server, 'header/headline'), 'Magasinière cariste');
  docs.mentor = replica();
  docs.mentee = replica();
});

describe('CV comment guard: what the UI does', () => {
  it('lets typing through without looking into comments', () => {
    const typing = changeOf('mentee', (d) => setPlainText(getField(d, 'header/headline'), 'Magasinière cariste polyvalente'));
    expect(inspectUpdate(server, typing, 'comments')).toEqual({ ok: true, inserts: [], deletes: [] });
    expect(deliver('mentee', typing)).toBe(true);
    expect(send('mentor', (d) => setPlainText(getField(d, 'header/headline'), 'Cariste'))).toBe(true);
    expect(plainText(getField(server, 'header/headline'))).toBe('Cariste');
  });

  it('lets each person comment in their own name, reply, resolve and reopen the other’s comment', () => {
    let mentorComment = '';
    let menteeComment = '';
    expect(send('mentor', (d) => (mentorComment = comment(d, mentor)))).toBe(true);
    expect(send('mentee', (d) => (menteeComment = comment(d, mentee, 'Amina', 'Prénom ok ?')))).toBe(true);
    expect(send('mentee', (d) => replyToComment(d, mentorComment, { text: 'Oui, c’est complet.', author: mentee }))).toBe(true);
    expect(send('mentor', (d) => replyToComment(d, mentorComment, { text: 'Merci !', author: mentor }))).toBe(true);
    expect(send('mentee', (d) => resolveComment(d, mentorComment))).toBe(true);
    expect(serverComment(mentorComment)?.resolved).toBe(true);
    expect(send('mentor', (d) => reopenComment(d, mentorComment))).toBe(true);
    expect(send('mentor', (d) => resolveComment(d, menteeComment))).toBe(true);
    expect(serverComment(mentorComment)).toMatchObject({ authorId: mentor.id, resolved: false });
    expect(serverComment(mentorComment)?.replies.map((r) => r.authorId)).toEqual([mentee.id, mentor.id]);
    expect(serverComment(menteeComment)).toMatchObject({ authorId: mentee.id, resolved: true });
  });

  it('lets the author delete their own reply and their own comment, thread included', () => {
    let id = '';
    let reply = '';
    expect(send('mentor', (d) => (id = comment(d, mentor)))).toBe(true);
    expect(send('mentee', (d) => (reply = replyToComment(d, id, { text: 'Oui.', author: mentee })))).toBe(true);
    expect(send('mentee', (d) => replyToComment(d, id, { text: 'Et le second prénom ?', author: mentee }))).toBe(true);
    expect(send('mentee', (d) => deleteReply(d, id, reply, mentee.id))).toBe(true);
    expect(serverComment(id)?.replies.map((r) => r.text)).toEqual(['Et le second prénom ?']);
    expect(send('mentor', (d) => deleteComment(d, id, mentor.id))).toBe(true);
    expect(listComments(server)).toEqual([]);
  });

  it('lets the author change their own comment’s text, and a reply be rewritten by its author', () => {
    let id = '';
    let reply = '';
    send('mentor', (d) => (id = comment(d, mentor)));
    send('mentee', (d) => (reply = replyToComment(d, id, { text: 'Oui.', author: mentee })));
    expect(send('mentor', (d) => rawComment(d, id).set('text', 'Nom complet, avec le second prénom ?'))).toBe(true);
    expect(serverComment(id)?.text).toBe('Nom complet, avec le second prénom ?');
    const rewrite = (d: Y.Doc) => {
      const replies = rawComment(d, id).get('replies') as Y.Array<CommentReply>;
      const index = replies.toArray().findIndex((r) => r.id === reply);
      d.transact(() => {
        replies.delete(index, 1);
        replies.insert(index, [{ id: reply, authorId: mentee.id, authorName: mentee.name, text: 'Oui, complet.', createdAt: new Date().toISOString() }]);
      });
    };
    expect(send('mentee', rewrite)).toBe(true);
    expect(serverComment(id)?.replies.map((r) => r.text)).toEqual(['Oui, complet.']);
  });

  it('accepts a reconnecting client’s sync step 2: its offline changes and its whole delete set', () => {
    let id = '';
    let gone = '';
    send('mentor', (d) => (id = comment(d, mentor)));
    send('mentor', (d) => (gone = comment(d, mentor, 'Amina', 'À supprimer')));
    send('mentee', (d) => replyToComment(d, id, { text: 'Oui.', author: mentee }));
    send('mentee', (d) => resolveComment(d, id));
    send('mentor', (d) => deleteComment(d, gone, mentor.id));
    // offline, the mentee reopens, replies, comments, deletes her reply and types
    const offline = docs.mentee;
    reopenComment(offline, id);
    resolveComment(offline, id);
    const reply = replyToComment(offline, id, { text: 'Hors ligne', author: mentee });
    replyToComment(offline, id, { text: 'Encore', author: mentee });
    deleteReply(offline, id, reply, mentee.id);
    comment(offline, mentee, 'Amina', 'Mon prénom');
    setPlainText(getField(offline, 'header/headline'), 'Cariste');
    // what its provider sends back for the server's state vector
    const step2 = Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server));
    expect(deliver('mentee', step2)).toBe(true);
    expect(listComments(server).map((c) => [c.authorId, c.resolved, c.replies.map((r) => r.text)])).toEqual([
      [mentor.id, true, ['Oui.', 'Encore']],
      [mentee.id, false, []]
    ]);
    // and a fresh client's step 2, which carries nothing new but the whole delete set
    const fresh = replica();
    expect(cvCommentGuard(server, Y.encodeStateAsUpdate(fresh, Y.encodeStateVector(server)), { userId: mentor.id }).ok).toBe(true);
  });

  it('lets the mentor and the mentee toggle resolved at the same time', () => {
    let id = '';
    send('mentor', (d) => (id = comment(d, mentor)));
    const byMentee = changeOf('mentee', (d) => resolveComment(d, id));
    const byMentor = changeOf('mentor', (d) => resolveComment(d, id));
    expect(deliver('mentor', byMentor)).toBe(true);
    expect(deliver('mentee', byMentee)).toBe(true);
    expect(serverComment(id)?.resolved).toBe(true);
  });

  it('lets a reply reach a comment its author deleted meanwhile (it lands in deleted content)', () => {
    let id = '';
    send('mentor', (d) => (id = comment(d, mentor)));
    const late = changeOf('mentee', (d) => replyToComment(d, id, { text: 'Oui.', author: mentee }));
    expect(send('mentor', (d) => deleteComment(d, id, mentor.id))).toBe(true);
    expect(deliver('mentee', late)).toBe(true);
    expect(listComments(server)).toEqual([]);
  });
});

describe('CV comment guard: what a raw update must not do', () => {
  let id: string;
  let reply: string;
  beforeEach(() => {
    send('mentor', (d) => (id = comment(d, mentor)));
    send('mentor', (d) => (reply = replyToComment(d, id, { text: 'Une précision.', author: mentor })));
  });

  const unchanged = () => {
    expect(serverComment(id)).toMatchObject({ authorId: mentor.id, text: 'Nom complet ?', resolved: false });
    expect(serverComment(id)?.replies.map((r) => [r.authorId, r.text])).toEqual([[mentor.id, 'Une précision.']]);
  };

  it('refuses deleting someone else’s comment or reply', () => {
    expect(send('mentee', (d) => commentsMap(d).delete(id))).toContain('only its author may delete a comment');
    expect(send('mentee', (d) => (rawComment(d, id).get('replies') as Y.Array<unknown>).delete(0, 1))).toContain('only its author may delete a reply');
    expect(send('mentee', (d) => rawComment(d, id).delete('replies'))).toContain('a field of a comment is not removed');
    unchanged();
  });

  it('refuses changing someone else’s text, or anyone’s author, quote or date', () => {
    expect(send('mentee', (d) => rawComment(d, id).set('text', 'Rien à redire.'))).toContain('only its author may change a comment');
    expect(send('mentee', (d) => rawComment(d, id).set('authorId', mentee.id))).toContain('the field authorId');
    expect(send('mentor', (d) => rawComment(d, id).set('authorId', mentee.id))).toContain('the field authorId');
    expect(send('mentor', (d) => rawComment(d, id).set('quote', 'Amina'))).toContain('the field quote');
    expect(send('mentor', (d) => rawComment(d, id).set('createdAt', '2020-01-01T00:00:00.000Z'))).toContain('the field createdAt');
    expect(send('mentor', (d) => rawComment(d, id).delete('text'))).toContain('a field of a comment is not removed');
    expect(send('mentor', (d) => rawComment(d, id).set('resolved', 'yes'))).toContain('resolved is true or false');
    expect(send('mentor', (d) => rawComment(d, id).set('extra', 1))).toContain('the field extra');
    unchanged();
  });

  it('refuses writing a comment or a reply in someone else’s name, or a comment without its author', () => {
    expect(send('mentee', (d) => comment(d, mentor, 'Amina', 'Signé : le mentor'))).toContain('a comment is written in its author’s name only');
    expect(send('mentee', (d) => replyToComment(d, id, { text: 'Signé : le mentor', author: mentor }))).toContain('a reply is written in its author’s name only');
    expect(send('mentee', (d) => commentsMap(d).set('c-bare', new Y.Map()))).toContain('a comment carries its author');
    expect(send('mentee', (d) => commentsMap(d).set('c-text', 'not a comment' as never))).toContain('a comment is a map');
    unchanged();
    expect(listComments(server)).toHaveLength(1);
  });

  it('refuses replacing a comment under its id, even one’s own', () => {
    const replace = (who: Who) => (d: Y.Doc) => {
      const map = new Y.Map<unknown>();
      commentsMap(d).set(id, map);
      map.set('authorId', people[who].id);
    };
    expect(send('mentee', replace('mentee'))).toContain('only its author may delete a comment');
    expect(send('mentor', replace('mentor'))).toContain('a comment may only be added under a new id');
    unchanged();
  });

  it('refuses the whole update when typing comes with a forbidden change', () => {
    const mixed = (d: Y.Doc) =>
      d.transact(() => {
        setPlainText(getField(d, 'header/headline'), 'Cariste');
        commentsMap(d).delete(id);
      });
    expect(send('mentee', mixed)).toContain('only its author may delete a comment');
    expect(plainText(getField(server, 'header/headline'))).toBe('Magasinière cariste');
    unchanged();
  });

  it('refuses the same on a document just loaded from storage (its comments map not yet opened as a map)', () => {
    server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(docs.mentor));
    expect(server.share.get('comments')).not.toBeInstanceOf(Y.Map);
    expect(send('mentee', (d) => commentsMap(d).delete(id))).toContain('only its author may delete a comment');
    unchanged();
  });

  it('refuses an update placed beside content the server does not have yet', () => {
    // The mentor's reply reaches the mentee some other way than through the server; she answers right after it.
    const unsent = changeOf('mentor', (d) => replyToComment(d, id, { text: 'Pas encore envoyé', author: mentor }));
    Y.applyUpdate(docs.mentee, unsent);
    expect(send('mentee', (d) => replyToComment(d, id, { text: 'Réponse', author: mentee }))).toContain('depends on content the server does not have');
    unchanged();
  });

  it('refuses what it cannot place: an update after a missing one, a deletion of unknown content', () => {
    const first = changeOf('mentee', (d) => setPlainText(getField(d, 'header/headline'), 'Cariste'));
    const second = changeOf('mentee', (d) => replyToComment(d, id, { text: 'Plus tard', author: mentee }));
    expect(first.length).toBeGreaterThan(0);
    expect(deliver('mentee', second)).toContain('skips content the server does not have');
    // a deletion of the mentor's next items, which Yjs would keep and apply when they arrive
    expect(deliver('mentee', deleteOnly(docs.mentor.clientID, Y.getState(server.store, docs.mentor.clientID), 1000))).toContain('deletes content the server does not have');
    unchanged();
  });
});

/** A raw update that deletes `len` items of `client` from `clock` and inserts nothing. */
function deleteOnly(client: number, clock: number, len: number): Uint8Array {
  // structs: 0 clients; delete set: 1 client, 1 range (lib0 var-uints)
  const varUint = (n: number): number[] => {
    const out: number[] = [];
    while (n > 0x7f) {
      out.push(0x80 | (n & 0x7f));
      n = Math.floor(n / 128);
    }
    out.push(n);
    return out;
  };
  return new Uint8Array([0, 1, ...varUint(client), 1, ...varUint(clock), ...varUint(len)]);
}
