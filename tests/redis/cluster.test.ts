// Several nodes on one Redis and one database (`npm run test:redis`, needs Debian's redis-server): two Binôme
// nodes in this process share the embedded engine, started once as a standalone TCP server, and a redis-server
// this file starts on a free port. y-websocket clients on different nodes edit one CV together; presence crosses;
// a node that opens a document already open elsewhere catches up; an access change made through one node closes
// the sockets on the other; each update is stored once; a compaction waits for the lock another node holds.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { io as connectLive } from 'socket.io-client';
import type { AccessChangedPayload } from '../../src/lib/shared/live-events.ts';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import { SEED_CLIENT_ID, cvDocName, getField } from '../../src/lib/shared/cv/model.ts';
import { plainText, setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/index.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, openCv, waitFor, type LiveClient } from '../collab/collab-helpers.ts';
import { addCards } from '../../server/domain/workshops/board-ops.ts';
import { ask, createWorkshop, expectOk, openDoc, socketOf, workshopFixture } from '../workshops/helpers.ts';
import { Opened } from './opened.ts';
import { RedisServer } from './redis-server.ts';

let engine: EmbeddedMongo;
let redis: RedisServer;
let redisUrl: string;
let nodes: TestServer[] = [];
const opened = new Opened();
const { clients, sockets, peers } = opened;

beforeAll(async () => {
  redis = await RedisServer.start();
  redisUrl = redis.url;
  engine = await startEmbeddedMongo({ port: 0, transport: 'tcp' });
  // Every node signs and reads the same session cookies.
  const env = { MONGODB_URI: engine.uri, REDIS_URL: redisUrl, SESSION_SECRET: randomBytes(32).toString('hex') };
  const dbName = `binome_cluster_${process.pid}`;
  nodes = await Promise.all([startTestServer({ env, dbName }), startTestServer({ env, dbName })]);
});


afterEach(() => opened.closeAll());

afterAll(async () => {
  for (const node of nodes) await node.stop();
  await engine?.stop();
  await redis?.stop();
});

/** A running duo in an organisation of its own; people log in through the first node. */
async function duo(names: { mentor: string; mentee: string }) {
  const s = nodes[0].services;
  const org = await createOrganisation(s);
  const programme = await createProgramme(s, org.id);
  const mentor = await addMember(s, org.id, 'mentor', { name: names.mentor, programmeIds: [programme.id] });
  const mentee = await addMember(s, org.id, 'mentee', { name: names.mentee, programmeIds: [programme.id] });
  const d = await createDuo(s, programme.id, mentor.id, mentee.id);
  return { mentor, mentee, docName: cvDocName(d.id) };
}

async function open(node: TestServer, docName: string, cookie: string): Promise<LiveClient> {
  const c = openCv(node.url, docName, cookie);
  clients.push(c);
  await waitFor(() => c.provider.synced, 10_000, `synced on ${node.url}`);
  return c;
}

const field = (c: LiveClient, path: string) => plainText(getField(c.doc, path));

/** The CV's records in the shared database, each decoded: which (client, clock) ranges it holds. */
async function storedRanges(docName: string): Promise<{ client: number; from: number; to: number }[][]> {
  const records = await nodes[0].binome.connection.collection('collab_updates').find({ doc: docName }).toArray();
  return records.map((r) => {
    const { structs } = Y.decodeUpdate(new Uint8Array((r.data as { buffer: Uint8Array }).buffer));
    return structs.map((s) => ({ client: s.id.client, from: s.id.clock, to: s.id.clock + s.length }));
  });
}

