// Three Binôme nodes in three processes, as deployed (`npm run test:cluster`, needs Debian's redis-server): one
// shared engine (the embedded one as a standalone TCP server), one Redis, and the nodes started from
// cluster-node.ts. The test process holds a fourth, in-process node of the same cluster only to make the people
// and workshops (factories); every client below talks to the three child nodes.
// Shown: y-websocket clients on different nodes converge on a CV and on a workshop board; Socket.IO events (an
// activity change, access revoked) reach clients on every node; a Redis restart is survived (relaying resumes,
// documents converge); SIGKILL of a node while its clients type loses nothing (they reconnect through the load
// balancer to another node, and MongoDB ends up holding everything they typed).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import type { AccessChangedPayload } from '../../src/lib/shared/live-events.ts';
import type { LiveState } from '../../src/lib/shared/workshops/model.ts';
import { cvDocName, getField } from '../../src/lib/shared/cv/model.ts';
import { plainText, setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { MongoCollabPersistence } from '../../server/data/collab-store.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/index.ts';
import { createDuoSetting, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, openCv, waitFor, type LiveClient } from '../collab/collab-helpers.ts';
import type { RawPeer } from '../collab/raw-peer.ts';
import { ask, createWorkshop, expectOk, openDoc, socketOf, workshopFixture } from '../workshops/helpers.ts';
import { FailoverProxy } from './failover-proxy.ts';
import { Opened } from './opened.ts';
import { RedisServer } from './redis-server.ts';

interface Node {
  url: string;
  port: number;
  child: ChildProcess;
}

let engine: EmbeddedMongo;
let redis: RedisServer;
let admin: TestServer;
let nodes: Node[] = [];
const dirs: string[] = [];
const opened = new Opened();
const { clients, sockets, peers } = opened;
const proxies: FailoverProxy[] = [];

async function startNode(env: Record<string, string>): Promise<Node> {
  const dataDir = await mkdtemp(join(tmpdir(), 'binome-node-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'cluster-node.ts')], {
    env: { ...process.env, ...env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`a node exited before listening (${code})`)));
    setTimeout(() => reject(new Error('a node did not start within 60 s')), 60_000).unref();
  });
  const { url } = JSON.parse(line) as { url: string };
  return { url, port: Number(new URL(url).port), child };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

beforeAll(async () => {
  redis = await RedisServer.start();
  engine = await startEmbeddedMongo({ port: 0, transport: 'tcp' });
  const dbName = `binome_three_${process.pid}`;
  // Every node signs and reads the same session cookies.
  const env = { MONGODB_URI: engine.uri, REDIS_URL: redis.url, SESSION_SECRET: randomBytes(32).toString('hex'), CLUSTER_DB_NAME: dbName };
  [admin, ...nodes] = await Promise.all([startTestServer({ env, dbName }), startNode(env), startNode(env), startNode(env)]);
});

afterEach(() => opened.closeAll());

