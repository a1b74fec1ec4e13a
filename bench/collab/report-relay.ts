// The table of scenario 6: one node against several on Redis, same load, side by side.
import type { BenchConfig } from './config.ts';
import type { RelayResult } from './scenarios/relay.ts';
import { renderTable, type Row } from './table.ts';

export type SetupOutcome = { nodes: number; result: RelayResult } | { nodes: number; error: string };

const label = (nodes: number) => (nodes === 1 ? 'ours, one node (no Redis)' : `ours, ${nodes} nodes on Redis`);

export function relayTable(cfg: BenchConfig, outcomes: SetupOutcome[]): string {
  const r = cfg.relay;
  const one = outcomes.find((o): o is { nodes: number; result: RelayResult } => o.nodes === 1 && 'result' in o)?.result;
  const versusOne = (value: number, base: number | undefined) => (base && Number.isFinite(value) ? `${(value / base).toFixed(2)}×` : '–');
  const rows = outcomes.map((o): Row => {
    if ('error' in o) return { server: 'ours-node', label: label(o.nodes), values: {}, note: `failed: ${o.error.split('\n')[0].slice(0, 100)}` };
    const x = o.result;
    return {
      server: 'ours-node',
      label: label(o.nodes),
      values: {
        a: `${x.aP50.toFixed(2)} / ${x.aP99.toFixed(2)}`,
        b: `${x.bP50.toFixed(2)} / ${x.bP99.toFixed(2)}`,
        c: `${x.cP50.toFixed(2)} / ${x.cP99.toFixed(2)}`,
        all: `${x.p50.toFixed(2)} / ${x.p99.toFixed(2)}`,
        p99x: versusOne(x.p99, one?.p99),
        cpu: x.nodeCpuUsPerUpdate,
        cpux: versusOne(x.nodeCpuUsPerUpdate, one?.nodeCpuUsPerUpdate),
        added: one ? x.nodeCpuUsPerUpdate - one.nodeCpuUsPerUpdate : NaN,
        idle: x.idleCpuUsPerUpdate,
        addedBusy: one ? x.nodeCpuUsPerUpdate - x.idleCpuUsPerUpdate - (one.nodeCpuUsPerUpdate - one.idleCpuUsPerUpdate) : NaN,
        perDelivery: x.nodeCpuUsPerDelivery,
        busiest: x.maxNodeCpuPct,
        redis: x.redisCpuUsPerUpdate,
        db: x.dbCpuUsPerUpdate,
        writes: x.writesPerSecond,
        ccpu: x.clientCpuPct,
        got: `${((x.delivered / x.expected) * 100).toFixed(1)}%`
      }
    };
  });
  return renderTable(
    `6. Several nodes: ${r.documents} documents × 1 writer on node A at ${r.rate} updates/s (${r.documents * r.rate} updates/s), ${r.observers} observers each spread over A, B, C, ${cfg.seconds} s`,
    [
      { key: 'a', title: 'on A p50 / p99 ms', digits: 2 },
      { key: 'b', title: 'on B p50 / p99 ms', digits: 2 },
      { key: 'c', title: 'on C p50 / p99 ms', digits: 2 },
      { key: 'all', title: 'all p50 / p99 ms', digits: 2 },
      { key: 'p99x', title: 'p99 × one node', digits: 2 },
      { key: 'cpu', title: 'nodes CPU µs/update', digits: 1 },
      { key: 'cpux', title: '× one node', digits: 2 },
      { key: 'added', title: 'relay adds µs/update', digits: 1 },
      { key: 'idle', title: 'of which idle µs/update', digits: 1 },
      { key: 'addedBusy', title: 'relay adds, idle apart', digits: 1 },
      { key: 'perDelivery', title: 'nodes CPU µs/delivery', digits: 1 },
      { key: 'busiest', title: 'busiest node CPU %', digits: 0 },
      { key: 'redis', title: 'Redis CPU µs/update', digits: 1 },
      { key: 'db', title: 'database CPU µs/update', digits: 1 },
      { key: 'writes', title: 'durable writes/s', digits: 0 },
      { key: 'ccpu', title: 'client CPU %', digits: 0 },
      { key: 'got', title: 'delivered', digits: 0 }
    ],
    rows,
    [
      'Each node is its own process; the database is the embedded engine in its own process (as `npm run db`, in the',
      'place of MongoDB) in both setups, Redis is Debian\'s redis-server. "On A / B / C": observers on the writer\'s node',
      'and on the two others; on one node the three observers sit on that node, in the same positions. Nodes CPU µs/update',
      '= the CPU of every app node over the run ÷ updates sent (each reaches 3 observers); "relay adds" is the difference',
      'with one node. "Of which idle": the nodes\' CPU over as long with every document open and nobody typing (measured',
      'for 5 s before the run), per update; "relay adds, idle apart" compares what is left. Redis and the database are',
      'counted apart (read from /proc).'
    ]
  );
}
