// Scenario 5: the realistic evening of a mentoring organisation: hundreds of small rooms (duos on a CV, two
// editors each, both typing) and a few workshops of 30 where some type and everyone follows. Every update is
// timed by everyone else in its room; the server's CPU, its durable writes reaching storage and its memory per
// open document are read in the server child.
import { openClients, RawClient, typeAt, Writer } from '../client.ts';
import type { Dialect } from '../dialects.ts';
import { nowMs, scanMarkers } from '../markers.ts';
import type { ServerProcess } from '../server-process.ts';
import { merged, percentile, Samples } from '../stats.ts';
import { ownCpuUs, sleep, until } from '../timing.ts';

export interface RoomsShape {
  pairs: number;
  workshops: number;
  workshopSize: number;
  /** How many of a workshop's participants type at once; the others follow. */
  workshopWriters: number;
  /** Updates per second of each typing person. */
  rate: number;
}

/** What every scenario with many documents counts. */
export interface DeliveryCounts {
  documents: number;
  connections: number;
  sent: number;
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
}

/** The counts, with the percentiles of every delivery's latency (`all`, sorted). */
export function deliveryCounts(counts: Omit<DeliveryCounts, 'p50' | 'p99'>, all: Float64Array): DeliveryCounts {
  return { ...counts, p50: percentile(all, 50), p99: percentile(all, 99) };
}

export interface RoomsResult extends DeliveryCounts {
  pairP50: number;
  pairP99: number;
  workshopP50: number;
  workshopP99: number;
  cpuUsPerDelivery: number;
  serverCpuPct: number;
  clientCpuPct: number;
  /** Write operations that reached storage per second (NaN when the server does not count them). */
  writesPerSecond: number;
  /** RSS after a forced GC, with every document open and its people connected, minus the same before. */
  rssKbPerDocument: number;
  heapKbPerDocument: number;
  /** The server's event-loop delay p99 during the run, ms (BENCH_LOOP=1). */
  loopP99: number;
}

interface Member {
  client: RawClient;
  /** The writer id of this person, or 0 for someone who only follows. */
  writes: number;
  room: 'pair' | 'workshop';
}

export async function runManyRooms(server: ServerProcess, dialect: Dialect, shape: RoomsShape, seconds: number, sampleLoop = false): Promise<RoomsResult> {
  // Warm-up of connecting and loading before the memory baseline.
  const warm = await openClients(20, 10, (i) => new RawClient(dialect, server.port, `rooms-warm-${i % 5}`, i));
  for (const c of warm) c.close();
  await sleep(1_000);
  const before = await server.mem();

  const plan: { doc: string; room: Member['room']; writes: boolean }[] = [];
  for (let p = 0; p < shape.pairs; p++) for (let k = 0; k < 2; k++) plan.push({ doc: `duo-${p}`, room: 'pair', writes: true });
  for (let w = 0; w < shape.workshops; w++) {
    for (let k = 0; k < shape.workshopSize; k++) plan.push({ doc: `workshop-${w}`, room: 'workshop', writes: k < shape.workshopWriters });
  }
  let nextWriter = 0;
  const members: Member[] = [];
  let clients: RawClient[] = [];
  try {
    clients = await openClients(plan.length, 50, (i) => new RawClient(dialect, server.port, plan[i].doc, i));
    for (const [i, client] of clients.entries()) {
      members.push({ client, writes: plan[i].writes ? ++nextWriter : 0, room: plan[i].room });
    }
    const writers = members.filter((m) => m.writes > 0).map((m) => ({ member: m, writer: new Writer(m.client, m.writes) }));
    const recipientsOf = (room: Member['room']) => (room === 'pair' ? 1 : shape.workshopSize - 1);

    const pairLatency = new Samples();
    const workshopLatency = new Samples();
    let delivered = 0;
    let measuring = false;
    for (const m of members) {
      const samples = m.room === 'pair' ? pairLatency : workshopLatency;
      m.client.onData = (data) => {
        const at = nowMs();
        scanMarkers(data, (writer, _seq, sentMs) => {
          // A merged broadcast may come back to its writer too: only what others wrote counts.
          if (writer === m.writes) return;
          delivered++;
          if (measuring) samples.push(at - sentMs);
        });
      };
    }

    // Warm-up (not counted): one update per writer, spread over a second; every room has content.
    const warmStart = performance.now();
    await Promise.all(
      writers.map(async ({ writer }, i) => {
        await sleep(warmStart + (i / writers.length) * 1000 - performance.now());
        writer.write();
      })
    );
    const warmExpected = writers.reduce((n, w) => n + recipientsOf(w.member.room), 0);
    await until(() => delivered >= warmExpected, 20_000);
    await sleep(500);
    delivered = 0;
    measuring = true;

    if (sampleLoop) await server.loop();
    const cpu0 = await server.cpuUs();
    const writes0 = await server.writes();
    const own0 = ownCpuUs();
    const t0 = performance.now();
    const perWriter = await typeAt(
      writers.map((w) => w.writer),
      shape.rate,
      seconds
    );
    const sent = perWriter * writers.length;
    const expected = writers.reduce((n, w) => n + perWriter * recipientsOf(w.member.room), 0);
    await until(() => delivered >= expected, 20_000);
    const elapsedMs = performance.now() - t0;
    const cpu1 = await server.cpuUs();
    const loop = sampleLoop ? await server.loop() : null;
    const writes1 = await server.writes();
    const own1 = ownCpuUs();
    measuring = false;
    const after = await server.mem();

    const pairs = pairLatency.sorted();
    const workshops = workshopLatency.sorted();
    const documents = shape.pairs + shape.workshops;
    return {
      ...deliveryCounts({ documents, connections: clients.length, sent, delivered, expected }, merged([pairs, workshops])),
      pairP50: percentile(pairs, 50),
      pairP99: percentile(pairs, 99),
      workshopP50: percentile(workshops, 50),
      workshopP99: percentile(workshops, 99),
      cpuUsPerDelivery: (cpu1 - cpu0) / expected,
      serverCpuPct: ((cpu1 - cpu0) / 1000 / elapsedMs) * 100,
      clientCpuPct: ((own1 - own0) / 1000 / elapsedMs) * 100,
      writesPerSecond: writes0 === null || writes1 === null ? NaN : ((writes1 - writes0) * 1000) / elapsedMs,
      rssKbPerDocument: (after.rss - before.rss) / 1024 / documents,
      heapKbPerDocument: (after.heapUsed + after.external - before.heapUsed - before.external) / 1024 / documents,
      loopP99: loop?.p99 ?? NaN
    };
  } finally {
    for (const c of clients) c.close();
  }
}
