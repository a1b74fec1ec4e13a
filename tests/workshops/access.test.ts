// Who keeps the board, and what never travels: a participant taken out of the workshop or the organisation loses
// the board, their draft and the room at once; an anonymous card's author never reaches another client, in any
// board update, awareness message or Socket.IO payload; the timer runs on the server's clock, announces one
// minute and zero, and locks the board at zero when asked.
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveState } from '../../src/lib/shared/workshops/model.ts';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, waitFor } from '../collab/collab-helpers.ts';
import { addMember, loginAs } from '../helpers/factories.ts';
import type { RawPeer } from '../collab/raw-peer.ts';
import { ask, createWorkshop, expectOk, openDoc, socketOf, within, workshopFixture, type LiveSocket, type WorkshopFixture } from './helpers.ts';

let t: TestServer;
let f: WorkshopFixture;
const sockets: LiveSocket[] = [];
const peers: RawPeer[] = [];

beforeAll(async () => {
  t = await startTestServer();
  f = await workshopFixture(t, 4);
});
afterEach(() => {
  sockets.splice(0).forEach((s) => s.disconnect());
  peers.splice(0).forEach((p) => p.close());
});
afterAll(async () => t?.stop());

async function started(kind: string, opts: Record<string, unknown> = {}) {
  const w = await createWorkshop(f);
  const lead = await socketOf(t, f.facilitator, sockets);
  await expectOk(ask(lead, 'workshop:join', w.id));
  await expectOk(ask(lead, 'workshop:start', { workshopId: w.id }));
  await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: w.activities.findIndex((a) => a.kind === kind), ...opts }));
  return { w, lead };
}
const open = async (p: (typeof f.participants)[number], name: string) => {
  const peer = await openDoc(t, p, name);
  peers.push(peer);
  return peer;
};

describe('losing the board at once', () => {
  it('closes the board and the draft of someone taken out of the workshop, and takes them out of the room', async () => {
    const { w, lead } = await started('private_writing');
    const kwame = f.participants[3];
    const boardPeer = await open(kwame, w.documents.board);
    const draftPeer = await open(kwame, `draft:${w.id}:${kwame.id}`);
    const s = await socketOf(t, kwame, sockets);
    await expectOk(ask(s, 'workshop:join', w.id));
    const states: LiveState[] = [];
    s.on('workshop:state', (x) => states.push(x));
    const removed = await f.coordinator.http.delete(`/api/workshops/${w.id}/participants/${kwame.id}`);
    expect(removed.status).toBe(204);
    await within(boardPeer.closed, 'board closed');
    await within(draftPeer.closed, 'draft closed');
    expect(boardPeer.closeCode).toBe(CLOSE_CODES.accessRevoked);
    expect(draftPeer.closeCode).toBe(CLOSE_CODES.accessRevoked);
    // The room no longer reaches them: a later change of state is not sent to their socket.
    await waitFor(async () => !(await t.binome.io.in(`workshop:${w.id}`).fetchSockets()).some((x) => x.id === s.id), 3000, 'left the room');
    const before = states.length;
    await expectOk(ask(lead, 'workshop:lock', { workshopId: w.id, locked: true }));
    expect(states.length).toBe(before);
    expect(await ask(s, 'workshop:join', w.id)).toMatchObject({ ok: false, code: 'not_found' });
    const again = await openDoc(t, kwame, w.documents.board);
    peers.push(again);
    await within(again.closed, 'refused');
    expect(again.closeCode).toBe(CLOSE_CODES.forbidden);
  });

  it('closes the board of someone removed from the organisation', async () => {
    const { w } = await started('checkin');
    const u = await addMember(t.services, f.orgId, 'mentee', { name: 'Sofie Vandenbroucke', programmeIds: [f.programmeId] });
    const http = await loginAs(t.url, u);
    const sofie = { user: u, id: u.id, name: u.user.name, http, cookie: cookieOf(http) };
    expect((await f.coordinator.http.post(`/api/workshops/${w.id}/participants`, { userIds: [sofie.id] })).status).toBe(200);
    const boardPeer = await open(sofie, w.documents.board);
    const removed = await f.coordinator.http.delete(`/api/organisations/${f.orgId}/members/${sofie.user.membershipId}`);
    expect(removed.status).toBe(204);
    await within(boardPeer.closed, 'board closed');
    expect(boardPeer.closeCode).toBe(CLOSE_CODES.accessRevoked);
  });
});

