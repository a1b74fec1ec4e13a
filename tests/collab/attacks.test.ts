// What one signed-in person can send over /collab, and that none of it harms the process, the document or the
// others: each attack found against the shared documents is a regression test here, against the real app.
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES, DENIED_REASONS } from '../../src/lib/shared/codes.ts';
import { addComment, listComments } from '../../src/lib/shared/cv/comments.ts';
import { cvDocName, cvRoot, getField } from '../../src/lib/shared/cv/model.ts';
import { plainText, setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { MongoCollabPersistence } from '../../server/data/collab-store.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, waitFor } from './collab-helpers.ts';
import { RawPeer } from './raw-peer.ts';

let t: TestServer;
let programmeId: string;
let orgId: string;
let coordinatorCookie: string;
const peers: RawPeer[] = [];
let people = 0;

const FIRST = ['Amélie', 'Joris', 'Grace', 'Youssef', 'Liesbeth', 'Oliver', 'Fatou', 'Pieter', 'Chloé', 'Hannah'];
const LAST = ['Martin', 'Van Damme', 'Whitfield', 'El Idrissi', 'Claes', 'Hughes', 'Ndiaye', 'Jacobs', 'Dubois', 'Peeters'];
const someone = () => {
  const i = people++;
  return `${FIRST[i % FIRST.length]} ${LAST[(i * 3) % LAST.length]}`;
};

async function newDuo() {
  const s = t.services;
  const names = [someone(), someone()];
  const mentor = await addMember(s, orgId, 'mentor', { name: names[0], programmeIds: [programmeId] });
  const mentee = await addMember(s, orgId, 'mentee', { name: names[1], programmeIds: [programmeId] });
  const duo = await createDuo(s, programmeId, mentor.id, mentee.id);
  return {
    duoId: duo.id,
    doc: cvDocName(duo.id),
    mentor: { ...mentor, name: names[0], cookie: cookieOf(await loginAs(t.url, mentor)) },
    mentee: { ...mentee, name: names[1], cookie: cookieOf(await loginAs(t.url, mentee)) }
  };
}

async function open(docName: string, cookie: string, clientID?: number): Promise<RawPeer> {
  const peer = await RawPeer.open(t.url, docName, cookie, clientID);
  peers.push(peer);
  return peer;
}

const healthy = async () => (await fetch(`${t.url}/api/health`)).status === 200;

beforeAll(async () => {
  t = await startTestServer({ documentLimits: { cvMaxBytes: 64 * 1024 } });
  const org = await createOrganisation(t.services, 'Duo pour l’Emploi Liège');
  orgId = org.id;
  programmeId = (await createProgramme(t.services, org.id, { name: 'Automne 2027' })).id;
  const coordinator = await addMember(t.services, org.id, 'coordinator', { name: 'Nadia Benali' });
  coordinatorCookie = cookieOf(await loginAs(t.url, coordinator));
});

afterAll(async () => {
  for (const p of peers) p.close();
  await t?.stop();
});

describe('awareness: what a reader or writer may publish', () => {
  it('closes a reader whose awareness state is nested 200,000 levels deep; the process and the document go on', async () => {
    const duo = await newDuo();
    const writer = await open(duo.doc, duo.mentor.cookie);
    const reader = await open(duo.doc, coordinatorCookie);
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    reader.sendAwarenessJson([{ clientId: reader.doc.clientID, clock: 1, json: `{"user":${deep}}` }]);
    expect(await reader.closed).toBe(CLOSE_CODES.malformedMessage);
    // A small state, but deep: refused by its nesting, not only by its size.
    const again = await open(duo.doc, coordinatorCookie);
    again.sendAwarenessJson([{ clientId: again.doc.clientID, clock: 1, json: '{"user":' + '['.repeat(40) + ']'.repeat(40) + '}' }]);
    expect(await again.closed).toBe(CLOSE_CODES.malformedMessage);
    expect(await healthy()).toBe(true);
    setPlainText(getField(writer.doc, 'header/name'), 'Fatou Ndiaye');
    const late = await open(duo.doc, duo.mentee.cookie);
    expect(plainText(getField(late.doc, 'header/name'))).toBe('Fatou Ndiaye');
  });

  it('closes a connection whose awareness state is too large; a connection publishes one client id only', async () => {
    const duo = await newDuo();
    const big = await open(duo.doc, duo.mentor.cookie);
    big.setAwareness({ user: { name: 'x'.repeat(10_000), color: '#123456' } });
    expect(await big.closed).toBe(CLOSE_CODES.malformedMessage);
    const many = await open(duo.doc, duo.mentor.cookie);
    const watcher = await open(duo.doc, coordinatorCookie);
    many.sendAwarenessJson([1, 2, 3, 4, 5].map((n) => ({ clientId: 9_000 + n, clock: 1, json: '{"user":{}}' })));
    await waitFor(() => watcher.awareness.has(9_001), 5_000, 'the first id is published');
    many.setAwareness({ user: { name: 'Joris', color: '#0369a1' } }, 2);
    // A change of its one id, sent after: once it arrives, the message before it was handled (and dropped).
    many.sendAwarenessJson([{ clientId: 9_001, clock: 2, json: '{"user":{},"section":"skills"}' }]);
    await waitFor(() => watcher.awareness.get(9_001)?.section === 'skills', 5_000, 'later change seen');
    const ids = await t.binome.collab.withDocument(duo.doc, (_d, shared) => [...shared.awareness.getStates().keys()]);
    expect(ids).toEqual([9_001]);
    expect(many.closeCode).toBeNull();
    expect(await healthy()).toBe(true);
  });

  it('never lets one connection set or remove the awareness state of another person’s client id', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    const watcher = await open(duo.doc, coordinatorCookie);
    mentor.setAwareness({ user: { name: 'Camille', color: '#0369a1' }, section: 'summary' });
    await waitFor(() => (watcher.awareness.get(mentor.doc.clientID)?.section as string) === 'summary', 5_000, 'mentor present');
    const mentee = await open(duo.doc, duo.mentee.cookie);
    // The mentee tries to remove the mentor's presence, then to speak for it: both are dropped (an honest
    // y-websocket client echoes others' states too, so this is no reason to close the connection).
    mentee.sendAwarenessJson([{ clientId: mentor.doc.clientID, clock: 2, json: 'null' }]);
    mentee.sendAwarenessJson([{ clientId: mentor.doc.clientID, clock: 3, json: '{"user":{"name":"Camille"},"section":"skills"}' }]);
    // Its own state, sent after, is taken: the two before it were read and dropped.
    mentee.setAwareness({ user: { name: 'Sofie', color: '#047857' }, section: 'education' });
    await waitFor(() => watcher.awareness.get(mentee.doc.clientID)?.section === 'education', 5_000, 'mentee present');
    const state = await t.binome.collab.withDocument(duo.doc, (_d, shared) => shared.awareness.getStates().get(mentor.doc.clientID));
    expect(state).toMatchObject({ section: 'summary' });
    expect(watcher.awareness.get(mentor.doc.clientID)).toMatchObject({ section: 'summary' });
  });

  it('shows the name the server knows and only a plain colour; a reader publishes presence only', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    const reader = await open(duo.doc, coordinatorCookie);
    const watcher = await open(duo.doc, duo.mentee.cookie);
    mentor.setAwareness({ user: { name: 'Administrateur', color: 'red;background:url(https://evil.example/x)' }, section: 'skills', extra: 'x' });
    reader.setAwareness({ user: { name: 'Nadia', color: '#7c3aed' }, cursor: { anchor: 1 }, section: 'summary' });
    await waitFor(() => watcher.awareness.has(mentor.doc.clientID) && watcher.awareness.has(reader.doc.clientID), 5_000, 'both present');
    const seenMentor = watcher.awareness.get(mentor.doc.clientID)!;
    expect(seenMentor.user).toEqual({ id: duo.mentor.id, name: duo.mentor.name, color: expect.stringMatching(/^#[0-9a-f]{6}$/i) });
    expect(seenMentor.section).toBe('skills');
    expect(seenMentor).not.toHaveProperty('extra');
    const seenReader = watcher.awareness.get(reader.doc.clientID)!;
    expect(Object.keys(seenReader)).toEqual(['user']);
    expect((seenReader.user as { name: string; color: string }).color).toBe('#7c3aed');
  });

  it('keeps nothing of a person who left: their state and its clock are removed from the server’s memory', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    const stay = await open(duo.doc, duo.mentee.cookie);
    mentor.setAwareness({ user: { name: 'Camille', color: '#0369a1' } });
    await waitFor(() => stay.awareness.has(mentor.doc.clientID), 5_000, 'present');
    const id = mentor.doc.clientID;
    mentor.close();
    await waitFor(() => stay.awareness.get(id) === null, 5_000, 'removal reached the others');
    const meta = await t.binome.collab.withDocument(duo.doc, (_d, shared) => shared.awareness.meta.has(id));
    expect(meta).toBe(false);
  });
});

describe('the schema: a writer cannot brick a CV', () => {
  it('refuses replacing the header by a string, a new root, an unknown key, a wrong kind and deleting structure', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    const attempts: [string, (d: Y.Doc) => void][] = [
      ['header replaced', (d) => cvRoot(d).set('header', 'x')],
      ['new root', (d) => d.getMap('evil').set('a', 1)],
      ['unknown key', (d) => cvRoot(d).set('password', 'hunter2')],
      ['wrong kind', (d) => (cvRoot(d).get('meta') as Y.Map<unknown>).set('template', 42)],
      ['structure deleted', (d) => cvRoot(d).delete('summary')],
      ['wrong node in rich text', (d) => getField(d, 'summary').insert(0, [new Y.XmlElement('script')])],
      ['embedded document', (d) => (cvRoot(d).get('experience') as Y.Map<unknown>).set('e1', new Y.Doc())]
    ];
    let denials = 0;
    for (const [what, change] of attempts) {
      const probe = new Y.Doc();
      Y.applyUpdate(probe, Y.encodeStateAsUpdate(mentor.doc));
      const before = Y.encodeStateVector(probe);
      change(probe);
      mentor.sendUpdate(Y.encodeStateAsUpdate(probe, before));
      const reason = await mentor.waitDenied(++denials, what);
      expect(reason, what).toMatch(new RegExp(`^${DENIED_REASONS.refused}: `));
    }
    // The mentor is still connected, and the document is whole for everyone.
    setPlainText(getField(mentor.doc, 'header/name'), 'Youssef El Idrissi');
    const late = await open(duo.doc, duo.mentee.cookie);
    await waitFor(() => plainText(getField(late.doc, 'header/name')) === 'Youssef El Idrissi', 5_000, 'edit after refusals');
    expect(late.doc.share.has('evil')).toBe(false);
    const pdf = await fetch(`${t.url}/api/duos/${duo.duoId}/cv/export.pdf`, { headers: { cookie: duo.mentor.cookie } });
    expect(pdf.status).toBe(200);
  });

  it('repairs a stored CV that was poisoned before the check: it opens, exports, and a version restores', async () => {
    const duo = await newDuo();
    // A version saved while the CV was whole.
    const mentor = await open(duo.doc, duo.mentor.cookie);
    setPlainText(getField(mentor.doc, 'header/name'), 'Liesbeth Claes');
    await waitFor(async () => (await t.binome.collab.withDocument(duo.doc, (d) => plainText(getField(d, 'header/name')))) === 'Liesbeth Claes', 5_000, 'stored');
    const saved = await fetch(`${t.url}/api/duos/${duo.duoId}/cv/versions`, {
      method: 'POST',
      headers: { cookie: duo.mentor.cookie, 'content-type': 'application/json', origin: t.url },
      body: JSON.stringify({ name: 'Avant' })
    });
    expect(saved.status).toBe(201);
    const versionId = ((await saved.json()) as { id: string }).id;
    mentor.close();
    await waitFor(() => !t.binome.collab.isLoaded(duo.doc), 5_000, 'unloaded');
    // Written straight into storage, as the unchecked server of before would have stored it.
    const poison = new Y.Doc();
    Y.applyUpdate(poison, Y.encodeStateAsUpdate(mentor.doc));
    const before = Y.encodeStateVector(poison);
    cvRoot(poison).set('header', 'x');
    cvRoot(poison).set('meta', 7);
    poison.getArray('stray').insert(0, ['junk']);
    await new MongoCollabPersistence(t.binome.connection).append(duo.doc, [Y.encodeStateAsUpdate(poison, before)]);

    const reopened = await open(duo.doc, duo.mentee.cookie);
    expect(reopened.closeCode).toBeNull();
    expect(() => getField(reopened.doc, 'header/name')).not.toThrow();
    expect(cvRoot(reopened.doc).get('meta')).toBeInstanceOf(Y.Map);
    expect(reopened.doc.getArray('stray').length).toBe(0);
    const pdf = await fetch(`${t.url}/api/duos/${duo.duoId}/cv/export.pdf`, { headers: { cookie: duo.mentee.cookie } });
    expect(pdf.status).toBe(200);
    const restored = await fetch(`${t.url}/api/duos/${duo.duoId}/cv/versions/${versionId}/restore`, {
      method: 'POST',
      headers: { cookie: duo.mentee.cookie, origin: t.url }
    });
    expect(restored.status).toBe(200);
    await waitFor(() => plainText(getField(reopened.doc, 'header/name')) === 'Liesbeth Claes', 5_000, 'restored name');
  });

  it('refuses growth past the type’s size limit with a clear reason, and still takes deletions', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    const summary = getField(mentor.doc, 'summary');
    for (let i = 0; mentor.denied.length === 0 && i < 40; i++) {
      mentor.doc.transact(() => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText('Expérience en logistique et en gestion de stock. '.repeat(80))]);
        summary.insert(summary.length, [paragraph]);
      });
      await new Promise((r) => setImmediate(r));
    }
    expect(await mentor.waitDenied(1, 'full')).toBe(DENIED_REASONS.tooLarge);
    const serverLength = () => t.binome.collab.withDocument(duo.doc, (d) => getField(d, 'summary').length);
    const before = await serverLength();
    expect(before).toBeGreaterThan(1);
    const denials = mentor.denied.length;
    mentor.doc.transact(() => summary.delete(0, 1));
    // The deletion is taken: the server's copy loses that paragraph, and nothing more was refused.
    await waitFor(async () => (await serverLength()) === before - 1, 5_000, 'deletion applied');
    expect(mentor.denied.length).toBe(denials);
  });

  it('refuses rich text nested deeper than its type allows (every reader walks it recursively)', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    let node = new Y.XmlElement('paragraph');
    const top = node;
    for (let i = 0; i < 40; i++) {
      const inner = new Y.XmlElement(i % 2 ? 'bulletList' : 'listItem');
      node.insert(0, [inner]);
      node = inner;
    }
    getField(mentor.doc, 'summary').insert(0, [top]);
    expect(await mentor.waitDenied(1, 'deep')).toMatch(/nests at most/);
    const pdf = await fetch(`${t.url}/api/duos/${duo.duoId}/cv/export.pdf`, { headers: { cookie: duo.mentor.cookie } });
    expect(pdf.status).toBe(200);
  });
});

