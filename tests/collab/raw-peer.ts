// A hand-driven client of /collab for attack tests: it syncs a Y.Doc as y-websocket would, then sends whatever a
// test makes it send, and records the server's refusals, awareness and close code.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { waitFor } from './collab-helpers.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;

export class RawPeer {
  readonly doc = new Y.Doc();
  /** Reasons of the permission-denied messages received. */
  readonly denied: string[] = [];
  /** The awareness states the server sent, by client id (last one wins; null when removed). */
  readonly awareness = new Map<number, Record<string, unknown> | null>();
  synced = false;
  closeCode: number | null = null;
  readonly closed: Promise<number>;
  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code;
        resolve(code);
      })
    );
    ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data)));
    // What this peer changes locally goes to the server, as a y-websocket client would send it.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.sendUpdate(update);
    });
  }

  static async open(baseUrl: string, docName: string, cookie: string, clientID?: number): Promise<RawPeer> {
    const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/collab/' + docName, { headers: { cookie } });
    const peer = new RawPeer(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, peer.doc);
    peer.send(encoding.toUint8Array(step1));
    await waitFor(() => peer.synced || peer.closeCode !== null, 10_000, 'raw peer synced');
    // Taken after the sync: Yjs gives a document a new client id when an update arrives under its own.
    if (clientID !== undefined) peer.doc.clientID = clientID;
    return peer;
  }

  private onMessage(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (kind === syncProtocol.messageYjsSyncStep1) this.send(encoding.toUint8Array(encoder));
      if (kind === syncProtocol.messageYjsSyncStep2) this.synced = true;
    } else if (type === MESSAGE_AWARENESS) {
      const update = decoding.readVarUint8Array(decoder);
      const d = decoding.createDecoder(update);
      const count = decoding.readVarUint(d);
      for (let i = 0; i < count; i++) {
        const id = decoding.readVarUint(d);
        decoding.readVarUint(d);
        this.awareness.set(id, JSON.parse(decoding.readVarString(d)));
      }
    } else if (type === MESSAGE_AUTH) {
      decoding.readVarUint(decoder);
      this.denied.push(decoding.readVarString(decoder));
    }
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.send(encoding.toUint8Array(encoder));
  }

  /** One awareness message carrying raw entries: `json` is sent as the state's text, unchecked. */
  sendAwarenessJson(entries: { clientId: number; clock: number; json: string }[]): void {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, entries.length);
    for (const e of entries) {
      encoding.writeVarUint(inner, e.clientId);
      encoding.writeVarUint(inner, e.clock);
      encoding.writeVarString(inner, e.json);
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
    this.send(encoding.toUint8Array(encoder));
  }

  /** Sets this peer's own awareness state as y-protocols would encode it. */
  setAwareness(state: Record<string, unknown> | null, clock = 1): void {
    this.sendAwarenessJson([{ clientId: this.doc.clientID, clock, json: JSON.stringify(state) }]);
  }

  /** Changes made here are applied locally but not sent: for building updates a test sends itself. */
  quietly(fn: (doc: Y.Doc) => void): Uint8Array {
    const before = Y.encodeStateVector(this.doc);
    this.doc.transact(() => fn(this.doc), this);
    return Y.encodeStateAsUpdate(this.doc, before);
  }

  async waitDenied(count: number, what = 'refusal'): Promise<string> {
    await waitFor(() => this.denied.length >= count, 5_000, what);
    return this.denied[count - 1];
  }

  close(): void {
    this.ws.terminate();
  }
}

export { awarenessProtocol };
