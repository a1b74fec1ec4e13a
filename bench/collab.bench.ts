// `npm run bench:collab`: our collaboration server side by side with the y-websocket 2.1.0 reference server and
// Hocuspocus 3.4.4, same machine, same workload, same raw clients. Each server runs in its own child process
// (its CPU is read there); the clients run here. BENCH_QUICK=1 for a short run; see bench/collab/config.ts.
import { cpus, loadavg } from 'node:os';
import { mkdirSync } from 'node:fs';
import { BROADCAST_ONLY, readConfig, type ServerKind } from './collab/config.ts';
import { dialectOf } from './collab/dialects.ts';
import { makeHistory } from './collab/history.ts';
import { coldTable, fanoutTable, idleTable, roomsTable, verdict, writersTable, type Outcome } from './collab/report.ts';
import { runManyRooms, type RoomsResult } from './collab/scenarios/many-rooms.ts';
import { withNodeSetup } from './collab/cluster-setup.ts';
import { relayTable, type SetupOutcome } from './collab/report-relay.ts';
import { runRelay, type RelayResult } from './collab/scenarios/relay.ts';
import { runColdLoad, type ColdResult } from './collab/scenarios/cold-load.ts';
import { runFanout, type FanoutResult } from './collab/scenarios/fanout.ts';
import { runIdle, type IdleResult } from './collab/scenarios/idle.ts';
import { runWriters, type WritersResult } from './collab/scenarios/writers.ts';
import { withServer, type ServerProcess } from './collab/server-process.ts';
import { medianRecord } from './collab/stats.ts';
import { sleep } from './collab/timing.ts';

const cfg = readConfig();

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

/** Runs one measurement in a fresh server child; a failure becomes a row that says so, not a lost run. */
async function measure<T>(
  kind: ServerKind,
  what: string,
  run: (server: ServerProcess) => Promise<T>,
  profileDir?: string
): Promise<Outcome<T>> {
  const started = performance.now();
  try {
    const result = await withServer(kind, { profileDir }, run);
    console.error(`  ${what} · ${kind}: ${((performance.now() - started) / 1000).toFixed(1)} s, load ${load()}`);
    return { server: kind, result };
  } catch (error) {
    console.error(`  ${what} · ${kind}: FAILED: ${(error as Error).stack ?? error}`);
    return { server: kind, error: (error as Error).message ?? String(error) };
  } finally {
    // Let the machine settle (sockets closing, the child exiting) before the next server is measured.
    await sleep(1_000);
  }
}

/**
 * Measures every server `cfg.rounds` times, rotating the order each round so that no server always runs first or
 * right after the same neighbour (the machine is shared: load drifts). Rows show the median of the rounds.
 */
async function sideBySide<T extends object>(
  what: string,
  run: (kind: ServerKind, server: ServerProcess) => Promise<T>,
  options: { profileDir?: string; broadcastOnly?: boolean } = {}
): Promise<Outcome<T>[]> {
  const servers = options.broadcastOnly ? cfg.servers : cfg.servers.filter((k) => !BROADCAST_ONLY.includes(k));
  const profileDir = options.profileDir;
  const results = new Map<ServerKind, T[]>();
  const errors = new Map<ServerKind, string>();
  for (let round = 0; round < cfg.rounds; round++) {
    const order = servers.map((_, i) => servers[(i + round) % servers.length]);
    for (const kind of order) {
      const outcome = await measure(kind, cfg.rounds > 1 ? `${what} (round ${round + 1})` : what, (s) => run(kind, s), profileDir);
      if ('result' in outcome) {
        results.set(kind, [...(results.get(kind) ?? []), outcome.result]);
        // Every round's figures stay visible, so the spread behind a median can be judged.
        const figures = Object.entries(outcome.result)
          .filter(([, v]) => typeof v === 'number' && Number.isFinite(v))
          .map(([k, v]) => `${k} ${(v as number).toFixed(2)}`);
        console.error(`    ${figures.join(', ')}`);
      }
      else errors.set(kind, outcome.error);
    }
  }
  return servers.map((kind) => {
    const got = results.get(kind);
    return got ? { server: kind, result: medianRecord(got) } : { server: kind, error: errors.get(kind) ?? 'no result' };
  });
}

/**
 * Scenario 6: one node, then the same load on several nodes on Redis (order rotated each round), each setup
 * started fresh; medians of the rounds.
 */
