// What a participant's own client could try against a workshop, at the protocol level: updates that break the
// board's schema, cards in someone else's name, anonymous cards with an author, someone else's card changed,
// writing while locked or in the wrong activity, opening or writing someone else's draft, votes over the budget
// in parallel, huge or malformed payloads on every event. Each is refused and changes nothing; the server and
// the others carry on.
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopView } from '../../src/lib/shared/workshops/schemas.ts';
import { WORKSHOP_CLIENT_EVENTS } from '../../src/lib/shared/workshops/events.ts';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import { toId } from '../../server/data/models.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../collab/collab-helpers.ts';
import type { RawPeer } from '../collab/raw-peer.ts';
import { ask, createWorkshop, expectOk, openDoc, socketOf, within, workshopFixture, type LiveSocket, type Person, type WorkshopFixture } from './helpers.ts';

let t: TestServer;
let f: WorkshopFixture;
const sockets: LiveSocket[] = [];
const peers: RawPeer[] = [];

beforeAll(async () => {
  t = await startTestServer();
  f = await workshopFixture(t, 3);
});
afterEach(() => {
  sockets.splice(0).forEach((s) => s.disconnect());
  peers.splice(0).forEach((p) => p.close());
});
afterAll(async () => t?.stop());

const mapOf = (values: Record<string, unknown>) => {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(values)) m.set(k, v);
  return m;
};
const cardBy = (p: Person, extra: Record<string, unknown> = {}) =>
  mapOf({ text: 'Bonjour à tous', colour: 'grey', column: 'c1', group: '', order: 'a0', anonymous: false, authorId: p.id, authorName: p.name, createdAt: '2026-12-10T09:31:00.000Z', ...extra });

async function board(p: Person, w: WorkshopView): Promise<RawPeer> {
  const peer = await openDoc(t, p, w.documents.board);
  peers.push(peer);
  return peer;
}
const cardsOf = (peer: RawPeer) => peer.doc.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>;
/** Sends one change and waits for the server's answer: a refusal, or the change reaching another peer. */
async function attempt(peer: RawPeer, change: (doc: Y.Doc) => void): Promise<string | null> {
  const before = peer.denied.length;
  const update = peer.quietly(change);
  peer.sendUpdate(update);
  // A refusal comes back at once; the callers check the server's copy for what was accepted.
  try {
    await waitFor(() => peer.denied.length > before, 1500, 'refusal');
    return peer.denied[before];
  } catch {
    return null;
  }
}

async function liveWorkshop(kind: string, opts: { anonymous?: boolean } = {}) {
  const w = await createWorkshop(f);
  const lead = await socketOf(t, f.facilitator, sockets);
  await expectOk(ask(lead, 'workshop:start', { workshopId: w.id }));
  const index = w.activities.findIndex((a) => a.kind === kind);
  await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index, ...opts }));
  return { w, lead };
}

