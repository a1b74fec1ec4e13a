// `npm run bench:workshop`: a live workshop under load, the server in a child process of its own (its CPU and
// memory are read there), the clients here (real Socket.IO clients, raw y-websocket peers on the board and the
// drafts). Two scenarios:
// - a 40-participant workshop where everyone writes and votes at once;
// - a 300-participant plenary: one facilitator, 300 observers, 10 writers.
// Figures: p50/p99 of an activity change, a timer start and a reveal reaching every participant; of a card edit
// reaching every other participant; vote acks; server CPU per delivery; server memory per participant.
// Targets (2-core machine): activity change and reveal to 300 participants p99 ≤ 50 ms; card edits p99 ≤ 25 ms
// at 40. BENCH_QUICK=1 runs fewer rounds.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import type { ClientToServerEvents, ServerToClientEvents } from '../src/lib/shared/live-events.ts';
import type { LiveState } from '../src/lib/shared/workshops/model.ts';
import type { WorkshopAck } from '../src/lib/shared/workshops/events.ts';
import { RawPeer } from '../tests/collab/raw-peer.ts';
import { percentile } from './stats.ts';
import type { BenchSetup, ChildRequest } from './workshop/server-child.ts';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = QUICK ? 5 : 20;

// ---- the server child

class ServerChild {
  private next = 1;
  private waiting = new Map<number, (v: unknown) => void>();
  private constructor(private child: ChildProcess) {
    child.on('message', (m: { type: string; id?: number; result?: unknown }) => {
      if (m.type === 'reply' && m.id !== undefined) this.waiting.get(m.id)?.(m.result);
    });
  }
  static start(n: number): Promise<{ server: ServerChild; setup: BenchSetup }> {
    const child = fork(fileURLToPath(new URL('./workshop/server-child.ts', import.meta.url)), [String(n)], { execArgv: ['--import', 'tsx', '--expose-gc'] });
    process.on('exit', () => child.kill('SIGKILL'));
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
      child.once('message', (m: { type: string; setup: BenchSetup }) => resolve({ server: new ServerChild(child), setup: m.setup }));
    });
  }
  ask<T>(cmd: ChildRequest['cmd']): Promise<T> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (v: unknown) => void);
      this.child.send({ id, cmd });
    });
  }
  cpu = () => this.ask<number>('cpu');
  mem = () => this.ask<{ rss: number; heapUsed: number }>('mem');
  stop = () => this.ask<null>('stop');
}

// ---- clients

const within = <T>(p: Promise<T>, what: string, ms = 30_000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref())]);

function socket(port: number, cookie: string): Promise<LiveSocket> {
  const url = `http://127.0.0.1:${port}`;
  const s: LiveSocket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie, origin: url } });
  return within(new Promise((resolve, reject) => (s.once('connect', () => resolve(s)), s.once('connect_error', reject))), 'socket');
}
function ask<T = undefined>(s: LiveSocket, event: string, payload: unknown): Promise<WorkshopAck<T>> {
  return within(new Promise((resolve) => (s.emit as (e: string, p: unknown, a: (x: WorkshopAck<T>) => void) => void)(event, payload, resolve)), event);
}
async function ok(s: LiveSocket, event: string, payload: unknown): Promise<void> {
  const a = await ask(s, event, payload);
  if (!a.ok) throw new Error(`${event} refused: ${a.code} ${a.message ?? ''}`);
}
async function inBatches<T, R>(items: T[], size: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((x, j) => fn(x, i + j)))));
  return out;
}
const cards = (peer: RawPeer) => peer.doc.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>;

interface Row {
  scenario: string;
  what: string;
  deliveries: number;
  p50: number;
  p99: number;
  cpuUsPerDelivery: number;
  target: string;
}
const rows: Row[] = [];

async function measured(server: ServerChild, scenario: string, what: string, target: string, run: (record: (ms: number) => void) => Promise<void>): Promise<void> {
  const latencies: number[] = [];
  const cpu0 = await server.cpu();
  await run((ms) => latencies.push(ms));
  const cpu1 = await server.cpu();
  latencies.sort((a, b) => a - b);
  rows.push({ scenario, what, deliveries: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuUsPerDelivery: (cpu1 - cpu0) / Math.max(1, latencies.length), target });
}