describe('two nodes on one Redis', () => {
  it('lets a mentor and a mentee on different nodes edit one CV, with their presence, each update stored once', async () => {
    const p = await duo({ mentor: 'Margaux Lefèvre', mentee: 'Sem de Groot' });
    const mentor = await open(nodes[0], p.docName, cookieOf(await loginAs(nodes[0].url, p.mentor)));
    const mentee = await open(nodes[1], p.docName, cookieOf(await loginAs(nodes[0].url, p.mentee)));
    setPlainText(getField(mentor.doc, 'header/headline'), 'Magasinier cariste');
    setPlainText(getField(mentee.doc, 'header/name'), 'Sem de Groot');
    await waitFor(() => field(mentee, 'header/headline') === 'Magasinier cariste', 5_000, 'the mentor’s change on the other node');
    await waitFor(() => field(mentor, 'header/name') === 'Sem de Groot', 5_000, 'the mentee’s change on the other node');

    mentor.provider.awareness.setLocalStateField('cursor', null);
    await waitFor(() => [...mentee.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'Margaux Lefèvre'), 5_000, 'the mentor’s presence on the other node');

    for (let i = 0; i < 10; i++) setPlainText(getField(i % 2 ? mentor.doc : mentee.doc, 'header/commune'), `Gent ${i}`);
    await waitFor(() => field(mentor, 'header/commune') === field(mentee, 'header/commune'), 5_000, 'converged');
    await Promise.all(nodes.map((n) => n.binome.collab.flush()));
    // No person's struct is in two records: the node that received an update stored it, the other did not.
    // The CV's seed is the one exception, by design: its structs are identical wherever they are made (a fixed
    // client id, cv/model.ts), so each node that found the document empty may store it once, idempotently.
    const seen = new Map<number, [number, number][]>();
    const records = await storedRanges(p.docName);
    expect(records.filter((r) => r.some((s) => s.client === SEED_CLIENT_ID)).length).toBeLessThanOrEqual(nodes.length);
    for (const record of records) {
      for (const { client, from, to } of record) {
        if (client === SEED_CLIENT_ID) continue;
        const ranges = seen.get(client) ?? [];
        expect(ranges.some(([a, b]) => from < b && a < to)).toBe(false);
        ranges.push([from, to]);
        seen.set(client, ranges);
      }
    }
    expect(seen.has(mentor.doc.clientID)).toBe(true);
    expect(seen.has(mentee.doc.clientID)).toBe(true);
  });

  it('catches a node up that opens a document already open elsewhere, without waiting for it to be stored', async () => {
    const p = await duo({ mentor: 'Olivia Brown', mentee: 'Lotte Jacobs' });
    const mentor = await open(nodes[0], p.docName, cookieOf(await loginAs(nodes[0].url, p.mentor)));
    const menteeCookie = cookieOf(await loginAs(nodes[0].url, p.mentee));
    expect(nodes[1].binome.collab.isLoaded(p.docName)).toBe(false);
    // typed, and at once the other node opens the document: its load may not have it yet, the relay has
    setPlainText(getField(mentor.doc, 'header/headline'), 'Aide-soignante');
    const mentee = await open(nodes[1], p.docName, menteeCookie);
    await waitFor(() => field(mentee, 'header/headline') === 'Aide-soignante', 5_000, 'caught up');
    setPlainText(getField(mentor.doc, 'header/phone'), '+32 470 12 34 56');
    await waitFor(() => field(mentee, 'header/phone') === '+32 470 12 34 56', 5_000, 'relayed after the catch-up');
    expect(field(mentee, 'header/headline')).toBe('Aide-soignante');
  });

  it('closes the sockets on the other node when a membership is removed or a session ends through the first', async () => {
    const p = await duo({ mentor: 'Hugo Bernard', mentee: 'Femke Willems' });
    const menteeSession = await loginAs(nodes[0].url, p.mentee);
    const mentorSession = await loginAs(nodes[0].url, p.mentor);
    const mentee = await open(nodes[1], p.docName, cookieOf(menteeSession));
    const mentor = await open(nodes[1], p.docName, cookieOf(mentorSession));
    await nodes[0].services.members.remove(p.mentee.membership);
    await waitFor(() => mentee.closeCodes.includes(CLOSE_CODES.accessRevoked), 5_000, 'the mentee’s socket on the other node closed');
    expect((await mentorSession.post('/api/auth/logout')).status).toBe(204);
    await waitFor(() => mentor.closeCodes.includes(CLOSE_CODES.accessRevoked), 5_000, 'the logged-out session’s socket on the other node closed');
  });

  it('brings Socket.IO events from one node to the sockets of the other (the Redis adapter)', async () => {
    const p = await duo({ mentor: 'Mathis Petit', mentee: 'Saar Vermeulen' });
    const session = await loginAs(nodes[0].url, p.mentee);
    const socket = connectLive(nodes[1].url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie: cookieOf(session), origin: nodes[1].url }
    });
    try {
      const changes: AccessChangedPayload[] = [];
      socket.on('access:changed', (payload) => changes.push(payload));
      await waitFor(() => socket.connected, 5_000, 'connected to the second node');
      await nodes[0].services.members.remove(p.mentee.membership);
      await waitFor(() => changes.some((c) => c.reason === 'membership_removed'), 5_000, 'the event emitted on the first node');
    } finally {
      socket.disconnect();
    }
  });

  it('compacts a document on one node at a time: a node finding the lock taken leaves the history as it is', async () => {
    const p = await duo({ mentor: 'Camille Roux', mentee: 'Jesse Smits' });
    const key = `binome:compact:${p.docName}`;
    const other = new Redis(redisUrl);
    const states = nodes[0].binome.connection.collection('collab_states');
    try {
      await other.set(key, 'a third node', 'PX', 60_000);
      const mentor = await open(nodes[0], p.docName, cookieOf(await loginAs(nodes[0].url, p.mentor)));
      setPlainText(getField(mentor.doc, 'header/headline'), 'Boulangère');
      await nodes[0].binome.collab.flush();
      mentor.destroy();
      // unloaded: stored, and its compaction skipped while the lock is held elsewhere
      await waitFor(() => !nodes[0].binome.collab.isLoaded(p.docName), 5_000, 'unloaded');
      expect(await states.findOne({ _id: p.docName as never })).toBeNull();
      expect((await storedRanges(p.docName)).length).toBeGreaterThan(0);
      await other.del(key);
      const again = await open(nodes[0], p.docName, cookieOf(await loginAs(nodes[0].url, p.mentor)));
      expect(field(again, 'header/headline')).toBe('Boulangère');
      setPlainText(getField(again.doc, 'header/phone'), '+33 6 12 34 56 78');
      again.destroy();
      await waitFor(async () => (await states.findOne({ _id: p.docName as never })) !== null, 5_000, 'compacted once the lock is free');
      await waitFor(async () => (await other.exists(key)) === 0, 5_000, 'the lock released after the compaction');
    } finally {
      other.disconnect();
    }
  });
});

