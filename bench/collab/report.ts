// Turns scenario results into the printed tables and the verdict against the targets of PERFORMANCE.md.
import { PERSISTING_PEERS, type BenchConfig, type ServerKind } from './config.ts';
import type { RoomsResult } from './scenarios/many-rooms.ts';
import type { ColdResult } from './scenarios/cold-load.ts';
import type { FanoutResult } from './scenarios/fanout.ts';
import type { IdleResult } from './scenarios/idle.ts';
import { growingBacklog, type WritersResult } from './scenarios/writers.ts';
import { PEERS, renderTable, type Column, type Row } from './table.ts';

export type Outcome<T> = { server: ServerKind; result: T } | { server: ServerKind; error: string };

function rows<T>(outcomes: Outcome<T>[], values: (r: T) => Row['values']): Row[] {
  return outcomes.map((o) =>
    'error' in o ? { server: o.server, values: {}, note: `failed: ${o.error.split('\n')[0].slice(0, 100)}` } : { server: o.server, values: values(o.result) }
  );
}

/** The client process's CPU and the share delivered, last in every table of a live scenario. */
const CLIENT_COLUMNS: Column[] = [
  { key: 'ccpu', title: 'client CPU %', digits: 0 },
  { key: 'got', title: 'delivered', digits: 0 }
];

/** Shown only when BENCH_LOOP=1 sampled it. */
function loopColumn(cfg: BenchConfig): Column[] {
  return cfg.loopDelay ? [{ key: 'loop', title: 'server loop delay p99 ms', digits: 1 }] : [];
}

export function fanoutTable(size: number, cfg: BenchConfig, outcomes: Outcome<FanoutResult>[]): string {
  return renderTable(
    `1. Fan-out: 1 writer → ${size} observers, ${cfg.fanoutRate} updates/s for ${cfg.seconds} s`,
    [
      { key: 'p50', title: 'p50 ms', digits: 2, ratio: true },
      { key: 'p99', title: 'p99 ms', digits: 2, ratio: true },
      { key: 'max', title: 'max ms', digits: 1 },
      { key: 'cpu', title: 'server CPU µs/delivery', digits: 2, ratio: true },
      { key: 'scpu', title: 'server CPU %', digits: 0 },
      ...loopColumn(cfg),
      ...CLIENT_COLUMNS
    ],
    rows(outcomes, (r) => ({
      p50: r.p50,
      p99: r.p99,
      max: r.max,
      cpu: r.cpuUsPerDelivery,
      scpu: r.serverCpuPct,
      loop: r.loopP99,
      ccpu: r.clientCpuPct,
      got: `${((r.delivered / (r.sent * r.observers)) * 100).toFixed(1)}%`
    })),
    [
      'Latency: writer send → observer receive, timed from the marker in the update. CPU µs/delivery = server CPU over the',
      'run ÷ (updates × observers). "client CPU %" is the one process running every client: far from a full core.'
    ]
  );
}

export function writersTable(cfg: BenchConfig, outcomes: Outcome<WritersResult>[]): string {
  return renderTable(
    `2. ${cfg.writers} writers + ${cfg.writerObservers} observers on one document, ${cfg.writerRate} updates/s each, ${cfg.seconds} s`,
    [
      { key: 'p50', title: 'p50 ms', digits: 2 },
      { key: 'p99', title: 'p99 ms', digits: 2, ratio: true },
      { key: 'first', title: 'first ⅓ p50 / p99', digits: 2 },
      { key: 'last', title: 'last ⅓ p50 / p99', digits: 2 },
      { key: 'backlog', title: 'growing backlog?', digits: 0 },
      { key: 'cpu', title: 'server CPU µs/delivery', digits: 2, ratio: true },
      { key: 'scpu', title: 'server CPU %', digits: 0 },
      ...loopColumn(cfg),
      ...CLIENT_COLUMNS
    ],
    rows(outcomes, (r) => ({
      p50: r.p50,
      p99: r.p99,
      first: `${r.p50First.toFixed(2)} / ${r.p99First.toFixed(2)}`,
      last: `${r.p50Last.toFixed(2)} / ${r.p99Last.toFixed(2)}`,
      backlog: growingBacklog(r) ? 'YES' : 'no',
      cpu: r.cpuUsPerDelivery,
      scpu: r.serverCpuPct,
      loop: r.loopP99,
      ccpu: r.clientCpuPct,
      got: `${((r.delivered / r.expected) * 100).toFixed(1)}%`
    })),
    [
      'Observers time every update; CPU µs/delivery counts 99 recipients per update. Growing backlog = the median of the',
      'last third above twice the first third\'s (and +5 ms): a backlog shifts everything, a scheduling hiccup only the tail.'
    ]
  );
}

