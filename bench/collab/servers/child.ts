// Entry of a server child process: starts one server (argv[2] names it), tells the parent its port, then
// answers the parent's questions over IPC. Its own CPU and memory are measured here, where the server runs.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerKind } from '../config.ts';
import type { RunningServer } from './types.ts';

export type ChildRequest =
  | { id: number; cmd: 'cpu' }
  | { id: number; cmd: 'mem' }
  | { id: number; cmd: 'loop' }
  | { id: number; cmd: 'profile-start' }
  | { id: number; cmd: 'profile-stop'; file: string }
  | { id: number; cmd: 'seed'; doc: string; updates: Uint8Array[] }
  | { id: number; cmd: 'writes' }
  | { id: number; cmd: 'stop' };

export type ChildReply =
  | { type: 'ready'; port: number }
  | { type: 'failed'; error: string }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };

export interface CpuReading {
  /** user + system, µs */
  cpuUs: number;
}
/** Event-loop delay since the previous reading (the first one starts the monitor), ms. */
export interface LoopReading {
  p50: number;
  p99: number;
  max: number;
}
export interface MemReading {
  rss: number;
  heapUsed: number;
  external: number;
}

const send = (message: ChildReply) => process.send!(message);
let profiler: Session | null = null;
// Its timer costs CPU, so it only runs once a scenario asks for it (never in the idle scenario).
const loopDelay = monitorEventLoopDelay({ resolution: 5 });

async function start(kind: ServerKind): Promise<RunningServer> {
  switch (kind) {
    case 'ours-mongo':
      return (await import('./ours.ts')).startOurs('mongo');
    case 'ours-memory':
      return (await import('./ours.ts')).startOurs('memory');
    case 'ours-node': {
      // argv: the shared database's URI, then Redis' URL or "-" for a node on its own.
      const [mongodbUri, redisUrl] = process.argv.slice(3);
      return (await import('./ours.ts')).startOurs({ mongodbUri, redisUrl: redisUrl && redisUrl !== '-' ? redisUrl : null });
    }
    case 'reference':
      return (await import('./reference.ts')).startReference();
    case 'reference-leveldb':
      return (await import('./reference.ts')).startReference({ leveldb: true });
    case 'hocuspocus':
      return (await import('./hocuspocus.ts')).startHocuspocus();
    case 'hocuspocus-sqlite':
      return (await import('./hocuspocus.ts')).startHocuspocus({ sqlite: true });
    case 'sketch':
      return (await import('./sketch.ts')).startSketch();
  }
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('child started without --expose-gc');
  // Twice: the first pass may only queue finalizers that free more.
  gc();
  gc();
}

async function handle(server: RunningServer, request: ChildRequest): Promise<unknown> {
  switch (request.cmd) {
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      return { cpuUs: user + system } satisfies CpuReading;
    }
    case 'mem': {
      collectGarbage();
      const { rss, heapUsed, external } = process.memoryUsage();
      return { rss, heapUsed, external } satisfies MemReading;
    }
    case 'loop': {
      const reading = { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
      loopDelay.reset();
      loopDelay.enable();
      return reading satisfies LoopReading;
    }
    case 'profile-start':
      // Through the inspector rather than --cpu-prof, so that the profile covers the measured window only.
      profiler ??= new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.post('Profiler.start');
      return null;
    case 'profile-stop': {
      if (!profiler) throw new Error('profile-stop before profile-start');
      const { profile } = await profiler.post('Profiler.stop');
      await writeFile(request.file, JSON.stringify(profile));
      profiler.disconnect();
      return null;
    }
    case 'seed':
      return server.seed(request.doc, request.updates);
    case 'writes':
      return server.writes?.() ?? null;
    case 'stop':
      await server.stop();
      // The reply goes out first.
      setImmediate(() => process.exit(0));
      return null;
  }
}

async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  // An orphaned child must not linger: when the parent goes, so does the child.
  process.on('disconnect', () => process.exit(0));
  let server: RunningServer;
  try {
    server = await start(kind);
  } catch (error) {
    send({ type: 'failed', error: (error as Error).stack ?? String(error) });
    setImmediate(() => process.exit(1));
    return;
  }
  process.on('message', (request: ChildRequest) => {
    handle(server, request).then(
      (result) => send({ type: 'reply', id: request.id, ok: true, result }),
      (error: unknown) => send({ type: 'reply', id: request.id, ok: false, error: String((error as Error).stack ?? error) })
    );
  });
  send({ type: 'ready', port: server.port });
}

void main();