describe('a workshop run through two nodes', () => {
  it('keeps its live state consistent: drafts opened on one node are revealed through the other, a lock made on one makes the board read-only on the other', async () => {
    const f = await workshopFixture(nodes[0], 2);
    const w = await createWorkshop(f);
    const [ines, jonas] = f.participants;
    const lead = await socketOf(nodes[0], f.facilitator, sockets);
    await expectOk(ask(lead, 'workshop:join', w.id));
    await expectOk(ask(lead, 'workshop:start', { workshopId: w.id }));
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: w.activities.findIndex((a) => a.kind === 'private_writing') }));

    // Inès writes her draft through the second node; the first reveals it at once.
    const draft = await openDoc(nodes[1], ines, `draft:${w.id}:${ines.id}`);
    peers.push(draft);
    const cards = draft.doc.getMap('draft').get('cards') as Y.Map<Y.Map<unknown>>;
    const card = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ text: 'Je connais bien le logiciel de caisse', column: 'c1', order: 'a0' })) card.set(k, v);
    cards.set('ines1', card);
    await waitFor(
      () => nodes[1].binome.collab.withDocument(`draft:${w.id}:${ines.id}`, (doc) => (doc.getMap('draft').get('cards') as Y.Map<unknown>).has('ines1')),
      5_000,
      'the draft card on the second node'
    );
    // Stored (within the write window): the first node, which does not hold the draft, reads it from MongoDB.
    await nodes[1].binome.collab.stored(`draft:${w.id}:${ines.id}`);
    await expectOk(ask(lead, 'workshop:reveal_all', { workshopId: w.id }));
    const boardOfJonas = await openDoc(nodes[1], jonas, w.documents.board);
    peers.push(boardOfJonas);
    const boardCards = () => boardOfJonas.doc.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>;
    await waitFor(() => [...boardCards().values()].some((c) => c.get('text') === 'Je connais bien le logiciel de caisse'), 5_000, 'the revealed card');

    // The lock, made through the first node, reaches the second node's cache and its open board connection.
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: w.activities.findIndex((a) => a.kind === 'vote') }));
    await expectOk(ask(lead, 'workshop:lock', { workshopId: w.id, locked: true }));
    await waitFor(() => nodes[1].services.workshopCache.get(w.id)?.live.locked === true, 5_000, 'the lock known on the second node');
    const late = boardOfJonas.quietly((doc) => {
      const c = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ text: 'trop tard', colour: 'grey', column: 'c1', group: '', order: 'a1', anonymous: false, authorId: jonas.id, authorName: jonas.name, createdAt: 'x' })) c.set(k, v);
      (doc.getMap('board').get('cards') as Y.Map<unknown>).set('late', c);
    });
    // The connection is re-judged right after the cache is refreshed: a bounded wait for the read-only answer.
    await waitFor(async () => {
      boardOfJonas.sendUpdate(late);
      await waitFor(() => boardOfJonas.denied.length > 0, 2_000, 'a refusal');
      return boardOfJonas.denied.at(-1) === 'read-only';
    }, 5_000, 'read-only on the second node');
    const onFirst = await nodes[0].binome.collab.withDocument(w.documents.board, (doc) => (doc.getMap('board').get('cards') as Y.Map<unknown>).has('late'));
    expect(onFirst).toBe(false);
    // A vote through the second node is refused there too.
    const jonasLive = await socketOf(nodes[1], jonas, sockets);
    const [cardId] = [...boardCards().keys()];
    expect(await ask(jonasLive, 'workshop:vote', { workshopId: w.id, target: { kind: 'card', id: cardId }, delta: 1 })).toMatchObject({ ok: false, code: 'locked' });
  });

  it('holds a participant to the vote budget when they vote through two nodes at once (MongoDB decides, not a cache)', async () => {
    const f = await workshopFixture(nodes[0], 1);
    const w = await createWorkshop(f, { votes: { budget: 5, cap: 3, selfVotes: true } });
    const [amelie] = f.participants;
    const lead = await socketOf(nodes[0], f.facilitator, sockets);
    await expectOk(ask(lead, 'workshop:join', w.id));
    await expectOk(ask(lead, 'workshop:start', { workshopId: w.id }));
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: w.activities.findIndex((a) => a.kind === 'vote') }));
    const now = new Date().toISOString();
    const ids = await nodes[0].binome.collab.withDocument(w.documents.board, (doc) =>
      addCards(doc, ['Permis B', 'Néerlandais courant', 'Cariste'].map((text) => ({ text, column: 'c1', author: null, createdAt: now })))
    );
    const [onFirst, onSecond] = [await socketOf(nodes[0], amelie, sockets), await socketOf(nodes[1], amelie, sockets)];
    // Nine votes at once, split over the two nodes: the budget is five.
    const answers = await Promise.all(
      Array.from({ length: 9 }, (_, i) => ask(i % 2 ? onSecond : onFirst, 'workshop:vote', { workshopId: w.id, target: { kind: 'card', id: ids[i % 3] }, delta: 1 }))
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    expect(answers.filter((a) => !a.ok).every((a) => !a.ok && a.code === 'budget_exhausted')).toBe(true);
    const tallies = await nodes[1].services.workshopLive.tallies(await nodes[1].services.workshops.load(w.id));
    expect(tallies.reduce((n, t) => n + t.count, 0)).toBe(5);
  });
});
