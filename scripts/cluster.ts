// `npm run cluster -- --nodes 3`: several Binôme nodes on one machine, to try what a deployment on several servers
// does. It starts the shared embedded engine as a standalone TCP server (as `npm run db` does; MONGODB_URI set: that
// database instead), a local redis-server (REDIS_URL set: that Redis instead; neither: it says how to get one and
// stops), then the nodes on consecutive ports, all with one DATA_DIR (one session secret, one setup code), and
// prints their addresses. Ctrl-C stops the nodes first (each stores its open documents), then the engine and Redis.
//
// Options: --nodes N (3), --port P (first node's port, 3000), --data-dir D (./data/cluster), --no-build (serve
// the API only, without building the web app when it is missing or stale).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { buildFrontEnd, buildIsStale, ROOT } from './front-end-build.ts';
import { freePort } from './free-port.ts';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    port: { type: 'string', default: '3000' },
    'data-dir': { type: 'string', default: './data/cluster' },
    'no-build': { type: 'boolean', default: false }
  }
});

const count = Number(values.nodes);
const firstPort = Number(values.port);
if (!Number.isInteger(count) || count < 1 || count > 32) fail('--nodes must be a whole number from 1 to 32');
if (!Number.isInteger(firstPort) || firstPort < 1 || firstPort + count - 1 > 65535) fail('--port must leave room for every node below 65536');
const dataDir = resolve(values['data-dir']);
const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Everything started here, stopped in reverse order (nodes, then the engine, then Redis). */
const started: { name: string; child: ChildProcess }[] = [];
let stopping = false;

function fail(message: string): never {
  console.error(`cluster: ${message}`);
  process.exit(1);
}

/** Starts a process whose output lines are shown with its name; `ready` resolves with the first line of stdout that `isReady`. */
function run(name: string, command: string, args: string[], env: Record<string, string>, isReady: (line: string) => boolean = () => true): { child: ChildProcess; ready: Promise<string> } {
  // Its own process group: Ctrl-C reaches this script only, which stops everything in order.
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.push({ name, child });
  let first: (line: string) => void;
  const ready = new Promise<string>((resolvePromise, reject) => {
    first = resolvePromise;
    child.once('error', (err) => reject(err));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code ?? 'signal'}) before it was ready`)));
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (isReady(line)) first(line);
    console.log(`[${name}] ${line}`);
  });
  createInterface({ input: child.stderr! }).on('line', (line) => console.error(`[${name}] ${line}`));
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`[${name}] stopped (${signal ?? code}); the others go on`);
  });
  return { child, ready };
}

async function startRedis(): Promise<string> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  const port = await freePort();
  const { child } = run('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {});
  const url = `redis://127.0.0.1:${port}`;
  const missing = new Promise<never>((_, reject) =>
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'ENOENT' ? 'redis-server was not found: install it (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL' : err.message))
    )
  );
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => 100, maxRetriesPerRequest: null });
  probe.on('error', () => {}); // refused until it listens
  try {
    await Promise.race([missing, probe.ping()]);
  } finally {
    probe.disconnect();
  }
  return url;
}

async function startEngine(): Promise<string> {
  if (process.env.MONGODB_URI) return process.env.MONGODB_URI;
  const port = await freePort();
  // Its first line is the connection string.
  const { ready } = run('engine', tsx, ['server/embedded-mongo/cli.ts', '--data-dir', join(dataDir, 'db'), '--port', String(port)], {});
  return ready;
}

/** A node: listening once it prints where (server/index.ts). */
async function startNode(index: number, env: Record<string, string>): Promise<string> {
  const port = firstPort + index;
  const { ready } = run(`node ${index + 1}`, tsx, ['server/index.ts'], { ...env, PORT: String(port) }, (line) => line.includes('Binôme is running at'));
  await ready;
  return `http://localhost:${port}`;
}

async function stopAll(code: number): Promise<void> {
  // Ctrl-C may arrive twice (from the terminal and relayed by tsx): the stop under way goes on.
  if (stopping) return;
  stopping = true;
  console.log('\ncluster: stopping the nodes (each stores its open documents), then the engine and Redis…');
  for (const group of [started.filter((s) => s.name.startsWith('node')), started.filter((s) => !s.name.startsWith('node'))]) {
    await Promise.all(
      group.map(
        ({ child }) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          })
      )
    );
  }
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  mkdirSync(dataDir, { recursive: true });
  if (!values['no-build'] && buildIsStale()) {
    console.log('cluster: building the web app (build/ is missing or older than the sources)…');
    if (buildFrontEnd() !== 0) throw new Error('vite build failed');
  }
  const redisUrl = await startRedis();
  const mongodbUri = await startEngine();
  const env = { REDIS_URL: redisUrl, MONGODB_URI: mongodbUri, DATA_DIR: join(dataDir, 'app') };
  // The first node alone: it makes the session secret and the setup code the others then read from DATA_DIR.
  const urls = [await startNode(0, env)];
  urls.push(...(await Promise.all(Array.from({ length: count - 1 }, (_, i) => startNode(i + 1, env)))));
  console.log(`\n  ${count} Binôme node${count > 1 ? 's' : ''} on ${process.env.REDIS_URL ? 'REDIS_URL' : redisUrl} and ${process.env.MONGODB_URI ? 'MONGODB_URI' : 'the embedded engine'}:`);
  for (const url of urls) console.log(`    ${url}`);
  console.log('\n  Open any of them: what one person does on one node reaches the others. Ctrl-C stops them all.\n');
  console.log('cluster: ready');
} catch (err) {
  console.error(`cluster: ${(err as Error).message}`);
  await stopAll(1);
}
