// NOT a product server: the smallest y-websocket broadcast that applies the changes proposed for server/collab,
// so that their effect is measured here rather than guessed. No auth, no persistence, no limits.
//  - frame once: the WebSocket frame of a broadcast is built once (ws's Sender.frame) and the same bytes are
//    written to every socket, instead of ws.send() framing (and writev-ing header + payload) per socket;
//  - merge per turn: updates that arrive within one event-loop turn go out as one Y.mergeUpdates message.
// Writes go to the raw socket that the upgrade handed over; that is safe here because without
// permessage-deflate ws's own sender writes synchronously too, so frames never interleave.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as wsModule from 'ws';
import WebSocket, { WebSocketServer } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { RunningServer } from './types.ts';

/** ws exports its Sender (a named export of its ESM wrapper) but @types/ws does not declare it. */
const Sender = (wsModule as unknown as {
  Sender: { frame(data: Buffer, options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] };
}).Sender;

interface Peer {
  ws: WebSocket;
  socket: Duplex;
}

class Room {
  readonly doc = new Y.Doc();
  readonly peers = new Set<Peer>();
  private pending: Uint8Array[] = [];

  constructor() {
    this.doc.on('update', (update: Uint8Array) => {
      if (this.pending.push(update) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const merged = this.pending.length === 1 ? this.pending[0] : Y.mergeUpdates(this.pending);
    this.pending = [];
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, merged);
    const payload = encoding.toUint8Array(e);
    const parts = Sender.frame(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), {
      fin: true,
      opcode: 2,
      mask: false,
      readOnly: true,
      rsv1: false
    });
    const frame = Buffer.concat(parts);
    // Everyone, the writers included: with updates of several origins merged, an echo is cheaper than a frame
    // per origin, and Yjs ignores what a client already has.
    for (const peer of this.peers) if (peer.ws.readyState === WebSocket.OPEN) peer.socket.write(frame);
  }
}

export async function startSketch(): Promise<RunningServer> {
  const rooms = new Map<string, Room>();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      const name = (req.url ?? '/').slice(1);
      let room = rooms.get(name);
      if (!room) rooms.set(name, (room = new Room()));
      const peer: Peer = { ws, socket };
      room.peers.add(peer);
      const r = room;
      ws.on('close', () => r.peers.delete(peer));
      ws.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        if (decoding.readVarUint(decoder) !== 0) return; // awareness is not part of this sketch
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, 0);
        syncProtocol.readSyncMessage(decoder, reply, r.doc, peer);
        if (encoding.length(reply) > 1) ws.send(encoding.toUint8Array(reply));
      });
      const step1 = encoding.createEncoder();
      encoding.writeVarUint(step1, 0);
      syncProtocol.writeSyncStep1(step1, room.doc);
      ws.send(encoding.toUint8Array(step1));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    async seed() {
      throw new Error('the sketch has no persistence');
    },
    async stop() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  };
}
