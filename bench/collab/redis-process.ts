// Debian's redis-server for the multi-node scenario, on a free loopback port, nothing saved to disk; its CPU is
// read from /proc like the engine's (bench/engine-process.ts). Killed when the benchmark exits, however it exits.
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../../scripts/free-port.ts';
import { processCpuMicros } from '../engine-process.ts';
import { sleep } from './timing.ts';

export interface RedisProcess {
  url: string;
  /** CPU time redis-server has used so far (user + system), µs; null if /proc cannot tell. */
  cpuUs(): number | null;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let failure: Error | null = null;
  child.once('error', (err) => (failure = new Error(`redis-server could not start (apt-get install redis-server): ${err.message}`)));
  child.once('exit', (code) => (failure ??= new Error(`redis-server exited (${code})`)));
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 1 });
  probe.on('error', () => {}); // refused until it listens
  // Asked every 50 ms until it answers, it fails, or 10 s have passed.
  const deadline = performance.now() + 10_000;
  let answered = false;
  while (!answered && failure === null && performance.now() < deadline) {
    answered = (await probe.ping().catch(() => '')) === 'PONG';
    if (!answered) await sleep(50);
  }
  probe.disconnect();
  if (failure) throw failure;
  if (!answered) throw new Error('redis-server did not answer within 10 s');
  return {
    url,
    cpuUs: () => processCpuMicros(child.pid!),
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
}
