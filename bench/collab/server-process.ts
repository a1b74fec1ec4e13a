// The parent's handle on a server child: start it, ask for its CPU time and memory, seed documents, stop it.
// Every child is killed when the benchmark exits, whatever way it exits.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerKind } from './config.ts';
import type { ChildReply, ChildRequest, CpuReading, LoopReading, MemReading } from './servers/child.ts';

const CHILD = fileURLToPath(new URL('./servers/child.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of live) child.kill('SIGKILL');
    process.exit(130);
  });
}

type Distributive<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface StartOptions {
  /** Where `profileStart`/`profileStop` write V8 CPU profiles; without it they do nothing. */
  profileDir?: string;
  /** Passed to the child after its kind (ours-node: the database's and Redis' addresses). */
  args?: string[];
}

export class ServerProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private exited: Promise<void>;

  private constructor(
    readonly kind: ServerKind,
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly profileDir: string | undefined
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (message: ChildReply) => {
      if (message.type !== 'reply') return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${kind}: ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      live.delete(child);
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${kind} exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  static start(kind: ServerKind, options: StartOptions = {}): Promise<ServerProcess> {
    const child = fork(CHILD, [kind, ...(options.args ?? [])], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    });
    live.add(child);
    // A child that dies mid-request must fail that measurement, not the whole benchmark.
    child.on('error', (error) => console.error(`  ${kind} child: ${error.message}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${kind}: not ready after ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${kind}: exited before ready (${code ?? signal})`));
      });
      child.once('message', (message: ChildReply) => {
        clearTimeout(timer);
        if (message.type === 'ready') resolve(new ServerProcess(kind, child, message.port, options.profileDir));
        else {
          child.kill('SIGKILL');
          reject(new Error(message.type === 'failed' ? message.error : `${kind}: unexpected ${message.type}`));
        }
      });
    });
  }

  private request<T>(request: Distributive<ChildRequest>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.kind}: no answer to ${request.cmd} in ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        }
      });
      if (!this.child.connected) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new Error(`${this.kind}: the child is gone`));
        return;
      }
      this.child.send({ ...request, id }, (error) => {
        if (error) this.pending.get(id)?.reject(error);
      });
    });
  }

  /** The child's CPU time so far (user + system), µs. */
  async cpuUs(): Promise<number> {
    return (await this.request<CpuReading>({ cmd: 'cpu' })).cpuUs;
  }

  /** The child's memory right after a full garbage collection. */
  mem(): Promise<MemReading> {
    return this.request<MemReading>({ cmd: 'mem' });
  }

  /** Event-loop delay in the child since the previous call. */
  loop(): Promise<LoopReading> {
    return this.request<LoopReading>({ cmd: 'loop' });
  }

  /** Starts the child's CPU profiler (if profiling was asked for). */
  async profileStart(): Promise<void> {
    if (this.profileDir) await this.request<void>({ cmd: 'profile-start' });
  }

  /** Stops it and writes `<profileDir>/<kind>-<label>.cpuprofile`; returns the path, or null. */
  async profileStop(label: string): Promise<string | null> {
    if (!this.profileDir) return null;
    const file = `${this.profileDir}/${this.kind}-${label}.cpuprofile`;
    await this.request<void>({ cmd: 'profile-stop', file });
    return file;
  }

  /** Write operations that reached the server's storage so far, or null if it stores nothing. */
  writes(): Promise<number | null> {
    return this.request<number | null>({ cmd: 'writes' });
  }

  seed(doc: string, updates: Uint8Array[]): Promise<void> {
    return this.request<void>({ cmd: 'seed', doc, updates });
  }

  /** Asks the child to stop cleanly (closing its connections, storing its documents); kills it if it does not. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    try {
      await this.request<void>({ cmd: 'stop' }).catch(() => this.child.kill('SIGKILL'));
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs `fn` with a fresh server child, and stops the child whatever happens. */
export async function withServer<T>(kind: ServerKind, options: StartOptions, fn: (server: ServerProcess) => Promise<T>): Promise<T> {
  const server = await ServerProcess.start(kind, options);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}