describe('anonymous authorship', () => {
  it('never sends the author of an anonymous card to anyone else, facilitators included', async () => {
    const { w, lead } = await started('private_writing', { anonymous: true, revealMode: 'each' });
    const [fatima, jonas] = f.participants;
    // Everything every other client receives, raw.
    const received: string[] = [];
    const listen = (peer: RawPeer) => peer.ws.on('message', (d: Buffer) => received.push(Buffer.from(d).toString('latin1'), Buffer.from(d).toString('utf8')));
    const others = [await open(jonas, w.documents.board), await openDoc(t, f.facilitator, w.documents.board), await openDoc(t, f.coordinator, w.documents.board)];
    peers.push(others[1], others[2]);
    others.forEach(listen);
    others.forEach((p) => p.setAwareness({ user: { name: 'x', color: '#123456' }, column: 'c2', typing: true }));
    const watchers = [lead, await socketOf(t, jonas, sockets), await socketOf(t, f.coordinator, sockets)];
    for (const s of watchers.slice(1)) await expectOk(ask(s, 'workshop:join', w.id));
    for (const s of watchers) s.onAny((event, ...args) => received.push(event, JSON.stringify(args)));

    // Fatima writes privately, reveals one card herself, edits it, then a vote and the summary.
    const draft = await open(fatima, `draft:${w.id}:${fatima.id}`);
    draft.setAwareness({ user: { name: fatima.name, color: '#654321' } });
    const cards = draft.doc.getMap('draft').get('cards') as Y.Map<Y.Map<unknown>>;
    const card = new Y.Map<unknown>();
    card.set('text', 'J’ai peur de la question sur le trou dans mon CV');
    card.set('column', 'c2');
    card.set('order', 'a0');
    cards.set('mine1', card);
    await waitFor(
      () => t.binome.collab.withDocument(`draft:${w.id}:${fatima.id}`, (doc) => (doc.getMap('draft').get('cards') as Y.Map<unknown>).has('mine1')),
      3000,
      'draft stored'
    );
    const mineSocket = await socketOf(t, fatima, sockets);
    await expectOk(ask(mineSocket, 'workshop:join', w.id));
    await expectOk(ask(mineSocket, 'workshop:reveal_card', { workshopId: w.id, draftCardId: 'mine1' }));
    const boardCards = () => others[0].doc.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>;
    await waitFor(() => boardCards().size === 1, 3000, 'revealed card');
    const [cardId] = [...boardCards().keys()];
    await expectOk(ask(mineSocket, 'workshop:edit_my_card', { workshopId: w.id, cardId, text: 'J’ai peur de la question sur le trou de deux ans' }));
    await waitFor(() => boardCards().get(cardId)?.get('text') === 'J’ai peur de la question sur le trou de deux ans', 3000, 'edited card');
    // Someone else cannot edit it through the server either.
    expect(await ask(watchers[1], 'workshop:edit_my_card', { workshopId: w.id, cardId, text: 'piraté' })).toMatchObject({ ok: false, code: 'not_found' });
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: w.activities.findIndex((a) => a.kind === 'vote') }));
    await expectOk(ask(watchers[1], 'workshop:vote', { workshopId: w.id, target: { kind: 'card', id: cardId }, delta: 1 }));
    await expectOk(ask(lead, 'workshop:reveal_tallies', { workshopId: w.id, revealed: true }));
    await waitFor(() => received.some((r) => r === 'workshop:tallies'), 3000, 'tallies');

    // The card is the server's: made under the server's client id, with no author field.
    const serverClient = await t.binome.collab.withDocument(w.documents.board, (doc) => doc.clientID);
    const item = (boardCards().get(cardId) as unknown as { _item: { id: { client: number } } })._item;
    expect(item.id.client).toBe(serverClient);
    expect(boardCards().get(cardId)!.toJSON()).not.toHaveProperty('authorId');
    const all = received.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    expect(all).toContain('trou de deux ans');
    expect(all).not.toContain(fatima.id);
    expect(all).not.toContain(fatima.name);
    // Her own state tells her which card is hers.
    const me = await ask<{ me: { myCards: string[] } }>(mineSocket, 'workshop:join', w.id);
    expect(me.ok && me.value!.me.myCards).toEqual([cardId]);
  });
});

describe('the timer', () => {
  it('runs on the server’s clock, announces one minute and zero, and locks at zero', async () => {
    const { w, lead } = await started('checkin');
    const [fatima] = f.participants;
    const s = await socketOf(t, fatima, sockets);
    const joined = await expectOk(ask<{ state: LiveState }>(s, 'workshop:join', w.id));
    expect(joined!.state.serverNow).toBe(t.clock.now().getTime());
    const alerts: string[] = [];
    const states: LiveState[] = [];
    s.on('workshop:timer_alert', (a) => alerts.push(a.at));
    s.on('workshop:state', (x) => states.push(x));
    await expectOk(ask(lead, 'workshop:timer', { workshopId: w.id, op: 'start', minutes: 2, lockAtZero: true }));
    await waitFor(() => states.some((x) => x.timer.endsAt !== null), 3000, 'timer state');
    const endsAt = states.at(-1)!.timer.endsAt!;
    expect(endsAt).toBe(t.clock.now().getTime() + 120_000);
    // A reload lands on the same end time.
    const reloaded = await socketOf(t, fatima, sockets);
    expect((await expectOk(ask<{ state: LiveState }>(reloaded, 'workshop:join', w.id)))!.state.timer.endsAt).toBe(endsAt);

    const peer = await open(fatima, w.documents.board);
    t.clock.advance(61_000);
    await waitFor(() => alerts.includes('one_minute'), 3000, 'one-minute alert');
    expect(alerts).toEqual(['one_minute']);
    t.clock.advance(60_000);
    await waitFor(() => alerts.includes('zero'), 3000, 'zero alert');
    await waitFor(() => states.at(-1)!.locked, 3000, 'locked at zero');
    const update = peer.quietly((doc) => {
      const card = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ text: 'trop tard', colour: 'grey', column: 'c1', group: '', order: 'a0', anonymous: false, authorId: fatima.id, authorName: fatima.name, createdAt: 'x' })) card.set(k, v);
      (doc.getMap('board').get('cards') as Y.Map<unknown>).set('late', card);
    });
    peer.sendUpdate(update);
    expect(await peer.waitDenied(1)).toBe('read-only');
    // Adding time gives the board back.
    await expectOk(ask(lead, 'workshop:timer', { workshopId: w.id, op: 'add', minutes: 1 }));
    await waitFor(() => !states.at(-1)!.locked, 3000, 'unlocked');
  });
});
