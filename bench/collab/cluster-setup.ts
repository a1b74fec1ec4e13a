// An instance of several app nodes for scenario 6, started fresh for each measurement: the embedded engine as its
// own process (as `npm run db`, standing for MongoDB), Debian's redis-server when there is more than one node, and
// the nodes, each a server child (`ours-node`) whose CPU it reports itself. Everything is stopped afterwards,
// whatever happens.
import { startBenchServer, type BenchServer } from '../engine-process.ts';
import { startRedis, type RedisProcess } from './redis-process.ts';
import { ServerProcess } from './server-process.ts';

export interface Readings {
  /** Each node's CPU time so far, µs. */
  nodeCpuUs: number[];
  /** Redis' CPU time so far, µs; null without Redis. */
  redisCpuUs: number | null;
  /** The database process' CPU time so far, µs; null when it cannot be read. */
  dbCpuUs: number | null;
  /** Write operations of all nodes that reached the database so far. */
  writes: number;
}

export interface NodeSetup {
  nodes: ServerProcess[];
  readings(): Promise<Readings>;
  /** Starts every node's CPU profiler (with BENCH_PROFILE=relay; otherwise nothing). */
  profileStart(): Promise<void>;
  /** Writes `ours-node-relay-<n>-nodes-<A|B|C>.cpuprofile` for each node. */
  profileStop(): Promise<void>;
}

export async function withNodeSetup<T>(count: number, fn: (setup: NodeSetup) => Promise<T>, profileDir?: string): Promise<T> {
  let db: BenchServer | null = null;
  let redis: RedisProcess | null = null;
  const nodes: ServerProcess[] = [];
  try {
    db = await startBenchServer();
    if (count > 1) redis = await startRedis();
    const args = [db.uri, redis?.url ?? '-'];
    // One after another: the first creates the store's indexes, the others find them.
    for (let i = 0; i < count; i++) nodes.push(await ServerProcess.start('ours-node', { args, profileDir }));
    const database = db;
    const bus = redis;
    return await fn({
      nodes,
      async readings() {
        const [nodeCpuUs, writes] = await Promise.all([Promise.all(nodes.map((n) => n.cpuUs())), Promise.all(nodes.map((n) => n.writes()))]);
        return { nodeCpuUs, redisCpuUs: bus?.cpuUs() ?? null, dbCpuUs: database.cpuMicros(), writes: writes.reduce<number>((a, b) => a + (b ?? 0), 0) };
      },
      async profileStart() {
        await Promise.all(nodes.map((n) => n.profileStart()));
      },
      async profileStop() {
        await Promise.all(nodes.map((n, i) => n.profileStop(`relay-${count}-nodes-${'ABCDEFGH'[i]}`)));
      }
    });
  } finally {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    await redis?.stop();
    await db?.stop();
  }
}
