// Broadcast shape: one frame per turn for updates, gathered awareness, nothing sent back to a lone sender.
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { textDocumentType } from './fixtures';
import { MemoryPersistence } from './persistence';
import { decodeMessage } from './protocol';
import { WriteWindow } from './write-window';
import { AWARENESS_FLUSH_MS, SharedDoc, type Access, type Peer } from './shared-doc';

let people = 0;

class RecordingPeer implements Peer {
  frames: Buffer[] = [];
  readonly principal = { userId: `person-${++people}`, name: 'Amélie Martin' };
  constructor(readonly access: Access = 'write') {}
  send(): void {}
  sendFrame(frame: Buffer): void {
    this.frames.push(frame);
  }
  /** The y-websocket messages inside the frames (a server frame: 2-byte header for payloads under 126 bytes). */
  messages() {
    return this.frames.map((f) => decodeMessage(f.subarray(f[1] < 126 ? 2 : 4)));
  }
}

const turn = () => new Promise((r) => setImmediate(r));
const log = { error() {}, warn() {} };

function sharedDoc() {
  const persistence = new MemoryPersistence();
  const window = new WriteWindow(persistence, { batchMs: 1000, retryMs: 10 }, log);
  return new SharedDoc('cv:test', { updates: [], pendingCount: 0 }, persistence, window, { compactAfter: 100 }, { type: textDocumentType(), log });
}

function updateFrom(text: string, clientID: number): Uint8Array {
  const d = new Y.Doc();
  d.clientID = clientID;
  d.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(d);
}

describe('SharedDoc broadcasts', () => {
  it('sends one merged update for updates of one turn, and a lone update to everyone but its sender', async () => {
    const doc = sharedDoc();
    const [a, b, c] = [new RecordingPeer(), new RecordingPeer(), new RecordingPeer()];
    for (const p of [a, b, c]) doc.join(p);
    for (const p of [a, b, c]) p.frames = [];

    doc.receive(a, { type: 'sync-update', update: updateFrom('Amélie', 1) });
    await turn();
    expect(a.frames).toHaveLength(0);
    expect(b.messages()).toHaveLength(1);
    expect(c.frames[0]).toBe(b.frames[0]); // the very same bytes

    for (const p of [a, b, c]) p.frames = [];
    doc.receive(a, { type: 'sync-update', update: updateFrom('Joris', 2) });
    doc.receive(b, { type: 'sync-update', update: updateFrom('Grace', 3) });
    await turn();
    for (const p of [a, b, c]) expect(p.messages()).toHaveLength(1);
    const replica = new Y.Doc();
    const message = c.messages()[0];
    if (message.type !== 'sync-update') throw new Error('expected an update');
    Y.applyUpdate(replica, message.update);
    expect(replica.getText('t').toString()).toHaveLength('JorisGrace'.length);
    doc.destroy();
  });

  it('gathers awareness changes into one message for all peers, the sender included', async () => {
    const doc = sharedDoc();
    const [a, b] = [new RecordingPeer(), new RecordingPeer()];
    doc.join(a);
    doc.join(b);
    a.frames = [];
    b.frames = [];
    const client = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(client);
    for (let i = 0; i < 5; i++) {
      awareness.setLocalStateField('cursor', { at: i });
      doc.receive(a, { type: 'awareness', update: awarenessProtocol.encodeAwarenessUpdate(awareness, [client.clientID]) });
    }
    expect(a.frames).toHaveLength(0); // gathered, not sent one by one
    const start = Date.now();
    while (b.frames.length === 0 && Date.now() - start < AWARENESS_FLUSH_MS * 50) await new Promise((r) => setTimeout(r, 5));
    expect(a.messages().map((m) => m.type)).toEqual(['awareness']);
    expect(b.messages().map((m) => m.type)).toEqual(['awareness']);
    awareness.destroy();
    doc.destroy();
  });
});