export function coldTable(cfg: BenchConfig, outcomes: Outcome<ColdResult>[]): string {
  return renderTable(
    `3. Cold load of a document with ${cfg.coldUpdates} stored updates (until synced; median of ${cfg.coldRuns})`,
    [
      { key: 'median', title: 'median ms', digits: 1, ratio: true },
      { key: 'min', title: 'min ms', digits: 1 },
      { key: 'max', title: 'max ms', digits: 1 }
    ],
    rows(outcomes, (r) => ({ median: r.median, min: r.min, max: r.max })),
    [
      'From opening the socket to the server\'s sync step 2 with the whole content. Ours reads 2,000 records from MongoDB',
      '(embedded engine, same process) through MongoCollabPersistence.load; the peers apply the same',
      '2,000 updates from memory in their load hook (reference: setPersistence.bindState; Hocuspocus: onLoadDocument),',
      'in one transaction. y-websocket + y-leveldb reads 2,000 LevelDB records, but answers the sync before it has',
      'them (the content follows as an update): its time is until that update arrived.',
      ...(outcomes.some((o) => 'result' in o && o.result.contentAfterSync) ? ['(observed in this run: a server said synced before it had the content)'] : [])
    ]
  );
}

export function idleTable(cfg: BenchConfig, outcomes: Outcome<IdleResult>[]): string {
  return renderTable(
    `4. ${cfg.idleConnections} idle connections over ${cfg.idleDocuments} documents (idle CPU over ${cfg.idleSeconds} s)`,
    [
      { key: 'rss', title: 'RSS KB/conn', digits: 1, ratio: true },
      { key: 'heap', title: 'heap+ext KB/conn', digits: 1 },
      { key: 'cpu', title: 'idle CPU µs/conn/s', digits: 3, ratio: true }
    ],
    rows(outcomes, (r) => ({ rss: r.rssKbPerConnection, heap: r.heapKbPerConnection, cpu: r.idleCpuUsPerConnectionSecond })),
    [
      'Two people per document, ~90 characters of content, one awareness state each, renewed every 15 s as y-websocket',
      'clients do; every server pings every 30 s. RSS delta after a forced GC ÷ connections; ours includes its MongoDB',
      '(the engine holds 1,000 documents\' records) — the peers store nothing here.'
    ]
  );
}

/** What each server promises about an update it received: when it is stored. */
const DURABILITY: Partial<Record<ServerKind, string>> = {
  'ours-mongo': '≤ 100 ms, journal written with O_DSYNC',
  'ours-memory': 'never (memory)',
  reference: 'never (memory)',
  'reference-leveldb': 'as it arrives, not fsync\'d (OS cache)',
  hocuspocus: 'never (memory)',
  'hocuspocus-sqlite': '2 s after the last change, at most 10 s (debounce defaults)'
};

