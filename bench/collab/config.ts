// The one place the collaboration benchmark reads its environment (DESIGN.md, convention 5).
// BENCH_QUICK=1 shortens every phase for development; the full run is the default.

export type ServerKind = 'ours-mongo' | 'ours-memory' | 'reference' | 'hocuspocus';
export const ALL_SERVERS: ServerKind[] = ['ours-mongo', 'ours-memory', 'reference', 'hocuspocus'];
export type ScenarioName = 'fanout' | 'writers' | 'cold' | 'idle';
export const ALL_SCENARIOS: ScenarioName[] = ['fanout', 'writers', 'cold', 'idle'];

export interface BenchConfig {
  quick: boolean;
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
  servers: ServerKind[];
  scenarios: ScenarioName[];
  /** Writes a V8 CPU profile of our server's child for this fan-out size (0 = off). */
  profileObservers: number;
  profileDir: string;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function list<T extends string>(name: string, allowed: readonly T[]): T[] {
  const raw = process.env[name];
  if (!raw) return [...allowed];
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
    servers: list('BENCH_SERVERS', ALL_SERVERS),
    scenarios: list('BENCH_ONLY', ALL_SCENARIOS),
    profileObservers: process.env.BENCH_PROFILE ? int('BENCH_PROFILE', 500) : 0,
    profileDir: process.env.BENCH_PROFILE_DIR ?? 'bench/collab/profiles'
  };
}
