// How a raw client speaks to each server. The y-websocket protocol is the same everywhere; what differs is the
// address, the session (ours authenticates from a cookie), and Hocuspocus' multiplexing: every message in
// both directions starts with the document name as a varString, and the first one must be an auth message
// (messageType 2, Token 0, token string) before anything else for that document is handled.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { ServerKind } from './config.ts';

export const MSG = { sync: 0, awareness: 1, auth: 2, syncReply: 4 } as const;
export const SYNC = { step1: 0, step2: 1, update: 2 } as const;

export interface Dialect {
  url(port: number, doc: string): string;
  /** Extra upgrade headers for client number `index` (each client is its own person). */
  headers(index: number): Record<string, string>;
  /** Wraps a y-websocket message for `doc`. */
  frame(doc: string, body: Uint8Array): Uint8Array;
  /** Where the y-websocket message starts in what the server sent. */
  bodyOffset(data: Uint8Array): number;
  /** Sent right after the socket opens, before the sync step 1. */
  opening(doc: string): Uint8Array[];
}

function encode(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

const plain = (path: (doc: string) => string, cookie: boolean): Dialect => ({
  url: (port, doc) => `ws://127.0.0.1:${port}${path(doc)}`,
  headers: (index): Record<string, string> => (cookie ? { cookie: `sid=${sessionId(index)}` } : {}),
  frame: (_doc, body) => body,
  bodyOffset: () => 0,
  opening: () => []
});

const hocuspocus: Dialect = {
  url: (port) => `ws://127.0.0.1:${port}/`,
  headers: () => ({}),
  frame: (doc, body) =>
    encode((e) => {
      encoding.writeVarString(e, doc);
      encoding.writeUint8Array(e, body);
    }),
  bodyOffset: (data) => {
    const d = decoding.createDecoder(data);
    decoding.readVarString(d);
    return d.pos;
  },
  opening: (doc) => [
    encode((e) => {
      encoding.writeVarString(e, doc);
      encoding.writeVarUint(e, MSG.auth);
      encoding.writeVarUint(e, 0); // AuthMessageType.Token
      encoding.writeVarString(e, '');
    })
  ]
};

export function dialectOf(kind: ServerKind): Dialect {
  switch (kind) {
    case 'ours-mongo':
    case 'ours-memory':
    case 'ours-node':
      return plain((doc) => `/collab/${encodeURIComponent(doc)}`, true);
    case 'reference':
    case 'reference-leveldb':
    case 'sketch':
      return plain((doc) => `/${encodeURIComponent(doc)}`, false);
    case 'hocuspocus':
    case 'hocuspocus-sqlite':
      return hocuspocus;
  }
}

/** The session ids our server's authorizer knows: one per simulated person. */
export function sessionId(index: number): string {
  return `bench-session-${index}`;
}
export const SESSION_COUNT = 5_000;

// The y-websocket messages a client sends, before framing.
export const emptySyncStep1 = encode((e) => {
  encoding.writeVarUint(e, MSG.sync);
  encoding.writeVarUint(e, SYNC.step1);
  encoding.writeVarUint8Array(e, new Uint8Array([0])); // empty state vector
});
export const emptySyncStep2 = encode((e) => {
  encoding.writeVarUint(e, MSG.sync);
  encoding.writeVarUint(e, SYNC.step2);
  encoding.writeVarUint8Array(e, new Uint8Array([0, 0])); // empty update
});
export function updateMessage(update: Uint8Array): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MSG.sync);
    encoding.writeVarUint(e, SYNC.update);
    encoding.writeVarUint8Array(e, update);
  });
}
/** One awareness state, as a y-websocket client announces (clock 1) or renews (clock 2, 3 …) its user. */
export function awarenessMessage(clientId: number, state: object, clock = 1): Uint8Array {
  return encode((e) => {
    encoding.writeVarUint(e, MSG.awareness);
    encoding.writeVarUint8Array(
      e,
      encode((a) => {
        encoding.writeVarUint(a, 1);
        encoding.writeVarUint(a, clientId);
        encoding.writeVarUint(a, clock);
        encoding.writeVarString(a, JSON.stringify(state));
      })
    );
  });
}
