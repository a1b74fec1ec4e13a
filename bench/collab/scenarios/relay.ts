// Scenario 6: several app nodes. Each document has one writer on node A and observers spread over the nodes (the
// k-th on node k mod n), so an update reaches an observer on A straight from A's broadcast and one on B or C
// through Redis and that node's broadcast. The same load on one node (no Redis) is the baseline. CPU is read in
// every node; Redis' and the database's from /proc (cluster-setup.ts).
import { openClients, RawClient, typeAt, Writer } from '../client.ts';
import { deliveryCounts, type DeliveryCounts } from './many-rooms.ts';
import type { Dialect } from '../dialects.ts';
import { nowMs, scanMarkers } from '../markers.ts';
import { merged, percentile, Samples } from '../stats.ts';
import { ownCpuUs, sleep, until } from '../timing.ts';
import type { NodeSetup } from '../cluster-setup.ts';

export interface RelayShape {
  documents: number;
  /** App nodes of the multi-node setup (the baseline has one). */
  nodes: number;
  /** Observers per document, the k-th on node k mod nodes. */
  observers: number;
  /** Updates per second of each writer. */
  rate: number;
}

export interface RelayResult extends DeliveryCounts {
  nodes: number;
  max: number;
  /** Latency to the observers on node A, B, C (on one node: the observers in the same positions, all on it). */
  aP50: number;
  aP99: number;
  bP50: number;
  bP99: number;
  cP50: number;
  cP99: number;
  /** All app nodes' CPU over the run ÷ updates sent, and ÷ deliveries. */
  nodeCpuUsPerUpdate: number;
  nodeCpuUsPerDelivery: number;
  /** Of nodeCpuUsPerUpdate, what the nodes spend idle over as long (documents open, nobody typing). */
  idleCpuUsPerUpdate: number;
  /** The busiest node's CPU, % of one core. */
  maxNodeCpuPct: number;
  /** Redis' CPU per update sent (NaN without Redis). */
  redisCpuUsPerUpdate: number;
  /** The database process' CPU per update sent. */
  dbCpuUsPerUpdate: number;
  /** Write operations of all nodes reaching the database, per second. */
  writesPerSecond: number;
  clientCpuPct: number;
}

const WARM_UP_SECONDS = 3;
const IDLE_SECONDS = 5;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Where the observer number `k` of a document connects. */
export function observerNode(k: number, nodes: number): number {
  return k % nodes;
}

export async function runRelay(setup: NodeSetup, dialect: Dialect, shape: RelayShape, seconds: number, tag: string): Promise<RelayResult> {
  const n = setup.nodes.length;
  // Writers first (each on A opens and loads its document), then the observers: a node opening a document
  // already open elsewhere catches up through the relay, as in production.
  const plan: { doc: string; node: number; writes: boolean }[] = [];
  for (let d = 0; d < shape.documents; d++) plan.push({ doc: `relay-${tag}-${d}`, node: 0, writes: true });
  for (let k = 0; k < shape.observers; k++) {
    for (let d = 0; d < shape.documents; d++) plan.push({ doc: `relay-${tag}-${d}`, node: observerNode(k, n), writes: false });
  }
  let clients: RawClient[] = [];
  try {
    clients = await openClients(plan.length, 20, (i) => new RawClient(dialect, setup.nodes[plan[i].node].port, plan[i].doc, i));
    const writers = clients.slice(0, shape.documents).map((c, d) => new Writer(c, d + 1));
    // Latency per node of the observer; in the one-node baseline, per observer position (all on the one node).
    const byNode = Array.from({ length: Math.max(n, shape.observers) }, () => new Samples());
    let delivered = 0;
    let measuring = false;
    for (let i = shape.documents; i < clients.length; i++) {
      const position = Math.floor((i - shape.documents) / shape.documents);
      const samples = byNode[n > 1 ? plan[i].node : position];
      clients[i].onData = (data) => {
        const at = nowMs();
        scanMarkers(data, (_writer, _seq, sentMs) => {
          delivered++;
          if (measuring) samples.push(at - sentMs);
        });
      };
    }

    // Warm-up (not counted): the full load for a few seconds, until every observer has it. With one update per
    // writer as warm-up, the first 3 s of the run had deliveries up to 1.2 s late on all three nodes (then at most
    // 0.2 s) on this loaded machine, and that start alone set the p99: the figures are of the steady state.
    await typeAt(writers, shape.rate, WARM_UP_SECONDS);
    const warmExpected = writers.length * Math.round(shape.rate * WARM_UP_SECONDS) * shape.observers;
    if (!(await until(() => delivered >= warmExpected, 20_000))) {
      throw new Error(`warm-up: ${delivered} of ${warmExpected} updates delivered after 20 s`);
    }
    await sleep(500);
    // The nodes' CPU with every document open and nobody typing: what running more processes costs, whatever
    // the load (timers, keepalives, Redis connections), apart from the work per update.
    const idle0 = await setup.readings();
    const idleStart = performance.now();
    await sleep(IDLE_SECONDS * 1000);
    const idle1 = await setup.readings();
    const idleUsPerMs = (sum(idle1.nodeCpuUs) - sum(idle0.nodeCpuUs)) / (performance.now() - idleStart);
    delivered = 0;
    measuring = true;

    await setup.profileStart();
    const before = await setup.readings();
    const own0 = ownCpuUs();
    const t0 = performance.now();
    const perWriter = await typeAt(writers, shape.rate, seconds);
    const sent = perWriter * writers.length;
    const expected = sent * shape.observers;
    await until(() => delivered >= expected, 20_000);
    const elapsedMs = performance.now() - t0;
    const after = await setup.readings();
    const own1 = ownCpuUs();
    await setup.profileStop();
    measuring = false;

    const nodeCpu = after.nodeCpuUs.map((v, i) => v - before.nodeCpuUs[i]);
    const totalNodeCpu = sum(nodeCpu);
    const perUpdate = (a: number | null, b: number | null) => (a === null || b === null ? NaN : (b - a) / sent);
    const sorted = byNode.map((s) => s.sorted());
    const all = merged(sorted);
    return {
      nodes: n,
      ...deliveryCounts({ documents: shape.documents, connections: clients.length, sent, delivered, expected }, all),
      max: all.length ? all[all.length - 1] : NaN,
      aP50: percentile(sorted[0], 50),
      aP99: percentile(sorted[0], 99),
      bP50: percentile(sorted[1] ?? [], 50),
      bP99: percentile(sorted[1] ?? [], 99),
      cP50: percentile(sorted[2] ?? [], 50),
      cP99: percentile(sorted[2] ?? [], 99),
      nodeCpuUsPerUpdate: totalNodeCpu / sent,
      nodeCpuUsPerDelivery: totalNodeCpu / expected,
      idleCpuUsPerUpdate: (idleUsPerMs * elapsedMs) / sent,
      maxNodeCpuPct: (Math.max(...nodeCpu) / 1000 / elapsedMs) * 100,
      redisCpuUsPerUpdate: perUpdate(before.redisCpuUs, after.redisCpuUs),
      dbCpuUsPerUpdate: perUpdate(before.dbCpuUs, after.dbCpuUs),
      writesPerSecond: ((after.writes - before.writes) * 1000) / elapsedMs,
      clientCpuPct: ((own1 - own0) / 1000 / elapsedMs) * 100
    };
  } finally {
    for (const c of clients) c.close();
  }
}