export function roomsTable(cfg: BenchConfig, outcomes: Outcome<RoomsResult>[]): string {
  const r = cfg.rooms;
  const updatesPerSecond = (r.pairs * 2 + r.workshops * r.workshopWriters) * r.rate;
  return renderTable(
    `5. Many rooms: ${r.pairs} duos (2 typing each) + ${r.workshops} workshops of ${r.workshopSize} (${r.workshopWriters} typing), ${r.rate} updates/s per typing person (${updatesPerSecond} updates/s), ${cfg.seconds} s`,
    [
      { key: 'p50', title: 'duo p50 ms', digits: 2 },
      { key: 'p99', title: 'duo p99 ms', digits: 2, ratio: true },
      { key: 'wp50', title: 'workshop p50 ms', digits: 2 },
      { key: 'wp99', title: 'workshop p99 ms', digits: 2, ratio: true },
      { key: 'cpu', title: 'server CPU µs/delivery', digits: 2, ratio: true },
      { key: 'scpu', title: 'server CPU %', digits: 0 },
      ...loopColumn(cfg),
      { key: 'writes', title: 'durable writes/s', digits: 0 },
      { key: 'rss', title: 'RSS KB/doc', digits: 1 },
      { key: 'heap', title: 'heap+ext KB/doc', digits: 1 },
      ...CLIENT_COLUMNS,
      { key: 'window', title: 'durable when', digits: 0 }
    ],
    rows(outcomes, (x) => ({
      p50: x.pairP50,
      p99: x.pairP99,
      wp50: x.workshopP50,
      wp99: x.workshopP99,
      cpu: x.cpuUsPerDelivery,
      scpu: x.serverCpuPct,
      loop: x.loopP99,
      writes: Number.isFinite(x.writesPerSecond) ? x.writesPerSecond : '–',
      rss: x.rssKbPerDocument,
      heap: x.heapKbPerDocument,
      ccpu: x.clientCpuPct,
      got: `${((x.delivered / x.expected) * 100).toFixed(1)}%`
    })).map((row) => ({ ...row, values: { ...row.values, window: DURABILITY[row.server] ?? '?' } })),
    [
      'Every update is timed by everyone else in its room (1 recipient in a duo, 29 in a workshop). CPU µs/delivery = server',
      'CPU over the run ÷ deliveries. Durable writes/s: write operations reaching storage (ours: one bulk insert per window',
      'for every dirty document, plus two per compaction; y-leveldb: one put per update; SQLite: one upsert of the whole',
      'state per debounced store). Memory: RSS (and V8 heap + external) after a forced GC with every document open and its',
      'people connected, minus the same before, ÷ documents; ours includes its MongoDB engine (same process).',
      'Ratios compare with the best of the peers that persist (y-leveldb, SQLite).'
    ],
    { kinds: PERSISTING_PEERS, title: '× best persisting peer' }
  );
}

interface Check {
  label: string;
  ok: boolean | null;
  detail: string;
}

function bestPeerOf<T>(outcomes: Outcome<T>[], pick: (r: T) => number, peers = PEERS): number | null {
  const values = outcomes.filter((o) => peers.includes(o.server) && 'result' in o).map((o) => pick((o as { result: T }).result));
  return values.length ? Math.min(...values) : null;
}

let primary: ServerKind = 'ours-mongo';

function ours<T>(outcomes: Outcome<T>[]): T | null {
  const o = outcomes.find((x) => x.server === primary);
  return o && 'result' in o ? o.result : null;
}

