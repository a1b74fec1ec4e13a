// Real y-websocket clients against a real Binôme: each client carries its person's session cookie.
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TestClient } from '../helpers/client.ts';

export function cookieOf(client: TestClient): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

const MESSAGE_AUTH = 2;

/** A WebSocket class that sends the given cookie, as a browser would for a same-site page. */
export function socketWithCookie(cookie: string | null): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: cookie ? { cookie } : {} });
    }
  } as unknown as typeof WebSocket;
}

export interface LiveClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closeCodes: number[];
  /** Reasons of the server's permission-denied messages (a read-only connection's write, a refused change). */
  denied: string[];
  destroy(): void;
}

export function openCv(baseUrl: string, docName: string, cookie: string | null): LiveClient {
  const doc = new Y.Doc();
  const closeCodes: number[] = [];
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/collab', docName, doc, {
    WebSocketPolyfill: socketWithCookie(cookie) as never,
    disableBc: true
  });
  provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closeCodes.push(event.code);
  });
  const denied: string[] = [];
  provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 0) denied.push(decoding.readVarString(decoder));
  };
  return {
    doc,
    provider,
    closeCodes,
    denied,
    destroy() {
      provider.destroy();
      doc.destroy();
    }
  };
}

/** Opens a raw socket and collects what it receives until it closes. */
export function rawSocket(baseUrl: string, docName: string, cookie: string | null) {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/collab/' + docName, { headers: cookie ? { cookie } : {} });
  const received: Buffer[] = [];
  ws.on('message', (d: Buffer) => received.push(d));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('error', reject);
  });
  return { ws, received, closed, opened };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > ms) throw new Error(`${what}: not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 15));
  }
}
