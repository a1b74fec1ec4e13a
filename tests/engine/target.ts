// Where the engine conformance tests send their traffic. With MONGODB_URI set they talk to that server (a real
// MongoDB, so any divergence of the engine shows); otherwise they start the embedded engine on its private socket.
// Tests never branch on which server is behind: everything they need comes from the Target.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../server/embedded-mongo/index.ts';
import { startCli } from './cli-process.ts';

export interface TargetOptions {
  /** Back the engine with a temporary data directory instead of memory (only matters for the engine). */
  durable?: boolean;
  /** Engine TTL sweep period; a real MongoDB sweeps every 60 s whatever we ask. */
  ttlSweepMs?: number;
  /**
   * Run the engine in its own process (the standalone CLI, in memory) rather than in the test's: for tests whose
   * input might block the engine's event loop, which would otherwise freeze the test itself.
   */
  ownProcess?: boolean;
}

export interface Target {
  /** Server URI without a database name. */
  uri: string;
  /** Where a raw client connects: the engine's Unix socket, or a server's host and port. */
  endpoint: Endpoint;
  /** A database name unique to this test file and run, dropped by close(). */
  dbName: string;
  /** A mongoose connection bound to dbName. */
  conn: mongoose.Connection;
  /** The raw driver's view of the same database and client. */
  db: mongoose.mongo.Db;
  client: mongoose.mongo.MongoClient;
  /** True when MONGODB_URI pointed elsewhere; only used to choose time bounds, never to skip checks. */
  external: boolean;
  close(): Promise<void>;
}

export function uniqueDbName(label: string): string {
  const safe = label.replace(/[^a-zA-Z0-9_]/g, '_').slice(0, 30);
  return `binome_t_${safe}_${randomBytes(4).toString('hex')}`;
}

export type Endpoint = { path: string } | { host: string; port: number };

/** The first host of a mongodb:// URI: a Unix socket path (url-encoded, ending in .sock) or host and port. */
export function endpointOf(uri: string): Endpoint {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^:/,?]+)(?::(\d+))?/.exec(uri);
  if (!m) throw new Error(`cannot read host and port from ${uri}`);
  if (m[1].endsWith('.sock')) return { path: decodeURIComponent(m[1]) };
  return { host: m[1], port: m[2] ? Number(m[2]) : 27017 };
}

export async function openTarget(label: string, opts: TargetOptions = {}): Promise<Target> {
  const externalUri = process.env.MONGODB_URI;
  let uri: string;
  let stopEngine: () => Promise<void> = async () => {};
  let dataDir: string | null = null;
  if (externalUri) {
    uri = externalUri;
  } else if (opts.ownProcess) {
    const child = await startEngineProcess();
    uri = child.uri;
    stopEngine = child.stop;
  } else {
    if (opts.durable) dataDir = await mkdtemp(join(tmpdir(), 'binome-engine-'));
    const engine = await startEmbeddedMongo({
      dataDir,
      port: 0,
      ttlSweepMs: opts.ttlSweepMs,
      logger: { info() {}, warn() {}, error: (m) => console.error(`[engine] ${m}`) }
    });
    uri = engine.uri;
    stopEngine = () => engine.stop();
  }
  const dbName = uniqueDbName(label);
  const conn = mongoose.createConnection(uri, { dbName, serverSelectionTimeoutMS: 10_000 });
  await conn.asPromise();
  const client = conn.getClient();
  const db = conn.db;
  if (!db) throw new Error('mongoose connection has no db after connecting');
  return {
    uri,
    endpoint: endpointOf(uri),
    dbName,
    conn,
    db,
    client,
    external: Boolean(externalUri),
    async close() {
      if (opts.ownProcess && !externalUri) {
        // An in-memory engine of our own: nothing to drop, and it may be too busy to answer; stop it first.
        await stopEngine();
        await conn.close(true);
        return;
      }
      try {
        await conn.dropDatabase();
      } finally {
        await conn.close();
        await stopEngine();
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
      }
    }
  };
}

/** `server/embedded-mongo/cli.ts --in-memory --port 0`: its URI carries the credentials it generated. */
async function startEngineProcess(): Promise<{ uri: string; stop: () => Promise<void> }> {
  const cli = await startCli(['--in-memory', '--port', '0']);
  return { uri: cli.uri, stop: async () => void (await cli.stop()) };
}

/** Polls `fn` until it returns a truthy value, failing after `timeoutMs`: waits for a condition, not a duration. */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs: number, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `fn` and returns what it threw; fails if it did not throw. */
export async function caught(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the operation to fail, and it succeeded');
}

/** A model whose document shape the tests do not spell out (they check values, not compile-time types). */
export type AnyModel = mongoose.Model<any, any, any, any, any, any, any>;
