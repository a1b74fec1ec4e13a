// The classic y-websocket 2.1.0 server (bin/utils.cjs), wired as its own bin/server.cjs does. Stored documents
// are applied in `bindState` from memory, in one transaction, as y-leveldb's getYDoc does.
// It is CommonJS: Yjs is taken through `require` too, so that the Y.Doc it creates and the Yjs applying the
// stored updates are the same module instance.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';
import type * as YTypes from 'yjs';
import type { RunningServer } from './types.ts';

const require = createRequire(import.meta.url);

interface ReferenceUtils {
  setupWSConnection(conn: unknown, req: unknown, opts?: { docName?: string; gc?: boolean }): void;
  getPersistence(): { provider: unknown } | null;
  setPersistence(p: {
    provider: unknown;
    bindState(docName: string, doc: YTypes.Doc): void;
    writeState(docName: string, doc: YTypes.Doc): Promise<unknown>;
  }): void;
}

interface LeveldbProvider {
  storeUpdate(docName: string, update: Uint8Array): Promise<unknown>;
  destroy(): Promise<unknown>;
}

/**
 * `leveldb`: the reference with its own storage, as `YPERSISTENCE=<dir>` turns it on (y-leveldb 0.1.2, every
 * update written to LevelDB as it arrives, not fsync'd). Otherwise it stores nothing and the cold-load history
 * is applied from memory in `bindState`, in one transaction, as y-leveldb's getYDoc does.
 */
export async function startReference(opts: { leveldb?: boolean } = {}): Promise<RunningServer> {
  const Y = require('yjs') as typeof YTypes;
  const dir = opts.leveldb ? await mkdtemp(join(tmpdir(), 'binome-bench-leveldb-')) : null;
  // utils.cjs reads YPERSISTENCE once, when it is first required: this child process runs one server only.
  if (dir) process.env.YPERSISTENCE = dir;
  const utils = require('y-websocket-ref/bin/utils') as ReferenceUtils;
  const stored = new Map<string, Uint8Array[]>();
  const leveldb = dir ? (utils.getPersistence()!.provider as LeveldbProvider) : null;
  let writes = 0;
  if (leveldb) {
    // Counted where utils.cjs calls it: one LevelDB write per update as it arrives.
    const storeUpdate = leveldb.storeUpdate.bind(leveldb);
    leveldb.storeUpdate = (docName, update) => {
      writes++;
      return storeUpdate(docName, update);
    };
  }
  if (!leveldb) {
    utils.setPersistence({
      provider: null,
      bindState(docName, doc) {
        const updates = stored.get(docName);
        if (updates) Y.transact(doc, () => updates.forEach((u) => Y.applyUpdate(doc, u)));
      },
      writeState: async () => {}
    });
  }
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => utils.setupWSConnection(ws, req));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    writes: leveldb ? () => writes : undefined,
    async seed(doc, updates) {
      if (!leveldb) {
        stored.set(doc, updates);
        return;
      }
      // One stored record per update, as the reference writes them.
      for (const update of updates) await leveldb.storeUpdate(doc, update);
    },
    async stop() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      if (leveldb && dir) {
        await leveldb.destroy();
        await rm(dir, { recursive: true, force: true });
      }
    }
  };
}
