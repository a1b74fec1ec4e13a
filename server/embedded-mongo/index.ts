import type { Logger } from './commands/context.ts';
import { CursorRegistry } from './cursors.ts';
import { QueryEngine } from './query.ts';
import { WireServer } from './server.ts';
import { Persistence } from './storage/persistence.ts';
import { Store } from './storage/store.ts';
import { TtlSweeper } from './storage/ttl.ts';

export interface EmbeddedMongoOptions {
  /** Directory for the journal and snapshot; null or undefined keeps everything in memory. */
  dataDir?: string | null;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  logger?: Logger;
  /** How often expired TTL documents and idle cursors are removed. */
  ttlSweepMs?: number;
}

export interface EmbeddedMongo {
  /** e.g. mongodb://127.0.0.1:PORT/ — no database name. */
  uri: string;
  port: number;
  stop(): Promise<void>;
}

const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** Starts the engine: loads the data directory (if any), then serves the wire protocol on loopback. */
export async function startEmbeddedMongo(opts: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const logger = opts.logger ?? silentLogger;
  const queries = new QueryEngine();
  const store = new Store(queries);
  const cursors = new CursorRegistry();
  const persistence = opts.dataDir ? await Persistence.open(opts.dataDir, store, logger) : null;
  const sweeper = new TtlSweeper(store, cursors, logger, opts.ttlSweepMs ?? 30_000);
  const server = new WireServer({ store, cursors, queries, logger });
  let port: number;
  try {
    port = await server.listen(opts.port ?? 0);
  } catch (err) {
    await persistence?.close();
    throw err;
  }
  sweeper.start();
  let stopping: Promise<void> | null = null;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    stop() {
      stopping ??= (async () => {
        await sweeper.stop();
        await server.close();
        cursors.clear();
        await persistence?.close();
      })();
      return stopping;
    }
  };
}
