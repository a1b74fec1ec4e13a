import { chmod, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateCredentials } from './auth/credentials.ts';
import { deriveKeys } from './auth/scram.ts';
import { AUTH_DB, type AuthConfig } from './auth/session.ts';
import type { Logger } from './commands/context.ts';
import { CursorRegistry } from './cursors.ts';
import { QueryEngine } from './query.ts';
import { WireServer } from './server.ts';
import { socketAddress, type SocketAddress } from './socket-path.ts';
import { Persistence } from './storage/persistence.ts';
import { Store } from './storage/store.ts';
import { TtlSweeper } from './storage/ttl.ts';

/** The Unix socket's file name; the driver takes a host ending in `.sock` as a socket path. */
export const SOCKET_FILE = 'mongod.sock';

export interface EmbeddedMongoOptions {
  /** Directory for the journal and snapshot; null or undefined keeps everything in memory. */
  dataDir?: string | null;
  /**
   * How clients reach the engine. 'socket' (the default): a Unix socket `mongod.sock` in the data directory, which
   * is private to this user (mode 700) — in memory, in a private temporary directory — with no password, since only
   * this user can open it. 'tcp': 127.0.0.1:`port`, where clients must authenticate (SCRAM-SHA-256) with the
   * credentials kept in `<dataDir>/credentials.json` (generated on first use; in memory, for this run only).
   */
  transport?: 'socket' | 'tcp';
  /** TCP only: the port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  logger?: Logger;
  /** How often expired TTL documents and idle cursors are removed. */
  ttlSweepMs?: number;
}

export interface EmbeddedMongo {
  /**
   * What to give the driver, with no database name: `mongodb://<url-encoded socket path>/` on the socket,
   * `mongodb://<user>:<password>@127.0.0.1:PORT/?authSource=admin` over TCP.
   */
  uri: string;
  /** The TCP port, or null on the Unix socket. */
  port: number | null;
  /** The Unix socket's path, or null over TCP. */
  socketPath: string | null;
  stop(): Promise<void>;
}

const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** Where the socket goes: the data directory, or a private temporary directory removed at stop. */
async function socketHome(dataDir: string | null | undefined): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  if (dataDir) return { dir: dataDir, cleanup: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'binome-engine-')); // created 700
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Starts the engine: loads the data directory (if any), then serves the wire protocol. */
export async function startEmbeddedMongo(opts: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const logger = opts.logger ?? silentLogger;
  const transport = opts.transport ?? 'socket';
  const queries = new QueryEngine();
  const store = new Store(queries);
  const cursors = new CursorRegistry();
  const persistence = opts.dataDir ? await Persistence.open(opts.dataDir, store, logger) : null;
  const cleanups: Array<() => Promise<void>> = [async () => void (await persistence?.close())];
  const cleanup = async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  };
  let server: WireServer;
  let uri: string;
  let port: number | null = null;
  let socketPath: string | null = null;
  try {
    let auth: AuthConfig | null = null;
    let credentials: { user: string; password: string } | null = null;
    if (transport === 'tcp') {
      credentials = await loadOrCreateCredentials(opts.dataDir ?? null, logger);
      auth = { user: credentials.user, keys: deriveKeys(credentials.password) };
    }
    server = new WireServer({ store, cursors, queries, logger, auth });
    if (transport === 'tcp') {
      port = await server.listen({ port: opts.port ?? 0 });
      cleanups.push(() => server.close());
      const { user, password } = credentials!;
      uri = `mongodb://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/?authSource=${AUTH_DB}`;
    } else {
      const home = await socketHome(opts.dataDir);
      cleanups.push(home.cleanup);
      const address: SocketAddress = await socketAddress(home.dir, SOCKET_FILE);
      cleanups.push(() => address.release());
      // We hold the directory's lock, so a socket file already there was left by an engine that crashed.
      await unlink(address.path).catch(() => {});
      await server.listen({ path: address.path });
      cleanups.push(() => server.close());
      await chmod(address.path, 0o600);
      socketPath = address.path;
      uri = `mongodb://${encodeURIComponent(address.path)}/`;
    }
  } catch (err) {
    await cleanup();
    throw err;
  }
  const sweeper = new TtlSweeper(store, cursors, logger, opts.ttlSweepMs ?? 30_000);
  sweeper.start();
  let stopping: Promise<void> | null = null;
  return {
    uri,
    port,
    socketPath,
    stop() {
      stopping ??= (async () => {
        await sweeper.stop();
        // Closing the server (which also removes the socket file) comes before the cursors and the data.
        const [closeServer, ...rest] = cleanups.splice(0).reverse();
        await closeServer();
        cursors.clear();
        for (const f of rest) await f();
      })();
      return stopping;
    }
  };
}