describe('updates Yjs would read otherwise than the check', () => {
  it('refuses two blocks for one client id (Yjs applies only the last: the one that replaces the header)', async () => {
    const duo = await newDuo();
    const mentee = await open(duo.doc, duo.mentee.cookie);
    const own = mentee.doc.clientID;
    const clock = Y.getState(mentee.doc.store, own);
    const harmless = new Y.Item(Y.createID(own, clock), null, null, null, null, 'cv' as never, null, new Y.ContentDeleted(3));
    const harmful = new Y.Item(Y.createID(own, clock), null, null, null, null, 'cv' as never, 'header', new Y.ContentAny(['x']));
    mentee.sendUpdate(encodeBlocks([{ client: own, structs: [harmless] }, { client: own, structs: [harmful] }]));
    expect(await mentee.waitDenied(1, 'refused')).toMatch(/out of order/);
    expect(await t.binome.collab.withDocument(duo.doc, (d) => cvRoot(d).get('header'))).toBeInstanceOf(Y.Map);
  });

  it('refuses deleted content written over the structure (it would delete the header)', async () => {
    const duo = await newDuo();
    const mentee = await open(duo.doc, duo.mentee.cookie);
    const own = mentee.doc.clientID;
    const header = (cvRoot(mentee.doc) as unknown as { _map: Map<string, Y.Item> })._map.get('header')!;
    const over = new Y.Item(Y.createID(own, Y.getState(mentee.doc.store, own)), null, header.lastId, null, null, null, 'header', new Y.ContentDeleted(1));
    mentee.sendUpdate(encodeBlocks([{ client: own, structs: [over] }]));
    expect(await mentee.waitDenied(1, 'refused')).toMatch(/structure/);
    expect(await t.binome.collab.withDocument(duo.doc, (d) => cvRoot(d).get('header'))).toBeInstanceOf(Y.Map);
  });

  it('refuses a reference ahead of its own clock, which would make Yjs throw, without reloading the document', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    const mentee = await open(duo.doc, duo.mentee.cookie);
    const own = mentee.doc.clientID;
    const clock = Y.getState(mentee.doc.store, own);
    const field = getField(mentee.doc, 'header/name');
    const ahead = new Y.Item(Y.createID(own, clock), null, Y.createID(own, clock + 5), null, null, null, null, new Y.ContentString('x'));
    ahead.parent = (field as unknown as { _item: Y.Item })._item.id as never;
    mentee.sendUpdate(encodeBlocks([{ client: own, structs: [ahead] }]));
    expect(await mentee.waitDenied(1, 'refused')).toMatch(/^refused: /);
    expect(mentor.closeCode).toBeNull();
    setPlainText(getField(mentor.doc, 'header/name'), 'Hannah Peeters');
    await waitFor(() => plainText(getField(mentee.doc, 'header/name')) === 'Hannah Peeters', 5_000, 'still one document');
  });

  it('refuses a struct the server already has whose neighbour lies ahead of it (Yjs resolves it anyway, and throws)', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    const mentee = await open(duo.doc, duo.mentee.cookie);
    setPlainText(getField(mentee.doc, 'header/name'), 'Oliver Hughes');
    const own = mentee.doc.clientID;
    await waitFor(async () => (await t.binome.collab.withDocument(duo.doc, (d) => Y.getState(d.store, own))) > 3, 5_000, 'stored');
    // A replay of the mentee's own second unit, known to the server, but naming a neighbour far ahead.
    const replay = new Y.Item(Y.createID(own, 1), null, Y.createID(own, 1_000), null, null, null, null, new Y.ContentString('l'));
    mentee.sendUpdate(encodeBlocks([{ client: own, structs: [replay] }]));
    expect(await mentee.waitDenied(1, 'refused')).toMatch(/ahead/);
    expect(mentor.closeCode).toBeNull();
  });

  it('refuses an update that brings many new client ids at once (each is a binding kept with the document)', async () => {
    const duo = await newDuo();
    const mentee = await open(duo.doc, duo.mentee.cookie);
    const blocks = Array.from({ length: 40 }, (_, i) => ({ client: 700_000 + i, structs: [new Y.GC(Y.createID(700_000 + i, 0), 1)] }));
    mentee.sendUpdate(encodeBlocks(blocks));
    expect(await mentee.waitDenied(1, 'refused')).toMatch(/too many new client ids/);
    expect(await t.binome.collab.withDocument(duo.doc, (_d, shared) => shared.ownerOf(700_000))).toBeUndefined();
  });
});