async function relayRounds(): Promise<SetupOutcome[]> {
  const setups = [1, cfg.relay.nodes];
  const results = new Map<number, RelayResult[]>();
  const errors = new Map<number, string>();
  const run = Date.now().toString(36);
  for (let round = 0; round < cfg.rounds; round++) {
    for (const nodes of round % 2 ? [...setups].reverse() : setups) {
      const what = `relay, ${nodes} node(s)${cfg.rounds > 1 ? ` (round ${round + 1})` : ''}`;
      const started = performance.now();
      try {
        const result = await withNodeSetup(
          nodes,
          (setup) => runRelay(setup, dialectOf('ours-node'), cfg.relay, cfg.seconds, `${run}-${round}-${nodes}`),
          profileDirFor('relay')
        );
        results.set(nodes, [...(results.get(nodes) ?? []), result]);
        console.error(`  ${what}: ${((performance.now() - started) / 1000).toFixed(1)} s, load ${load()}`);
        const figures = Object.entries(result).filter(([, v]) => Number.isFinite(v)).map(([k, v]) => `${k} ${(v as number).toFixed(2)}`);
        console.error(`    ${figures.join(', ')}`);
      } catch (error) {
        console.error(`  ${what}: FAILED: ${(error as Error).stack ?? error}`);
        errors.set(nodes, (error as Error).message ?? String(error));
      }
      await sleep(1_000);
    }
  }
  return setups.map((nodes) => {
    const got = results.get(nodes);
    return got ? { nodes, result: medianRecord(got) } : { nodes, error: errors.get(nodes) ?? 'no result' };
  });
}

/** Where profiles of this measurement go, if BENCH_PROFILE asked for it. */
function profileDirFor(what: string): string | undefined {
  if (cfg.profile !== what) return undefined;
  mkdirSync(cfg.profileDir, { recursive: true });
  return cfg.profileDir;
}

async function main(): Promise<void> {
  console.log(`# Collaboration servers side by side${cfg.quick ? ' (QUICK MODE: figures are indicative only)' : ''}`);
  console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average at start ${load()}`);
  if (cfg.profile) console.log(`PROFILING ${cfg.profile} into ${cfg.profileDir}: the profiler's own cost inflates those runs' figures`);
  console.log(`servers: ${cfg.servers.join(', ')}; scenarios: ${cfg.scenarios.join(', ')}; ${cfg.rounds} round(s), medians shown`);

  const fanout = new Map<number, Outcome<FanoutResult>[]>();
  let writers: Outcome<WritersResult>[] = [];
  let cold: Outcome<ColdResult>[] = [];
  let idle: Outcome<IdleResult>[] = [];
  let rooms: Outcome<RoomsResult>[] = [];

  if (cfg.scenarios.includes('fanout')) {
    for (const size of cfg.fanoutSizes) {
      const profileDir = profileDirFor(String(size));
      const outcomes = await sideBySide(
        `fan-out ${size}`,
        (kind, s) => runFanout(s, dialectOf(kind), size, cfg.fanoutRate, cfg.seconds, cfg.loopDelay),
        { profileDir, broadcastOnly: true }
      );
      fanout.set(size, outcomes);
      console.log(fanoutTable(size, cfg, outcomes));
    }
  }
  if (cfg.scenarios.includes('writers')) {
    writers = await sideBySide(
      'writers',
      (kind, s) => runWriters(s, dialectOf(kind), cfg.writers, cfg.writerObservers, cfg.writerRate, cfg.seconds, cfg.loopDelay),
      { broadcastOnly: true }
    );
    console.log(writersTable(cfg, writers));
  }
  if (cfg.scenarios.includes('cold')) {
    const history = makeHistory(cfg.coldUpdates);
    const bytes = history.reduce((n, u) => n + u.length, 0);
    console.error(`  cold-load history: ${history.length} updates, ${bytes} bytes`);
    cold = await sideBySide('cold load', (kind, s) => runColdLoad(s, dialectOf(kind), history, cfg.coldRuns, kind === 'reference-leveldb'));
    console.log(coldTable(cfg, cold));
  }
  if (cfg.scenarios.includes('idle')) {
    idle = await sideBySide(
      'idle',
      (kind, s) => runIdle(s, dialectOf(kind), cfg.idleConnections, cfg.idleDocuments, cfg.idleSeconds),
      { profileDir: profileDirFor('idle') }
    );
    console.log(idleTable(cfg, idle));
  }
  if (cfg.scenarios.includes('rooms')) {
    rooms = await sideBySide('many rooms', (kind, s) => runManyRooms(s, dialectOf(kind), cfg.rooms, cfg.seconds, cfg.loopDelay));
    console.log(roomsTable(cfg, rooms));
  }
  if (cfg.scenarios.includes('relay')) console.log(relayTable(cfg, await relayRounds()));
  // The targets judge ours against the peers; scenario 6 compares setups of ours only and has no peer.
  if (cfg.scenarios.some((s) => s !== 'relay')) console.log(verdict({ fanout, writers, cold, idle, rooms }));
  console.log(`\nload average at end ${load()} (1 / 5 / 15 min; 2.00 means both cores busy on average)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  }
);
