// Hocuspocus 3.4.4 with its defaults. Its only hook loads seeded documents in onLoadDocument (one transaction,
// from memory), which is how the cold-load scenario gives it a stored history; otherwise it stores nothing.
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { RunningServer } from './types.ts';

export async function startHocuspocus(): Promise<RunningServer> {
  const stored = new Map<string, Uint8Array[]>();
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    async onLoadDocument({ document, documentName }) {
      const updates = stored.get(documentName);
      if (updates) Y.transact(document, () => updates.forEach((u) => Y.applyUpdate(document, u)));
    }
  });
  await server.listen();
  return {
    port: server.address.port,
    async seed(doc, updates) {
      stored.set(doc, updates);
    },
    async stop() {
      await server.destroy();
    }
  };
}