describe('board updates a participant may not make', () => {
  it('refuses what breaks the schema, writes in another name, or touches another’s card', async () => {
    const { w } = await liveWorkshop('checkin');
    const [fatima, jonas] = f.participants;
    const refusals: (string | null)[] = [];
    const attacks: ((doc: Y.Doc) => void)[] = [
      (doc) => doc.getMap('evil').set('x', 1), // a root nobody declared
      (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('c!', cardBy(fatima)), // a bad id
      (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('k1', cardBy(fatima, { text: 'x'.repeat(501) })), // too long
      (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('k2', cardBy(fatima, { colour: 'black' })),
      (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('k3', cardBy(jonas)), // forged author
      (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('k4', cardBy(fatima, { authorName: 'Jonas Peeters' })), // forged name
      (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('k5', cardBy(fatima, { anonymous: true })), // anonymous with author
      (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('k6', mapOf({ text: 'sans auteur', column: 'c1', order: 'a1', anonymous: false })),
      (doc) => (doc.getMap('board').get('columns') as Y.Map<unknown>).delete('c1'), // columns are the facilitator's
      (doc) => doc.getMap('board').set('cards', new Y.Map()) // replace a collection
    ];
    for (const attack of attacks) refusals.push(await attempt(await board(fatima, w), attack));
    expect(refusals.every((r) => r !== null && r.startsWith('refused'))).toBe(true);

    // A card of her own is fine; Jonas may neither change its text nor take its authorship.
    const mine = await board(fatima, w);
    expect(await attempt(mine, (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('own1', cardBy(fatima)))).toBeNull();
    const other = await board(jonas, w);
    await waitFor(() => cardsOf(other).has('own1'), 3000, 'card seen by Jonas');
    expect(await attempt(other, (doc) => (doc.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>).get('own1')!.set('text', 'piraté'))).toMatch(/^refused/);
    const third = await board(jonas, w);
    expect(await attempt(third, (doc) => (doc.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>).get('own1')!.set('authorId', jonas.id))).toMatch(/^refused/);
    const fourth = await board(jonas, w);
    expect(await attempt(fourth, (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).delete('own1'))).toMatch(/^refused/);
    const server = await t.binome.collab.withDocument(w.documents.board, (doc) => (doc.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>).toJSON());
    expect(Object.keys(server)).toEqual(['own1']);
    expect(server.own1).toMatchObject({ text: 'Bonjour à tous', authorId: fatima.id });
  });

  it('makes the board read-only for participants while locked, and gives it back', async () => {
    const { w, lead } = await liveWorkshop('checkin');
    const [fatima] = f.participants;
    const peer = await board(fatima, w);
    await expectOk(ask(lead, 'workshop:lock', { workshopId: w.id, locked: true }));
    expect(await attempt(peer, (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('l1', cardBy(fatima)))).toBe('read-only');
    // A connection opened while locked is read-only from the start.
    const late = await board(fatima, w);
    expect(await attempt(late, (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('l2', cardBy(fatima)))).toBe('read-only');
    await expectOk(ask(lead, 'workshop:lock', { workshopId: w.id, locked: false }));
    const again = await board(fatima, w);
    expect(await attempt(again, (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('l3', cardBy(fatima)))).toBeNull();
    const keys = await t.binome.collab.withDocument(w.documents.board, (doc) => [...(doc.getMap('board').get('cards') as Y.Map<unknown>).keys()]);
    expect(keys).toEqual(['l3']);
  });

  it('refuses cards on the board during private writing, and moves outside grouping', async () => {
    const { w } = await liveWorkshop('private_writing');
    const [fatima] = f.participants;
    expect(await attempt(await board(fatima, w), (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('p1', cardBy(fatima)))).toBe('read-only');
  });
});

describe('private drafts', () => {
  it('opens only for its writer, and takes writes only during private writing', async () => {
    const { w, lead } = await liveWorkshop('private_writing');
    const [fatima, jonas] = f.participants;
    const name = `draft:${w.id}:${fatima.id}`;
    for (const who of [jonas, f.facilitator, f.coordinator, f.admin]) {
      const intruder = await openDoc(t, who, name);
      peers.push(intruder);
      await within(intruder.closed, 'refusal of someone else’s draft');
      expect(intruder.closeCode).toBe(CLOSE_CODES.forbidden);
    }
    const own = await openDoc(t, fatima, name);
    peers.push(own);
    expect(await attempt(own, (doc) => (doc.getMap('draft').get('cards') as Y.Map<unknown>).set('d1', mapOf({ text: 'Mon idée', column: 'c2', order: 'a0' })))).toBeNull();
    const discuss = w.activities.findIndex((a) => a.kind === 'discuss');
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: discuss }));
    const later = await openDoc(t, fatima, name);
    peers.push(later);
    expect(await attempt(later, (doc) => (doc.getMap('draft').get('cards') as Y.Map<unknown>).set('d2', mapOf({ text: 'Trop tard', column: 'c2', order: 'a1' })))).toBe('read-only');
  });
});

describe('votes', () => {
  it('accepts exactly the budget out of 20 concurrent votes by one person', async () => {
    const { w, lead } = await liveWorkshop('checkin');
    const [fatima, jonas] = f.participants;
    const peer = await board(fatima, w);
    expect(await attempt(peer, (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).set('v1', cardBy(fatima)))).toBeNull();
    const voteAt = w.activities.findIndex((a) => a.kind === 'vote');
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: voteAt }));
    // Several sockets of one person, as from a phone and a laptop, each sending votes without waiting.
    const socks = await Promise.all([socketOf(t, jonas, sockets), socketOf(t, jonas, sockets), socketOf(t, jonas, sockets), socketOf(t, jonas, sockets)]);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ask<{ votesLeft: number }>(socks[i % 4], 'workshop:vote', { workshopId: w.id, target: { kind: 'card', id: 'v1' }, delta: 1 }))
    );
    // The cap (3 per card) stops them first; a group target takes the rest of the budget.
    expect(answers.filter((a) => a.ok)).toHaveLength(3);
    await t.services.workshopsRepo.workshops.updateOne({ _id: toId(w.id) }, { $set: { 'votes.cap': 20 } });
    await t.services.workshops.load(w.id);
    const more = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ask<{ votesLeft: number }>(socks[i % 4], 'workshop:vote', { workshopId: w.id, target: { kind: 'card', id: 'v1' }, delta: 1 }))
    );
    expect(more.filter((a) => a.ok)).toHaveLength(2);
    expect(more.filter((a) => !a.ok).every((a) => !a.ok && a.code === 'budget_exhausted')).toBe(true);
    expect(await t.services.workshopsRepo.votesUsed(toId(w.id), toId(jonas.id))).toBe(5);
    const tallies = await t.services.workshopsRepo.tallies((await t.services.workshops.load(w.id))._id);
    expect(tallies).toEqual([{ kind: 'card', id: 'v1', count: 5 }]);
    // Retracting concurrently never goes below zero.
    const back = await Promise.all(Array.from({ length: 10 }, (_, i) => ask(socks[i % 4], 'workshop:vote', { workshopId: w.id, target: { kind: 'card', id: 'v1' }, delta: -1 })));
    expect(back.filter((a) => a.ok)).toHaveLength(5);
    expect(await t.services.workshopsRepo.tallies((await t.services.workshops.load(w.id))._id)).toEqual([]);
  });
});

describe('payloads', () => {
  // Every event that answers (leaving a room has no answer).
  const EVENTS = WORKSHOP_CLIENT_EVENTS.filter((e) => e !== 'workshop:leave');

  it('answers malformed payloads of every event with invalid, and changes nothing', async () => {
    const { w, lead } = await liveWorkshop('checkin');
    const bad = [null, 42, 'x', [], { workshopId: w.id, $gt: '' }, { workshopId: { $ne: null } }, { workshopId: w.id, index: -1, op: 'explode', text: 'x'.repeat(20_000) }];
    for (const event of EVENTS) {
      for (const payload of bad) {
        const a = await ask(lead, event, payload);
        expect(a.ok, `${event} ${JSON.stringify(payload).slice(0, 60)}`).toBe(false);
      }
    }
    const after = await t.services.workshops.load(w.id);
    expect(after.state).toBe('live');
    expect(after.live.locked).toBe(false);
    expect(after.live.facilitatorNotes).toBe('');
  });

  it('drops a socket that sends a huge payload on any event; the server and the others carry on', async () => {
    const { w, lead } = await liveWorkshop('checkin');
    const huge = 'x'.repeat(200_000);
    for (const event of EVENTS) {
      const s = await socketOf(t, f.participants[0], sockets);
      const gone = new Promise<void>((resolve) => s.once('disconnect', () => resolve()));
      (s.emit as (e: string, p: unknown, ack: () => void) => void)(event, { workshopId: w.id, text: huge }, () => {});
      await within(gone, `disconnect after a huge ${event}`);
    }
    expect(await ask(lead, 'workshop:lock', { workshopId: w.id, locked: true })).toEqual({ ok: true });
  });
});
