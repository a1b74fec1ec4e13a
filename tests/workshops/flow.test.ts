// A whole workshop at the server's level: created from a template, people invited and joining by code, started,
// activities advanced, private drafts revealed anonymously, grouped, voted within the budget, actions written,
// ended; then the summary and "my workshops". Real server, real Socket.IO and y-websocket peers.
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveState, MyLiveState } from '../../src/lib/shared/workshops/model.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../collab/collab-helpers.ts';
import { ask, createWorkshop, expectOk, openDoc, socketOf, workshopFixture, type LiveSocket, type WorkshopFixture } from './helpers.ts';

let t: TestServer;
let f: WorkshopFixture;
const sockets: LiveSocket[] = [];

beforeAll(async () => {
  t = await startTestServer();
  f = await workshopFixture(t, 3);
});
afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
afterAll(async () => t?.stop());

describe('a workshop from plan to summary', () => {
  it('is created from a template in its language, with its columns on the board', async () => {
    const w = await createWorkshop(f, { locale: 'nl', templateId: 'midway_checkin', title: 'Tussentijdse evaluatie' });
    expect(w.columns.map((c) => c.title)).toEqual(['Kennismaking', 'Wat vooruitgaat', 'Wat vastloopt', 'Wat ik wil veranderen']);
    expect(w.activities[0].kind).toBe('checkin');
    expect(w.participants.map((p) => p.name).sort()).toEqual(f.participants.map((p) => p.name).sort());
    expect(w.join?.code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
    const peer = await openDoc(t, f.participants[0], w.documents.board);
    const columns = peer.doc.getMap('board').get('columns') as Y.Map<Y.Map<unknown>>;
    expect([...columns.values()].map((c) => c.get('title')).sort()).toEqual(['Kennismaking', 'Wat ik wil veranderen', 'Wat vastloopt', 'Wat vooruitgaat']);
    peer.ws.close();
  });

  it('runs: join by code, private writing revealed anonymously, votes within budget, actions, end', async () => {
    const w = await createWorkshop(f);
    const [ann, jonas, amelie] = f.participants;
    // Someone of the programme joins with the code typed in lower case with a space.
    const code = w.join!.code;
    const joined = await f.outsider.http.post('/api/workshops/join', { code: `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}` });
    expect(joined.status).toBe(200);
    expect(joined.body.me.participant).toBe(true);

    const lead = await socketOf(t, f.facilitator, sockets);
    const states: LiveState[] = [];
    const mine: MyLiveState[] = [];
    const p0 = await socketOf(t, ann, sockets);
    p0.on('workshop:state', (s) => states.push(s));
    p0.on('workshop:me', (m) => mine.push(m));
    const j = await expectOk(ask<{ state: LiveState; me: MyLiveState }>(p0, 'workshop:join', w.id));
    expect(j!.state.state).toBe('planned');
    await expectOk(ask(lead, 'workshop:join', w.id));
    await expectOk(ask(lead, 'workshop:start', { workshopId: w.id }));
    await waitFor(() => states.some((s) => s.state === 'live'), 5000, 'live state');

    // Private writing, anonymous.
    const writing = w.activities.findIndex((a) => a.kind === 'private_writing');
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: writing, anonymous: true, revealMode: 'all' }));
    const drafts = await Promise.all([ann, jonas].map((p) => openDoc(t, p, `draft:${w.id}:${p.id}`)));
    drafts.forEach((d, i) => {
      const cards = d.doc.getMap('draft').get('cards') as Y.Map<Y.Map<unknown>>;
      const card = new Y.Map<unknown>();
      card.set('text', i === 0 ? 'Je parle trois langues' : 'Ik heb een rijbewijs C');
      card.set('column', 'c2');
      card.set('order', 'a0');
      cards.set(`d${i}`, card);
    });
    // Nobody else may open a draft.
    const intruder = await openDoc(t, amelie, `draft:${w.id}:${ann.id}`).catch((e: Error) => e);
    expect(intruder instanceof Error || intruder.closeCode !== null).toBe(true);

    const board = await openDoc(t, amelie, w.documents.board);
    const cards = () => board.doc.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>;
    await waitFor(async () => {
      const texts = await t.binome.collab.withDocument(`draft:${w.id}:${jonas.id}`, (doc) => JSON.stringify(doc.getMap('draft').toJSON()));
      return texts.includes('rijbewijs');
    }, 5000, 'draft stored');
    await expectOk(ask(lead, 'workshop:reveal_all', { workshopId: w.id }));
    await waitFor(() => cards().size === 2, 5000, 'revealed cards');
    for (const c of cards().values()) {
      expect(c.get('anonymous')).toBe(true);
      expect(c.has('authorId')).toBe(false);
      expect(c.has('authorName')).toBe(false);
    }
    await waitFor(() => mine.some((m) => m.myCards.length === 1), 5000, 'my cards');

    // Votes: five at most, three per card.
    const voting = w.activities.findIndex((a) => a.kind === 'vote');
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: voting }));
    const [first, second] = [...cards().keys()];
    const p1 = await socketOf(t, jonas, sockets);
    await expectOk(ask(p1, 'workshop:join', w.id));
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await ask<{ votesLeft: number }>(p1, 'workshop:vote', { workshopId: w.id, target: { kind: 'card', id: first }, delta: 1 }));
    expect(answers.map((a) => a.ok)).toEqual([true, true, true, false]);
    expect(answers[3]).toMatchObject({ ok: false, code: 'cap_reached' });
    expect(await ask(p1, 'workshop:vote', { workshopId: w.id, target: { kind: 'card', id: second }, delta: 1 })).toMatchObject({ ok: true, value: { votesLeft: 1 } });
    expect(await ask(p1, 'workshop:vote', { workshopId: w.id, target: { kind: 'card', id: second }, delta: 1 })).toMatchObject({ ok: true, value: { votesLeft: 0 } });
    expect(await ask(p1, 'workshop:vote', { workshopId: w.id, target: { kind: 'card', id: second }, delta: 1 })).toMatchObject({ ok: false, code: 'budget_exhausted' });
    // A facilitator does not vote.
    expect(await ask(lead, 'workshop:vote', { workshopId: w.id, target: { kind: 'card', id: second }, delta: 1 })).toMatchObject({ ok: false, code: 'forbidden' });
    const tallies: unknown[] = [];
    p0.on('workshop:tallies', (x) => tallies.push(x));
    await expectOk(ask(lead, 'workshop:reveal_tallies', { workshopId: w.id, revealed: true }));
    await waitFor(() => tallies.length > 0, 5000, 'tallies');
    expect(tallies[0]).toEqual(expect.arrayContaining([{ target: { kind: 'card', id: first }, count: 3 }, { target: { kind: 'card', id: second }, count: 2 }]));

    // Actions, then the end.
    const actionsAt = w.activities.findIndex((a) => a.kind === 'actions');
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: actionsAt }));
    await waitFor(async () => (await t.services.workshops.load(w.id)).live.current === actionsAt, 3000, 'actions activity');
    // Tallies shown in one vote are hidden again at the next activity: a later vote's counts are not live for everyone.
    expect((await t.services.workshops.load(w.id)).live.votesRevealed).toBe(false);
    const boardOfJonas = await openDoc(t, jonas, w.documents.board);
    const actions = boardOfJonas.doc.getMap('board').get('actions') as Y.Map<Y.Map<unknown>>;
    const action = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ text: 'Envoyer le CV à trois entreprises', ownerId: jonas.id, ownerName: jonas.name, due: '2026-12-20', done: false, order: 'a0' })) action.set(k, v);
    actions.set('act1', action);
    await waitFor(() => ((board.doc.getMap('board').get('actions') as Y.Map<unknown>)?.size ?? 0) === 1, 5000, `action on the board (${boardOfJonas.denied})`);
    expect(boardOfJonas.denied).toEqual([]);
    await expectOk(ask(lead, 'workshop:end', { workshopId: w.id }));
    await waitFor(() => states.some((s) => s.state === 'ended'), 5000, 'ended');

    const history = await jonas.http.get('/api/workshops/mine');
    expect(history.status).toBe(200);
    const entry = history.body.find((x: { id: string }) => x.id === w.id);
    expect(entry.myCards.map((c: { text: string }) => c.text)).toEqual(['Ik heb een rijbewijs C']);
    expect(entry.myActions.map((a: { text: string }) => a.text)).toEqual(['Envoyer le CV à trois entreprises']);
    expect(entry.attended).toBe(true);
    for (const peer of [...drafts, board, boardOfJonas]) peer.ws.close();
  });
});
