// Our collaboration core as the app runs it: an async authorizer that looks the session cookie up (a Map here,
// where the app asks its session store), and persistence in MongoDB on the embedded engine with a temporary
// data directory, in the same process as the app runs it by default. `memory` swaps in MemoryPersistence to
// separate the cost of storage from the rest. As an app node of an instance (`ours-node`, scenario 6) it reaches
// MongoDB in its own process and, with several nodes, joins the others on Redis as the app does
// (server/wiring/collab.ts): a sequence slot of its own, compactions under the lock, the relay.
import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCookie } from 'cookie';
import { CLOSE_CODES } from '../../../src/lib/shared/codes.ts';
import {
  createCollabServer,
  MemoryPersistence,
  type CollabAuthorizer,
  type CollabPersistence,
  type Principal,
  type Relay
} from '../../../server/collab/index.ts';
import { textTypes } from '../../../server/collab/fixtures.ts';
import { SESSION_COUNT, sessionId } from '../dialects.ts';
import { stderrLog, type RunningServer } from './types.ts';

interface Storage {
  persistence: CollabPersistence;
  /** The other nodes' relay, when this is one node of several. */
  relay?: Relay;
  close(): Promise<void>;
}

/** Where an app node finds the instance's shared parts; redisUrl null = a node on its own. */
export interface SharedParts {
  mongodbUri: string;
  redisUrl: string | null;
}

async function mongoStorage(): Promise<Storage> {
  // Imported here so that a broken or unfinished engine only costs this line of the table.
  const { startEmbeddedMongo } = await import('../../../server/embedded-mongo/index.ts');
  const mongoose = (await import('mongoose')).default;
  const { MongoCollabPersistence } = await import('../../../server/data/collab-store.ts');
  const dataDir = await mkdtemp(join(tmpdir(), 'binome-bench-collab-'));
  const engine = await startEmbeddedMongo({ dataDir, port: 0 });
  const conn = mongoose.createConnection(engine.uri, { dbName: 'binome_bench', serverSelectionTimeoutMS: 10_000 });
  await conn.asPromise();
  const persistence = new MongoCollabPersistence(conn);
  await persistence.init();
  return {
    persistence,
    async close() {
      await conn.close();
      await engine.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}

async function nodeStorage({ mongodbUri, redisUrl }: SharedParts): Promise<Storage> {
  const mongoose = (await import('mongoose')).default;
  const { MongoCollabPersistence } = await import('../../../server/data/collab-store.ts');
  const conn = mongoose.createConnection(mongodbUri, { dbName: 'binome_bench_nodes', serverSelectionTimeoutMS: 10_000 });
  await conn.asPromise();
  if (!redisUrl) {
    const persistence = new MongoCollabPersistence(conn);
    await persistence.init();
    return { persistence, close: () => conn.close() };
  }
  const { Cluster } = await import('../../../server/scale/cluster.ts');
  const store = new MongoCollabPersistence(conn, { slot: randomInt(1024) });
  await store.init();
  const cluster = await Cluster.open(redisUrl, stderrLog('ours-node redis'));
  return {
    persistence: cluster.lockedCompaction(store),
    relay: cluster.relay,
    async close() {
      // Redis goes after the documents were stored (compactions take their lock there), as in the app.
      await cluster.close();
      await conn.close();
    }
  };
}

function memoryStorage(): Storage {
  return { persistence: new MemoryPersistence(), close: async () => {} };
}

function sessionAuthorizer(): CollabAuthorizer {
  const sessions = new Map<string, Principal>();
  for (let i = 0; i < SESSION_COUNT; i++) sessions.set(sessionId(i), { userId: `u${i}`, name: `Person ${i}` });
  return async (request) => {
    const sid = parseCookie(request.headers.cookie ?? '').sid;
    const principal = sid ? sessions.get(sid) : undefined;
    if (!principal) return { ok: false, code: CLOSE_CODES.unauthenticated, reason: 'no session' };
    return { ok: true, principal, access: 'write' };
  };
}

export async function startOurs(storageKind: 'mongo' | 'memory' | SharedParts): Promise<RunningServer> {
  const storage = storageKind === 'mongo' ? await mongoStorage() : storageKind === 'memory' ? memoryStorage() : await nodeStorage(storageKind);
  const name = typeof storageKind === 'string' ? `ours-${storageKind}` : 'ours-node';
  const collab = createCollabServer({
    persistence: storage.persistence,
    relay: storage.relay,
    // The benchmark's documents as a declared type (one text root), so every update goes through the schema
    // check and the client-id binding as the app's documents do.
    types: textTypes(),
    authorize: sessionAuthorizer(),
    log: stderrLog(name)
  });
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    seed: (doc, updates) => storage.persistence.append(doc, updates),
    // A compaction is two writes (the state, then the delete of what it covers).
    writes: storageKind !== 'memory' ? () => collab.stats().writes + 2 * collab.stats().compactions : undefined,
    async stop() {
      await collab.stop();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      await storage.close();
    }
  };
}
