// Debian's redis-server for the several-nodes suites, on a free port, nothing saved. It fails (never skips) when
// redis-server is missing: `.ci/run` installs it. It can be stopped and started again on the same port (a Redis
// restart, as an operator's would be).
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { waitFor } from '../collab/collab-helpers.ts';
import { freePort } from '../../scripts/free-port.ts';

export { freePort };

export class RedisServer {
  private child: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort());
    await server.start();
    return server;
  }

  /** Starts (again) on its port; resolves once it answers PING. */
  async start(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    const failed = new Promise<never>((_, reject) =>
      child.once('error', (err) => reject(new Error(`redis-server could not start (apt-get install redis-server): ${err.message}`)))
    );
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => 50 });
    probe.on('error', () => {}); // refused until it listens
    try {
      await Promise.race([failed, waitFor(async () => (await probe.ping().catch(() => '')) === 'PONG', 10_000, 'redis-server answers')]);
    } finally {
      probe.disconnect();
    }
  }

  /** Stops it and waits until the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
