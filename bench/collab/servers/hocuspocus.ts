// Hocuspocus 3.4.4 with its defaults. Its only hook loads seeded documents in onLoadDocument (one transaction,
// from memory), which is how the cold-load scenario gives it a stored history; otherwise it stores nothing.
// `sqlite`: with its own storage, @hocuspocus/extension-sqlite 3.4.4 on a file in a temporary directory, debounce
// defaults (a document is stored 2 s after its last change, at most 10 s after the first), as its docs show it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, type Extension } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { RunningServer } from './types.ts';

type Store = (data: { documentName: string; state: Buffer }) => Promise<void>;
/** The part of @hocuspocus/extension-sqlite the bench uses. */
interface SqliteModule {
  SQLite: new (opts: { database: string }) => Extension;
  upsertQuery: string;
}
// An optional dependency (its sqlite3 is a native build that a machine may not manage): loaded only when measured.
const SQLITE_EXTENSION = '@hocuspocus/extension-sqlite';

export async function startHocuspocus(opts: { sqlite?: boolean } = {}): Promise<RunningServer> {
  const stored = new Map<string, Uint8Array[]>();
  const dir = opts.sqlite ? await mkdtemp(join(tmpdir(), 'binome-bench-sqlite-')) : null;
  let writes = 0;
  const extensions: Extension[] = [];
  let sqlite: Extension | null = null;
  let upsertQuery = '';
  if (dir) {
    const mod = (await import(SQLITE_EXTENSION).catch((err: unknown) => {
      throw new Error(`${SQLITE_EXTENSION} is not installed (an optional dependency, it needs sqlite3's native build): ${String(err)}`);
    })) as SqliteModule;
    upsertQuery = mod.upsertQuery;
    sqlite = new mod.SQLite({ database: join(dir, 'documents.sqlite') });
    // Counted where the extension stores: one upsert of the whole state per (debounced) store.
    const config = (sqlite as unknown as { configuration: { store: Store } }).configuration;
    const store = config.store;
    config.store = (data) => {
      writes++;
      return store(data);
    };
    extensions.push(sqlite);
  }
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    extensions,
    async onLoadDocument({ document, documentName }) {
      const updates = stored.get(documentName);
      if (updates) Y.transact(document, () => updates.forEach((u) => Y.applyUpdate(document, u)));
    }
  });
  await server.listen();
  return {
    port: server.address.port,
    writes: dir ? () => writes : undefined,
    async seed(doc, updates) {
      if (!sqlite) {
        stored.set(doc, updates);
        return;
      }
      // Stored as the extension stores: the whole state of the document in one row.
      const ydoc = new Y.Doc();
      Y.transact(ydoc, () => updates.forEach((u) => Y.applyUpdate(ydoc, u)));
      await new Promise<void>((resolve, reject) => {
        const db = (sqlite as unknown as { db: { run(sql: string, params: object, done: (error: Error | null) => void): void } }).db;
        db.run(
          upsertQuery,
          { $name: doc, $data: Buffer.from(Y.encodeStateAsUpdate(ydoc)) },
          (error) => (error ? reject(error) : resolve())
        );
      });
    },
    async stop() {
      await server.destroy();
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  };
}
