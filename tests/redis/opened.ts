// What a several-nodes test opened (y-websocket clients, Socket.IO sockets, raw collaboration peers), closed after
// each test.
import type { LiveClient } from '../collab/collab-helpers.ts';
import type { RawPeer } from '../collab/raw-peer.ts';
import type { LiveSocket } from '../workshops/helpers.ts';

export class Opened {
  readonly clients: LiveClient[] = [];
  readonly sockets: LiveSocket[] = [];
  readonly peers: RawPeer[] = [];

  closeAll(): void {
    for (const c of this.clients.splice(0)) c.destroy();
    for (const s of this.sockets.splice(0)) s.disconnect();
    for (const p of this.peers.splice(0)) p.close();
  }
}