afterAll(async () => {
  for (const p of proxies) await p.stop();
  for (const n of nodes) n.child.kill('SIGTERM');
  await Promise.all(nodes.map((n) => exited(n.child)));
  await admin?.stop();
  await engine?.stop();
  await redis?.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** The admin node's services, with logins and HTTP calls through a child node (people use the children). */
const through = (node: Node) => ({ ...admin, url: node.url, port: node.port }) as TestServer;

async function duo(names: { mentor: string; mentee: string }) {
  const d = await createDuoSetting(admin.services, { organisation: 'Duo for a Job Antwerpen', programme: 'Cohorte lente', ...names });
  return { mentor: d.mentor, mentee: d.mentee, docName: cvDocName(d.duo.id) };
}

async function openOn(url: string, docName: string, cookie: string): Promise<LiveClient> {
  const c = openCv(url, docName, cookie);
  clients.push(c);
  await waitFor(() => c.provider.synced, 10_000, `synced through ${url}`);
  return c;
}

const summary = (c: LiveClient) => plainText(getField(c.doc, 'summary'));
const headline = (c: LiveClient) => plainText(getField(c.doc, 'header/headline'));

/** The CV as MongoDB holds it now (the compacted state and the records after it). */
async function storedCv(docName: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const stored = await new MongoCollabPersistence(admin.binome.connection).load(docName);
  Y.transact(doc, () => stored.updates.forEach((u) => Y.applyUpdate(doc, u)));
  return doc;
}

/** A named card on the board, as a participant's client writes it. */
function addCard(peer: RawPeer, id: string, who: { id: string; name: string }, text: string): void {
  peer.doc.transact(() => {
    const card = new Y.Map<unknown>();
    const fields = { text, colour: 'yellow', column: 'c1', group: '', order: `a${id}`, anonymous: false, authorId: who.id, authorName: who.name, createdAt: new Date().toISOString() };
    for (const [k, v] of Object.entries(fields)) card.set(k, v);
    (peer.doc.getMap('board').get('cards') as Y.Map<unknown>).set(id, card);
  });
}
const cardTexts = (peer: RawPeer) => [...(peer.doc.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>).values()].map((c) => c.get('text')).sort();

describe('three nodes in three processes on one Redis and one engine', () => {
  it('lets y-websocket clients on the three nodes edit one CV together', async () => {
    const p = await duo({ mentor: 'Wouter Claes', mentee: 'Aïcha Benali' });
    const mentorCookie = cookieOf(await loginAs(nodes[0].url, p.mentor));
    const menteeCookie = cookieOf(await loginAs(nodes[1].url, p.mentee));
    // The mentee has the CV open twice (phone and laptop), on two other nodes than the mentor.
    const [mentor, phone, laptop] = await Promise.all([
      openOn(nodes[0].url, p.docName, mentorCookie),
      openOn(nodes[1].url, p.docName, menteeCookie),
      openOn(nodes[2].url, p.docName, menteeCookie)
    ]);
    setPlainText(getField(mentor.doc, 'header/headline'), 'Technicienne de maintenance');
    setPlainText(getField(phone.doc, 'header/name'), 'Aïcha Benali');
    setPlainText(getField(laptop.doc, 'summary'), 'Cinq ans de maintenance industrielle à Anvers.');
    const all = [mentor, phone, laptop];
    await waitFor(
      () => all.every((c) => headline(c) === 'Technicienne de maintenance' && plainText(getField(c.doc, 'header/name')) === 'Aïcha Benali' && summary(c) === 'Cinq ans de maintenance industrielle à Anvers.'),
      10_000,
      'the three clients converge'
    );
    expect(Y.encodeStateVector(phone.doc)).toEqual(Y.encodeStateVector(mentor.doc));
  });

  it('lets participants on the three nodes write on one workshop board, and tells every node’s sockets of an activity change and of access revoked', async () => {
    const f = await workshopFixture(through(nodes[0]), 3);
    const w = await createWorkshop(f);
    const amelie = f.participants[2];
    const lead = await socketOf(through(nodes[0]), f.facilitator, sockets);
    await expectOk(ask(lead, 'workshop:join', w.id));
    await expectOk(ask(lead, 'workshop:start', { workshopId: w.id }));
    expect(w.activities[0].kind).toBe('checkin');

    // One participant per node: each writes a card in the check-in, each sees all three.
    const boards = await Promise.all(f.participants.map((p, i) => openDoc(through(nodes[i]), p, w.documents.board)));
    peers.push(...boards);
    f.participants.forEach((p, i) => addCard(boards[i], String(i + 1), p, `Bonjour, je suis ${p.name}`));
    const expected = f.participants.map((p) => `Bonjour, je suis ${p.name}`).sort();
    await waitFor(() => boards.every((b) => JSON.stringify(cardTexts(b)) === JSON.stringify(expected)), 10_000, 'the three boards converge');
    expect(boards.flatMap((b) => b.denied)).toEqual([]);

    // Their live sockets, one per node: the facilitator moves on through the first node.
    const live = await Promise.all(f.participants.map((p, i) => socketOf(through(nodes[i]), p, sockets)));
    const states: LiveState[][] = live.map(() => []);
    for (const [i, s] of live.entries()) {
      await expectOk(ask(s, 'workshop:join', w.id));
      s.on('workshop:state', (x) => states[i].push(x));
    }
    await expectOk(ask(lead, 'workshop:goto', { workshopId: w.id, index: 1 }));
    await waitFor(() => states.every((list) => list.some((x) => x.current === 1)), 5_000, 'the activity change on every node');

    // Amélie, on the third node, is taken out through the second node: her socket hears it, her board closes.
    const changes: AccessChangedPayload[] = [];
    live[2].on('access:changed', (x) => changes.push(x));
    const coordinator = await loginAs(nodes[1].url, f.coordinator.user);
    expect((await coordinator.delete(`/api/workshops/${w.id}/participants/${amelie.id}`)).status).toBe(204);
    await waitFor(() => changes.some((c) => c.workshopId === w.id), 5_000, 'access revoked told on the third node');
    await waitFor(() => boards[2].closeCode === CLOSE_CODES.accessRevoked, 5_000, 'her board closed on the third node');
    // The others keep theirs.
    expect(boards[0].closeCode).toBeNull();
    expect(boards[1].closeCode).toBeNull();
  });

  it('survives a Redis restart: the nodes reconnect, relaying resumes, and what was typed meanwhile converges', async () => {
    const p = await duo({ mentor: 'Emma Wilson', mentee: 'Bram Maes' });
    const mentor = await openOn(nodes[0].url, p.docName, cookieOf(await loginAs(nodes[0].url, p.mentor)));
    const mentee = await openOn(nodes[2].url, p.docName, cookieOf(await loginAs(nodes[2].url, p.mentee)));
    setPlainText(getField(mentor.doc, 'header/headline'), 'Chauffeur poids lourd');
    await waitFor(() => headline(mentee) === 'Chauffeur poids lourd', 5_000, 'relayed before the restart');

    await redis.stop();
    // Both type while Redis is away: each node stores what it received, nothing crosses.
    setPlainText(getField(mentor.doc, 'header/commune'), 'Mechelen');
    setPlainText(getField(mentee.doc, 'header/phone'), '+32 485 11 22 33');
    await redis.start();

    await waitFor(
      () => [mentor, mentee].every((c) => plainText(getField(c.doc, 'header/commune')) === 'Mechelen' && plainText(getField(c.doc, 'header/phone')) === '+32 485 11 22 33'),
      20_000,
      'converged after the restart'
    );
    // Relaying carries on as before.
    setPlainText(getField(mentee.doc, 'header/headline'), 'Chauffeur C+E');
    await waitFor(() => headline(mentor) === 'Chauffeur C+E', 10_000, 'relayed after the restart');
  });

  it('loses nothing when a node is killed while its clients type: they reconnect to another node, and MongoDB holds it all', async () => {
    const p = await duo({ mentor: 'Chloé Girard', mentee: 'Daan Willems' });
    const [victim, ...survivors] = [nodes[2], nodes[0], nodes[1]];
    // The load balancer in front: the mentee's client goes to the third node while it lives, then to the others.
    const balancer = await FailoverProxy.start([victim.port, ...survivors.map((n) => n.port)]);
    proxies.push(balancer);
    const mentee = await openOn(balancer.url, p.docName, cookieOf(await loginAs(nodes[0].url, p.mentee)));
    const mentor = await openOn(survivors[0].url, p.docName, cookieOf(await loginAs(nodes[0].url, p.mentor)));

    // The mentee types a word every 10 ms; the node under them is killed in the middle.
    const words: string[] = [];
    const type = (n: number) => {
      for (let i = 0; i < n; i++) {
        words.push(`mot${words.length + 1}`);
        setPlainText(getField(mentee.doc, 'summary'), words.join(' '));
      }
    };
    let typing = true;
    const typist = (async () => {
      while (typing) {
        type(1);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await waitFor(() => summary(mentor).split(' ').length >= 20, 10_000, 'typing relayed to the mentor');
    victim.child.kill('SIGKILL');
    await exited(victim.child);
    await waitFor(() => mentee.closeCodes.length > 0, 5_000, 'the mentee’s connection dropped');
    await waitFor(() => mentee.provider.wsconnected && mentee.provider.synced, 15_000, 'the mentee reconnected to another node');
    typing = false;
    await typist;
    type(5);

    const everything = words.join(' ');
    await waitFor(() => summary(mentor) === everything, 10_000, 'the mentor has every word');
    // Durable: MongoDB holds every word the mentee typed, before and after the kill (bounded: one write window).
    await waitFor(async () => plainText(getField(await storedCv(p.docName), 'summary')) === everything, 10_000, 'every word stored');
    expect(words.length).toBeGreaterThan(25);
  });
});
