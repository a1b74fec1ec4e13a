// The classic y-websocket 2.1.0 server (bin/utils.cjs), wired as its own bin/server.cjs does. Stored documents
// are applied in `bindState` from memory, in one transaction, as y-leveldb's getYDoc does.
// It is CommonJS: Yjs is taken through `require` too, so that the Y.Doc it creates and the Yjs applying the
// stored updates are the same module instance.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';
import type * as YTypes from 'yjs';
import type { RunningServer } from './types.ts';

const require = createRequire(import.meta.url);

interface ReferenceUtils {
  setupWSConnection(conn: unknown, req: unknown, opts?: { docName?: string; gc?: boolean }): void;
  setPersistence(p: {
    provider: unknown;
    bindState(docName: string, doc: YTypes.Doc): void;
    writeState(docName: string, doc: YTypes.Doc): Promise<unknown>;
  }): void;
}

export async function startReference(): Promise<RunningServer> {
  const Y = require('yjs') as typeof YTypes;
  const utils = require('y-websocket-ref/bin/utils') as ReferenceUtils;
  const stored = new Map<string, Uint8Array[]>();
  utils.setPersistence({
    provider: null,
    bindState(docName, doc) {
      const updates = stored.get(docName);
      if (updates) Y.transact(doc, () => updates.forEach((u) => Y.applyUpdate(doc, u)));
    },
    writeState: async () => {}
  });
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => utils.setupWSConnection(ws, req));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    async seed(doc, updates) {
      stored.set(doc, updates);
    },
    async stop() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  };
}