describe('client ids: nobody writes under another person’s id', () => {
  it('refuses structs under the partner’s client id (their next clock), and the partner’s edit is not lost', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    setPlainText(getField(mentor.doc, 'header/headline'), 'Magasinier');
    await waitFor(async () => (await t.binome.collab.withDocument(duo.doc, (d) => plainText(getField(d, 'header/headline')))) === 'Magasinier', 5_000, 'mentor stored');
    // The mentee takes the mentor's client id and writes with it first.
    const thief = await open(duo.doc, duo.mentee.cookie, mentor.doc.clientID);
    // (their doc's client id equals the mentor's; the state they synced continues the mentor's clock)
    setPlainText(getField(thief.doc, 'header/name'), 'Usurpé');
    expect(await thief.waitDenied(1, 'refused')).toMatch(/another person/);
    setPlainText(getField(mentor.doc, 'header/headline'), 'Magasinier-cariste');
    const check = await open(duo.doc, duo.mentee.cookie);
    await waitFor(() => plainText(getField(check.doc, 'header/headline')) === 'Magasinier-cariste', 5_000, 'mentor’s edit kept');
    expect(plainText(getField(check.doc, 'header/name'))).toBe('');
  });

  it('refuses changes under the client id a present partner announced, before the partner ever typed', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    mentor.setAwareness({ user: { name: 'Camille', color: '#0369a1' } });
    const watcher = await open(duo.doc, coordinatorCookie);
    await waitFor(() => watcher.awareness.has(mentor.doc.clientID), 5_000, 'mentor present');
    const thief = await open(duo.doc, duo.mentee.cookie, mentor.doc.clientID);
    setPlainText(getField(thief.doc, 'header/name'), 'Pris d’avance');
    expect(await thief.waitDenied(1, 'refused')).toMatch(/another person/);
    // The mentor's own first words then arrive whole.
    setPlainText(getField(mentor.doc, 'header/name'), 'Camille Lefèvre');
    await waitFor(async () => (await t.binome.collab.withDocument(duo.doc, (d) => plainText(getField(d, 'header/name')))) === 'Camille Lefèvre', 5_000, 'mentor’s words kept');
  });

  it('keeps the binding with the document: after the document is unloaded and loaded again it still holds', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    setPlainText(getField(mentor.doc, 'header/phone'), '0470 12 34 56');
    const id = mentor.doc.clientID;
    await waitFor(async () => (await t.binome.collab.withDocument(duo.doc, (d) => plainText(getField(d, 'header/phone')))) !== '', 5_000, 'stored');
    mentor.close();
    await waitFor(() => !t.binome.collab.isLoaded(duo.doc), 5_000, 'unloaded');
    const thief = await open(duo.doc, duo.mentee.cookie, id);
    setPlainText(getField(thief.doc, 'header/phone'), '0000');
    expect(await thief.waitDenied(1, 'refused after reload')).toMatch(/another person/);
  });

  it('refuses a struct that continues the sender’s own text but names another parent (a forged comment change)', async () => {
    const duo = await newDuo();
    const mentor = await open(duo.doc, duo.mentor.cookie);
    const commentId = addComment(mentor.doc, {
      field: 'header/name',
      anchor: Y.createRelativePositionFromTypeIndex(getField(mentor.doc, 'header/name'), 0),
      head: Y.createRelativePositionFromTypeIndex(getField(mentor.doc, 'header/name'), 0),
      quote: '',
      text: 'Ajoute ton permis de conduire.',
      author: { id: duo.mentor.id, name: duo.mentor.name }
    });
    const mentee = await open(duo.doc, duo.mentee.cookie);
    await waitFor(() => listComments(mentee.doc).length === 1, 5_000, 'comment arrived');
    setPlainText(getField(mentee.doc, 'header/commune'), 'Anderlecht');
    const own = mentee.doc.clientID;
    const state = Y.getState(mentee.doc.store, own);
    await waitFor(async () => (await t.binome.collab.withDocument(duo.doc, (d) => Y.getState(d.store, own))) === state, 5_000, 'text stored');
    // One struct: its first unit is the mentee's last known one, the rest is a new text of the mentor's comment.
    // Checked beside the mentee's own text (where Yjs links it), it looked like typing; Yjs puts it in the comment.
    const comment = (mentee.doc.getMap('comments').get(commentId) as Y.Map<unknown>)._item!.id;
    const forged = structUpdate(own, state - 1, comment, 'text', ['x', 'Texte falsifié']);
    mentee.sendUpdate(forged);
    expect(await mentee.waitDenied(1, 'forged struct refused')).toMatch(/^refused: depends on content/);
    const comments = await t.binome.collab.withDocument(duo.doc, (d) => listComments(d));
    expect(comments.map((c) => [c.id, c.text])).toEqual([[commentId, 'Ajoute ton permis de conduire.']]);
  });
});

/** An update of one hand-made struct of plain values, under a map's key, starting at `clock`. */
function structUpdate(client: number, clock: number, parent: Y.ID, key: string, values: unknown[]): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoder.writeClient(client);
  encoding.writeVarUint(encoder.restEncoder, clock);
  const item = new Y.Item(Y.createID(client, clock), null, null, null, null, parent as never, key, new Y.ContentAny(values));
  item.write(encoder, 0);
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}

/** An update of hand-made blocks of structs (several blocks may name one client, as a forger may write them). */
function encodeBlocks(blocks: { client: number; structs: (Y.Item | Y.GC)[] }[]): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, blocks.length);
  for (const { client, structs } of blocks) {
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, structs[0].id.clock);
    for (const struct of structs) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}