/** The verdict for our production configuration (auth + MongoDB); memory persistence is shown for insight only. */
export function verdict(all: {
  fanout: Map<number, Outcome<FanoutResult>[]>;
  writers: Outcome<WritersResult>[];
  cold: Outcome<ColdResult>[];
  idle: Outcome<IdleResult>[];
  rooms: Outcome<RoomsResult>[];
}): string {
  // Judged on the production configuration; if the engine could not run, on memory persistence, and said so.
  const everything: Outcome<unknown>[] = [...[...all.fanout.values()].flat(), ...all.writers, ...all.cold, ...all.idle, ...all.rooms];
  primary = everything.some((o) => o.server === 'ours-mongo' && 'result' in o) ? 'ours-mongo' : 'ours-memory';
  const checks: Check[] = [];
  const vsPeer = <T>(label: string, outcomes: Outcome<T>[], pick: (r: T) => number, factor: number, peers = PEERS) => {
    const mine = ours(outcomes);
    const best = bestPeerOf(outcomes, pick, peers);
    if (!mine || best === null) return checks.push({ label, ok: null, detail: 'not measured' });
    const v = pick(mine);
    checks.push({ label, ok: v <= factor * best, detail: `${v.toFixed(2)} vs best peer ${best.toFixed(2)} (${(v / best).toFixed(2)}×, limit ${factor}×)` });
  };
  const f200 = all.fanout.get(200);
  if (f200) {
    const mine = ours(f200);
    checks.push(
      mine
        ? { label: 'p99 fan-out to 200 observers ≤ 20 ms', ok: mine.p99 <= 20, detail: `${mine.p99.toFixed(2)} ms` }
        : { label: 'p99 fan-out to 200 observers ≤ 20 ms', ok: null, detail: 'not measured' }
    );
  }
  for (const [size, outcomes] of all.fanout) {
    vsPeer(`fan-out ${size}: p50 no worse than best peer`, outcomes, (r) => r.p50, 1);
    vsPeer(`fan-out ${size}: p99 no worse than best peer`, outcomes, (r) => r.p99, 1);
    vsPeer(`fan-out ${size}: CPU/delivery no worse than best peer`, outcomes, (r) => r.cpuUsPerDelivery, 1);
  }
  if (all.writers.length) {
    vsPeer('50 writers: p99 no worse than best peer', all.writers, (r) => r.p99, 1);
    const mine = ours(all.writers);
    if (mine) {
      checks.push({
        label: '50 writers: no growing backlog',
        ok: !growingBacklog(mine),
        detail: `p50 / p99 first ⅓ ${mine.p50First.toFixed(2)} / ${mine.p99First.toFixed(2)} ms, last ⅓ ${mine.p50Last.toFixed(2)} / ${mine.p99Last.toFixed(2)} ms`
      });
    }
  }
  if (all.cold.length) vsPeer('cold load: no worse than best peer', all.cold, (r) => r.median, 1);
  if (all.idle.length) {
    vsPeer('idle: RSS/connection no worse than best peer', all.idle, (r) => r.rssKbPerConnection, 1);
    vsPeer('idle: CPU/connection no worse than best peer', all.idle, (r) => r.idleCpuUsPerConnectionSecond, 1);
  }
  if (all.rooms.length) {
    vsPeer('many rooms: duo p99 no worse than best persisting peer', all.rooms, (r) => r.pairP99, 1, PERSISTING_PEERS);
    vsPeer('many rooms: workshop p99 no worse than best persisting peer', all.rooms, (r) => r.workshopP99, 1, PERSISTING_PEERS);
    vsPeer('many rooms: CPU/delivery no worse than best persisting peer', all.rooms, (r) => r.cpuUsPerDelivery, 1, PERSISTING_PEERS);
  }
  const stretch: Check[] = [];
  for (const [size, outcomes] of all.fanout) {
    const mine = ours(outcomes);
    const best = bestPeerOf(outcomes, (r) => r.p99);
    if (mine && best !== null)
      stretch.push({ label: `stretch: fan-out ${size} p99 ≤ 0.7× best peer`, ok: mine.p99 <= 0.7 * best, detail: `${mine.p99.toFixed(2)} vs ${(0.7 * best).toFixed(2)} ms` });
    if (mine)
      stretch.push({ label: `stretch: fan-out ${size} CPU ≤ 7 µs/delivery`, ok: mine.cpuUsPerDelivery <= 7, detail: `${mine.cpuUsPerDelivery.toFixed(2)} µs` });
  }
  const mark = (c: Check) => `${c.ok === null ? ' n/a' : c.ok ? 'PASS' : 'FAIL'}  ${c.label}: ${c.detail}`;
  const title = primary === 'ours-mongo' ? 'ours = auth + MongoDB persistence' : 'ours = auth + MEMORY persistence: the MongoDB line failed';
  return [`\n### Targets (${title})\n`, ...checks.map(mark), '', ...stretch.map(mark)].join('\n');
}
