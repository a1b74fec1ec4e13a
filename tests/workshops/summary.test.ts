// After a workshop: the summary (columns with cards, groups with votes, actions, attendance), its PDF (A4, text
// pdfjs reads), Markdown and CSV in the asked language, the email to participants, the board read-only and still
// open to them, anonymous cards still anonymous everywhere, and an admin's moderation of one.
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { readPdf } from '../helpers/pdf.ts';
import { waitFor } from '../collab/collab-helpers.ts';
import type { RawPeer } from '../collab/raw-peer.ts';
import { ask, createWorkshop, expectOk, openDoc, socketOf, workshopFixture, type LiveSocket, type Person, type WorkshopFixture } from './helpers.ts';

let t: TestServer;
let f: WorkshopFixture;
const sockets: LiveSocket[] = [];
const peers: RawPeer[] = [];

beforeAll(async () => {
  t = await startTestServer({ mail: true });
  f = await workshopFixture(t, 3);
});
afterEach(() => {
  sockets.splice(0).forEach((s) => s.disconnect());
  peers.splice(0).forEach((p) => p.close());
});
afterAll(async () => t?.stop());

const fill = (m: Y.Map<unknown>, values: Record<string, unknown>) => {
  for (const [k, v] of Object.entries(values)) m.set(k, v);
  return m;
};
async function download(p: Person, path: string) {
  const res = await fetch(t.url + path, { headers: { cookie: p.cookie } });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

describe('after a workshop', () => {
  it('sums it up, exports it in three formats, mails it, and keeps the board read-only for its participants', async () => {
    const w = await createWorkshop(f, { title: 'Atelier « forces du CV »' });
    const [fatima, jonas, amelie] = f.participants;
    const lead = await socketOf(t, f.facilitator, sockets);
    await expectOk(ask(lead, 'workshop:start', { workshopId: w.id }));
    for (const p of [fatima, jonas]) await expectOk(ask(await socketOf(t, p, sockets), 'workshop:join', w.id));
    const at = (kind: string) => w.activities.findIndex((a) => a.kind === kind);

    // A named check-in card by Jonas.
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: at('checkin') }));
    const jb = await openDoc(t, jonas, w.documents.board);
    peers.push(jb);
    (jb.doc.getMap('board').get('cards') as Y.Map<unknown>).set(
      'in1',
      fill(new Y.Map(), { text: 'Content d’être là', colour: 'grey', column: 'c1', group: '', order: 'a0', anonymous: false, authorId: jonas.id, authorName: jonas.name, createdAt: '2026-12-10T09:31:00Z' })
    );
    // An anonymous card by Fatima, written privately and revealed by the facilitator.
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: at('private_writing'), anonymous: true }));
    const draft = await openDoc(t, fatima, `draft:${w.id}:${fatima.id}`);
    peers.push(draft);
    (draft.doc.getMap('draft').get('cards') as Y.Map<unknown>).set('d1', fill(new Y.Map(), { text: 'Je parle arabe, français et néerlandais', column: 'c2', order: 'a0' }));
    await waitFor(() => t.binome.collab.withDocument(`draft:${w.id}:${fatima.id}`, (d) => (d.getMap('draft').get('cards') as Y.Map<unknown>).has('d1')), 3000, 'draft');
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: at('reveal') }));
    await expectOk(ask(lead, 'workshop:reveal_all', { workshopId: w.id }));
    // The facilitator groups it; Jonas votes; an action for Fatima.
    const anonymousId = await t.binome.collab.withDocument(w.documents.board, (d) =>
      [...(d.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>).entries()].find(([, c]) => c.get('anonymous') === true)![0]
    );
    await t.binome.collab.withDocument(w.documents.board, (d) => {
      (d.getMap('board').get('groups') as Y.Map<unknown>).set('g1', fill(new Y.Map(), { title: 'Langues', column: 'c2', order: 'a0' }));
      (d.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>).get(anonymousId)!.set('group', 'g1');
      (d.getMap('board').get('actions') as Y.Map<unknown>).set('a1', fill(new Y.Map(), { text: 'Ajouter les langues en haut du CV', ownerId: fatima.id, ownerName: fatima.name, due: '2026-12-17', done: false, order: 'a0' }));
    });
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: at('vote') }));
    const js = await socketOf(t, jonas, sockets);
    await expectOk(ask(js, 'workshop:vote', { workshopId: w.id, target: { kind: 'group', id: 'g1' }, delta: 1 }));
    await expectOk(ask(js, 'workshop:vote', { workshopId: w.id, target: { kind: 'group', id: 'g1' }, delta: 1 }));

    // Before the end: leads see the summary (votes hidden until revealed), participants do not.
    const early = await f.facilitator.http.get(`/api/workshops/${w.id}/summary`);
    expect(early.status).toBe(200);
    expect(early.body.votesRevealed).toBe(false);
    expect((await fatima.http.get(`/api/workshops/${w.id}/summary`)).status).toBe(403);

    await expectOk(ask(lead, 'workshop:end', { workshopId: w.id }));
    const summary = (await fatima.http.get(`/api/workshops/${w.id}/summary`)).body;
    expect(summary.columns[0].cards).toEqual([expect.objectContaining({ text: 'Content d’être là', authorName: jonas.name })]);
    expect(summary.columns[1].groups).toEqual([{ id: 'g1', title: 'Langues', votes: 2, cards: 1 }]);
    expect(summary.columns[1].cards).toEqual([expect.objectContaining({ text: 'Je parle arabe, français et néerlandais', authorName: null, group: 'g1' })]);
    expect(summary.actions).toEqual([{ id: 'a1', text: 'Ajouter les langues en haut du CV', ownerName: fatima.name, due: '2026-12-17', done: false }]);
    expect(summary.attendance.filter((a: { present: boolean }) => a.present).map((a: { name: string }) => a.name).sort()).toEqual([fatima.name, jonas.name].sort());
    // Attendance names her; nothing ties her to her anonymous card.
    expect(JSON.stringify(summary.columns)).not.toContain(fatima.id);
    expect(JSON.stringify(summary.columns)).not.toContain(fatima.name);

    const md = await download(amelie, `/api/workshops/${w.id}/export.md?locale=nl`);
    expect(md.status).toBe(200);
    expect(md.type).toMatch(/text\/markdown/);
    const text = md.body.toString('utf8');
    expect(text).toContain('Samenvatting van het groepsatelier');
    expect(text).toContain('**Groep: Langues** (2 stemmen)');
    expect(text).toContain('Je parle arabe, français et néerlandais — *anoniem*');
    const csv = await download(amelie, `/api/workshops/${w.id}/export.csv?locale=en`);
    expect(csv.body.toString('utf8').split('\r\n')[0]).toBe('\ufefftype,column,group,text,author,votes,owner,due,done');
    expect(csv.body.toString('utf8')).toContain('action,,,Ajouter les langues en haut du CV,,,' + fatima.name + ',2026-12-17,');
    const pdf = await download(fatima, `/api/workshops/${w.id}/export.pdf`);
    expect(pdf.type).toBe('application/pdf');
    const read = await readPdf(pdf.body);
    expect(read.sizes[0].map(Math.round)).toEqual([595, 842]);
    expect(read.text).toContain('Synthèse de l’atelier collectif');
    expect(read.text).toContain('Je parle arabe, français et néerlandais');
    expect(read.text).toContain('anonyme');
    expect(read.text).not.toContain(fatima.id);

    // Everyone invited got the summary by email, in their language.
    await waitFor(() => t.outbox.filter((m) => m.subject.includes('forces du CV')).length === 3, 5000, `emails ${JSON.stringify(t.outbox.map((m) => m.subject))}`);
    const toFatima = t.outbox.find((m) => m.to === fatima.user.email)!;
    expect(toFatima.text).toContain('Ajouter les langues en haut du CV');

    // The board stays open to them, read-only.
    const after = await openDoc(t, fatima, w.documents.board);
    peers.push(after);
    expect((after.doc.getMap('board').get('cards') as Y.Map<unknown>).size).toBe(2);
    after.sendUpdate(after.quietly((d) => (d.getMap('board').get('actions') as Y.Map<Y.Map<unknown>>).get('a1')!.set('done', true)));
    expect(await after.waitDenied(1)).toBe('read-only');

    // Anonymity holds against facilitators and coordinators; an admin may look behind it for moderation.
    for (const who of [f.facilitator, f.coordinator]) expect((await who.http.get(`/api/workshops/${w.id}/cards/${anonymousId}/author`)).status).toBe(403);
    const author = await f.admin.http.get(`/api/workshops/${w.id}/cards/${anonymousId}/author`);
    expect(author.body).toEqual({ cardId: anonymousId, authorId: fatima.id, authorName: fatima.name });
  });
});
