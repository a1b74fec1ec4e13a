// Starts the embedded engine for the benchmark: by default as its own process through the CLI (as a real mongod
// would run, so client and server do not share one event loop), or inside this process with BENCH_IN_PROCESS=1
// (as the app embeds it when MONGODB_URI is unset).
import { spawn, execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BenchServer {
  uri: string;
  description: string;
  /** CPU time the server process has used so far, in µs, when it is a process we can see (else null). */
  cpuMicros(): number | null;
  stop(): Promise<void>;
}

// Linux: utime and stime (fields 14 and 15 of /proc/<pid>/stat) in clock ticks; CPU time is load-independent,
// so it tells what the engine costs per operation even on a busy shared machine.
const CLK_TCK = (() => {
  try {
    return Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
export function processCpuMicros(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1e6;
  } catch {
    return null;
  }
}

export async function startBenchServer(): Promise<BenchServer> {
  if (process.env.MONGODB_URI) {
    return {
      uri: process.env.MONGODB_URI,
      description: `MONGODB_URI (${redact(process.env.MONGODB_URI)})`,
      cpuMicros: () => null,
      stop: async () => {}
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'binome-bench-'));
  if (process.env.BENCH_IN_PROCESS === '1') {
    const { startEmbeddedMongo } = await import('../server/embedded-mongo/index.ts');
    const engine = await startEmbeddedMongo({ dataDir, port: 0 });
    return {
      uri: engine.uri,
      description: `embedded engine in this process, durable, data dir ${dataDir}`,
      // Client and engine share this process: their CPU cannot be told apart.
      cpuMicros: () => null,
      async stop() {
        await engine.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    };
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/embedded-mongo/cli.ts', '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the engine CLI did not print its URI within 30 s')), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /mongodb:\/\/[^\s'"]+/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the engine CLI exited with code ${code}`)));
  });
  return {
    uri,
    description: `embedded engine as its own process (npm run db), durable, data dir ${dataDir}`,
    cpuMicros: () => processCpuMicros(child.pid!),
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}

/** Drops the benchmark's database, closes its connection and stops the server it started. */
export async function tearDown(conn: { dropDatabase(): Promise<unknown>; close(): Promise<unknown> }, server: BenchServer): Promise<void> {
  await conn.dropDatabase().catch(() => {});
  await conn.close();
  await server.stop();
}

/** Runs a benchmark's main function; any failure is printed and exits non-zero. */
export function runBench(main: () => Promise<void>): void {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
