// The one place the collaboration benchmark reads its environment (DESIGN.md, convention 5).
// BENCH_QUICK=1 shortens every phase for development; the full run is the default.
import type { RelayShape } from './scenarios/relay.ts';
import type { RoomsShape } from './scenarios/many-rooms.ts';

/**
 * `ours-node` is ours as one app node of an instance: MongoDB in its own process, and Redis when several nodes
 * run (scenario 6 starts it with both addresses; it is not a choice of BENCH_SERVERS).
 */
export type ServerKind = 'ours-mongo' | 'ours-memory' | 'ours-node' | 'reference' | 'reference-leveldb' | 'hocuspocus' | 'hocuspocus-sqlite' | 'sketch';
export const ALL_SERVERS: ServerKind[] = ['ours-mongo', 'ours-memory', 'reference', 'reference-leveldb', 'hocuspocus', 'hocuspocus-sqlite', 'sketch'];
/** Run unless BENCH_SERVERS names others: the sketch measured a proposal that is now in server/collab. */
export const DEFAULT_SERVERS: ServerKind[] = ['ours-mongo', 'ours-memory', 'reference', 'reference-leveldb', 'hocuspocus', 'hocuspocus-sqlite'];
/** The peers that store what they receive, as ours does: the bar of the many-rooms scenario. */
export const PERSISTING_PEERS: ServerKind[] = ['reference-leveldb', 'hocuspocus-sqlite'];
/** The sketch of the proposed broadcast path only takes part where broadcasting is what is measured. */
export const BROADCAST_ONLY: ServerKind[] = ['sketch'];
export type ScenarioName = 'fanout' | 'writers' | 'cold' | 'idle' | 'rooms' | 'relay';
export const ALL_SCENARIOS: ScenarioName[] = ['fanout', 'writers', 'cold', 'idle', 'rooms', 'relay'];

export interface BenchConfig {
  quick: boolean;
  /** Each measurement is repeated this many times, servers in rotated order; tables show the medians. */
  rounds: number;
  /** Length of the fan-out and many-writers runs. */
  seconds: number;
  fanoutSizes: number[];
  fanoutRate: number;
  writers: number;
  writerObservers: number;
  writerRate: number;
  coldUpdates: number;
  coldRuns: number;
  idleConnections: number;
  idleDocuments: number;
  idleSeconds: number;
  /** Many rooms: duos of two typing people, and workshops where some type and everyone follows. */
  rooms: RoomsShape;
  /** Several nodes: one writer per document on node A, observers spread over the nodes, against one node. */
  relay: RelayShape;
  servers: ServerKind[];
  scenarios: ScenarioName[];
  /** Profiles every server child over one measured window: a fan-out size ("500") or "idle"; null = off. */
  profile: string | null;
  profileDir: string;
  /** Samples the server's event-loop delay during runs (its timer costs the server a little CPU). */
  loopDelay: boolean;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function list<T extends string>(name: string, allowed: readonly T[], defaults: readonly T[] = allowed): T[] {
  const raw = process.env[name];
  if (!raw) return [...defaults];
  const picked = raw.split(',').map((s) => s.trim()) as T[];
  for (const p of picked) {
    if (!allowed.includes(p)) throw new Error(`${name}: unknown "${p}" (known: ${allowed.join(', ')})`);
  }
  return picked;
}

export function readConfig(): BenchConfig {
  const quick = process.env.BENCH_QUICK === '1';
  return {
    quick,
    rounds: int('BENCH_ROUNDS', 1),
    seconds: int('BENCH_SECONDS', quick ? 5 : 30),
    fanoutSizes: process.env.BENCH_FANOUT ? process.env.BENCH_FANOUT.split(',').map(Number) : [50, 200, 500],
    fanoutRate: 20,
    writers: 50,
    writerObservers: 50,
    writerRate: 5,
    coldUpdates: 2_000,
    coldRuns: int('BENCH_COLD_RUNS', quick ? 3 : 7),
    idleConnections: 2_000,
    idleDocuments: 1_000,
    // 30 s covers exactly one keepalive round of every server (all three ping every 30 s).
    idleSeconds: int('BENCH_IDLE_SECONDS', quick ? 5 : 30),
    // BENCH_PAIRS / BENCH_WORKSHOPS scale the many-rooms scenario down on a machine that cannot carry it.
    rooms: { pairs: int('BENCH_PAIRS', 500), workshops: int('BENCH_WORKSHOPS', 10), workshopSize: 30, workshopWriters: 5, rate: 5 },
    // BENCH_RELAY_DOCS scales the multi-node scenario: three nodes (the table's A, B, C), 3 observers per document.
    relay: { documents: int('BENCH_RELAY_DOCS', 100), nodes: 3, observers: 3, rate: 5 },
    servers: list('BENCH_SERVERS', ALL_SERVERS, DEFAULT_SERVERS),
    scenarios: list('BENCH_ONLY', ALL_SCENARIOS),
    profile: process.env.BENCH_PROFILE || null,
    profileDir: process.env.BENCH_PROFILE_DIR ?? 'bench/collab/profiles',
    loopDelay: process.env.BENCH_LOOP === '1'
  };
}