/** Waits until `expected` deliveries were recorded since `start`. */
async function deliveries(count: () => number, expected: number, what: string) {
  const t0 = performance.now();
  while (count() < expected) {
    if (performance.now() - t0 > 30_000) throw new Error(`${what}: ${count()} of ${expected} deliveries`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function scenario(name: string, n: number, writers: number): Promise<{ memPerParticipant: number; votes?: { accepted: number; expected: number } }> {
  console.error(`\n${name}: starting a server with ${n} participants`);
  const { server, setup } = await ServerChild.start(n);
  const id = setup.workshopId;
  const at = (kind: string) => setup.activities.indexOf(kind);
  const memBefore = await server.mem();
  const lead = await socket(setup.port, setup.facilitator.cookie);
  await ok(lead, 'workshop:join', id);
  const socks = await inBatches(setup.participants, 25, async (p) => {
    const s = await socket(setup.port, p.cookie);
    await ok(s, 'workshop:join', id);
    return s;
  });
  const base = `http://127.0.0.1:${setup.port}`;
  const peers = await inBatches(setup.participants, 25, (p) => RawPeer.open(base, `board:${id}`, p.cookie));
  const memAfter = await server.mem();
  // The JavaScript heap after a GC: RSS moves with the allocator and the engine's caches, by more than one socket.
  const memPerParticipant = (memAfter.heapUsed - memBefore.heapUsed) / n;
  console.error(`  ${n} sockets and ${n} board peers connected`);

  // Activity changes and timer starts, to everyone.
  let sentAt = 0;
  let expect: (s: LiveState) => boolean = () => false;
  let record: ((ms: number) => void) | null = null;
  let got = 0;
  for (const s of socks)
    s.on('workshop:state', (state) => {
      if (record && expect(state)) {
        got++;
        record(performance.now() - sentAt);
      }
    });
  await measured(server, name, `activity change → ${n}`, n >= 300 ? '≤ 50 ms' : '', async (r) => {
    record = r;
    for (let i = 0; i < ROUNDS; i++) {
      const index = i % 2 ? at('checkin') : at('discuss');
      expect = (s) => s.current === index;
      got = 0;
      sentAt = performance.now();
      await ok(lead, 'workshop:goto', { workshopId: id, index });
      await deliveries(() => got, n, 'activity change');
    }
    record = null;
  });
  await measured(server, name, `timer start → ${n}`, '', async (r) => {
    record = r;
    for (let i = 0; i < ROUNDS; i++) {
      const minutes = 5 + i;
      expect = (s) => s.timer.endsAt !== null && Math.round((s.timer.endsAt - s.serverNow) / 60_000) === minutes;
      got = 0;
      sentAt = performance.now();
      await ok(lead, 'workshop:timer', { workshopId: id, op: 'start', minutes, lockAtZero: false });
      await deliveries(() => got, n, 'timer');
    }
    record = null;
  });

  // Card edits: each writer keeps one card of their own in the check-in column and edits it, all at once.
  await ok(lead, 'workshop:goto', { workshopId: id, index: at('checkin') });
  const writing = setup.participants.slice(0, writers);
  const writerPeers = await Promise.all(writing.map((p) => RawPeer.open(base, `board:${id}`, p.cookie)));
  writerPeers.forEach((peer, i) => {
    const card = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ text: 'w0', colour: 'grey', column: 'c1', group: '', order: `a${i}`, anonymous: false, authorId: writing[i].id, authorName: writing[i].name, createdAt: new Date().toISOString() })) card.set(k, v);
    cards(peer).set(`card${i}`, card);
  });
  await deliveries(() => Math.min(...peers.map((p) => cards(p).size)), writers, 'cards seeded');
  const sent = new Map<string, number>();
  let edits = 0;
  let recordEdit: ((ms: number) => void) | null = null;
  for (const peer of peers) {
    cards(peer).observeDeep((events) => {
      for (const e of events) {
        const text = e.target instanceof Y.Map ? e.target.get('text') : undefined;
        const t0 = typeof text === 'string' ? sent.get(text) : undefined;
        if (t0 !== undefined && recordEdit) {
          edits++;
          recordEdit(performance.now() - t0);
        }
      }
    });
  }
  // The writers edit through connections of their own: each edit reaches every participant's board peer.
  const othersPerEdit = peers.length;
  await measured(server, name, `card edit → ${n} (${writers} writing)`, n === 40 ? '≤ 25 ms' : '', async (r) => {
    recordEdit = r;
    for (let round = 1; round <= ROUNDS; round++) {
      edits = 0;
      writerPeers.forEach((peer, i) => {
        const text = `w${i}-r${round}`;
        sent.set(text, performance.now());
        cards(peer).get(`card${i}`)!.set('text', text);
      });
      await deliveries(() => edits, writers * othersPerEdit, 'card edits');
    }
    recordEdit = null;
  });
  writerPeers.forEach((p) => p.close());

  // Private writing by the writers, then the reveal of everything at once, to every board peer.
  await ok(lead, 'workshop:goto', { workshopId: id, index: at('private_writing'), anonymous: true });
  let revealed = 0;
  let revealStart = 0;
  let recordReveal: ((ms: number) => void) | null = null;
  const before = cards(peers[0]).size;
  await measured(server, name, `reveal of ${writers} drafts → ${n}`, n >= 300 ? '≤ 50 ms' : '', async (r) => {
    recordReveal = r;
    for (let round = 0; round < (QUICK ? 2 : 5); round++) {
      const drafts = await Promise.all(writing.map((p) => RawPeer.open(base, `draft:${id}:${p.id}`, p.cookie)));
      drafts.forEach((d, i) => {
        const c = new Y.Map<unknown>();
        for (const [k, v] of Object.entries({ text: `Idée ${round}-${i}`, column: 'c2', order: 'a0' })) c.set(k, v);
        (d.doc.getMap('draft').get('cards') as Y.Map<unknown>).set(`d${round}`, c);
      });
      // The drafts are on the server before the reveal is asked for; their writers keep them open, as the page does.
      await new Promise((res) => setTimeout(res, 300));
      const target = before + (round + 1) * writers;
      const seen = new Set<number>();
      revealed = 0;
      const checks = peers.map((p, i) => () => {
        if (!seen.has(i) && cards(p).size >= target) {
          seen.add(i);
          revealed++;
          recordReveal?.(performance.now() - revealStart);
        }
      });
      peers.forEach((p, i) => cards(p).observe(checks[i]));
      revealStart = performance.now();
      await ok(lead, 'workshop:reveal_all', { workshopId: id });
      await deliveries(() => revealed, n, 'reveal');
      peers.forEach((p, i) => cards(p).unobserve(checks[i]));
      drafts.forEach((d) => d.close());
    }
    recordReveal = null;
  });

  // Votes: everyone votes at once, each trying one more than the budget.
  let votes: { accepted: number; expected: number } | undefined;
  if (n <= 40) {
    await ok(lead, 'workshop:goto', { workshopId: id, index: at('vote') });
    const targets = [...cards(peers[0]).keys()];
    let accepted = 0;
    await measured(server, name, `vote ack (${n} × 6 at once)`, '', async (r) => {
      await Promise.all(
        socks.flatMap((s, i) =>
          Array.from({ length: 6 }, async (_, k) => {
            const t0 = performance.now();
            const a = await ask(s, 'workshop:vote', { workshopId: id, target: { kind: 'card', id: targets[(i + k) % targets.length] }, delta: 1 });
            r(performance.now() - t0);
            if (a.ok) accepted++;
          })
        )
      );
    });
    votes = { accepted, expected: n * 5 };
  }

  for (const s of [lead, ...socks]) s.disconnect();
  peers.forEach((p) => p.close());
  await server.stop();
  return { memPerParticipant, votes };
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');

async function main() {
  const small = await scenario('workshop', 40, 40);
  const plenary = await scenario('plenary', 300, 10);
  const lines = [
    '| scenario | what | deliveries | p50 ms | p99 ms | server CPU µs / delivery | target |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.scenario} | ${r.what} | ${r.deliveries} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.cpuUsPerDelivery, 0)} | ${r.target} |`)
  ];
  console.log(lines.join('\n'));
  console.log(`\nServer memory per participant (one socket and one board connection each): workshop ${fmt(small.memPerParticipant / 1024)} KiB, plenary ${fmt(plenary.memPerParticipant / 1024)} KiB (server heap growth after GC).`);
  if (small.votes) console.log(`Votes accepted: ${small.votes.accepted} of ${small.votes.expected} allowed by the budget (${40 * 6} cast).`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
