// The relay between nodes on an in-process bus (Redis' part in production): a node that opens a document
// already open elsewhere catches up without a gap or a duplicate, even with a change made while it was loading;
// what one node relays is applied and broadcast by the other and stored only by the node that made it.
import { describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { textTypes, quietLog } from './fixtures';
import { MemoryPersistence, type StoredDocument } from './persistence';
import { DocumentRegistry } from './registry';
import { RECEIPT_GRACE_MS, Relay, type RelayBus } from './relay';
import { WriteWindow } from './write-window';

/** Channels shared by every node of one test; messages are delivered in a later turn, as over a network. */
class Hub {
  private readonly channels = new Map<string, Set<(data: Uint8Array) => void>>();
  bus(nodeId: string): RelayBus {
    return {
      nodeId,
      subscribe: async (channel, onMessage) => {
        const set = this.channels.get(channel) ?? new Set();
        this.channels.set(channel, set);
        set.add(onMessage);
        return async () => void set.delete(onMessage);
      },
      publish: (channel, data) => {
        const copy = data.slice();
        for (const listener of this.channels.get(channel) ?? []) setImmediate(listener, copy);
      }
    };
  }
}

/** Loads slowly when asked to, so that a change can land while a node is loading. */
class SlowLoad extends MemoryPersistence {
  loadDelayMs = 0;
  override async load(docName: string): Promise<StoredDocument> {
    const stored = await super.load(docName);
    if (this.loadDelayMs > 0) await new Promise((r) => setTimeout(r, this.loadDelayMs));
    return stored;
  }
}

function node(hub: Hub, id: string, persistence: MemoryPersistence, graceMs?: number, types = textTypes()) {
  const window = new WriteWindow(persistence, { batchMs: 100, retryMs: 10 }, quietLog);
  const relay = new Relay(hub.bus(id), () => {}, graceMs);
  const registry = new DocumentRegistry(persistence, window, { compactAfter: 1_000 }, quietLog, types, undefined, relay);
  return { registry, window, relay };
}

/** A store that never finishes a write: the node holding it dies before anything it received is durable. */
class NeverStores extends MemoryPersistence {
  override appendMany(): Promise<(unknown | null)[]> {
    return new Promise(() => {});
  }
}

/** Which Yjs clients have structs in what is stored. */
async function storedClients(persistence: MemoryPersistence, name: string): Promise<Set<number>> {
  const clients = new Set<number>();
  for (const record of (await persistence.load(name)).updates) for (const s of Y.decodeUpdate(record).structs) clients.add(s.id.client);
  return clients;
}

/** Two nodes on one bus and one store. */
function twoNodes(persistence: MemoryPersistence) {
  const hub = new Hub();
  return { a: node(hub, 'node-a', persistence), b: node(hub, 'node-b', persistence) };
}

async function waitFor(condition: () => boolean, ms = 2_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('Relay', () => {
  it('catches a late node up with what the first has not stored yet, and with a change made while it loaded, once', async () => {
    const persistence = new SlowLoad();
    const { a, b } = twoNodes(persistence);
    const onA = await a.registry.acquire('cv:late');
    onA.doc.getText('t').insert(0, 'Nadia ');
    persistence.loadDelayMs = 50;
    const loadingOnB = b.registry.acquire('cv:late');
    // while node B loads (subscribed already): a change on A, which B's load cannot have
    await new Promise((r) => setTimeout(r, 20));
    onA.doc.getText('t').insert(6, 'El Amrani');
    const onB = await loadingOnB;
    await waitFor(() => onB.doc.getText('t').toString() === 'Nadia El Amrani');
    // a change on B reaches A, once
    onB.doc.getText('t').insert(15, ', Liège');
    await waitFor(() => onA.doc.getText('t').toString() === 'Nadia El Amrani, Liège');
    await new Promise((r) => setTimeout(r, 50));
    expect(onB.doc.getText('t').toString()).toBe('Nadia El Amrani, Liège');
    await Promise.all([onA.writer.flush(), onB.writer.flush()]);
    // each node stored only what was made on it: no struct in two records
    const seen: { client: number; from: number; to: number }[] = [];
    for (const record of (await persistence.load('cv:late')).updates) {
      for (const { id, length } of Y.decodeUpdate(record).structs) {
        expect(seen.some((r) => r.client === id.client && id.clock < r.to && r.from < id.clock + length)).toBe(false);
        seen.push({ client: id.client, from: id.clock, to: id.clock + length });
      }
    }
    expect(new Set(seen.map((r) => r.client))).toEqual(new Set([onA.doc.clientID, onB.doc.clientID]));
    await Promise.all([a.registry.release('cv:late', onA), b.registry.release('cv:late', onB)]);
  });

  it('relays presence from one node’s peers to the other’s', async () => {
    const { a, b } = twoNodes(new MemoryPersistence());
    const onA = await a.registry.acquire('cv:presence');
    const onB = await b.registry.acquire('cv:presence');
    const remote = new Awareness(new Y.Doc());
    remote.setLocalState({ user: { name: 'Pieter Claes' } });
    // as if one of A's own peers had announced it (the origin is not the relay)
    applyAwarenessUpdate(onA.awareness, encodeAwarenessUpdate(remote, [remote.clientID]), 'a peer of node A');
    await waitFor(() => (onB.awareness.getStates().get(remote.clientID) as { user?: { name?: string } } | undefined)?.user?.name === 'Pieter Claes');
    remote.destroy();
    await Promise.all([a.registry.release('cv:presence', onA), b.registry.release('cv:presence', onB)]);
  });

  it('stores another node’s update itself when that node never says it stored it (it died), and only then', async () => {
    const hub = new Hub();
    const shared = new MemoryPersistence();
    // Node A stores normally; node C relays but never stores (dies before its write window).
    const a = node(hub, 'node-a', shared, 400);
    const b = node(hub, 'node-b', shared, 400);
    const c = node(hub, 'node-c', new NeverStores(), 400);
    const [onA, onB, onC] = [await a.registry.acquire('cv:receipts'), await b.registry.acquire('cv:receipts'), await c.registry.acquire('cv:receipts')];
    onA.doc.getText('t').insert(0, 'Lotte ');
    await waitFor(() => onB.doc.getText('t').toString() === 'Lotte ');
    onC.doc.getText('t').insert(6, 'Peeters');
    await waitFor(() => onB.doc.getText('t').toString() === 'Lotte Peeters');
    await onA.writer.flush();
    // Past the grace period: C's update was stored by those that received it; A's was stored by A alone.
    await waitFor(() => b.window.writes > 0, RECEIPT_GRACE_MS + 5_000);
    await Promise.all([onA.writer.flush(), onB.writer.flush()]);
    expect(await storedClients(shared, 'cv:receipts')).toEqual(new Set([onA.doc.clientID, onC.doc.clientID]));
    const records = (await shared.load('cv:receipts')).updates;
    const holdingA = records.filter((r) => Y.decodeUpdate(r).structs.some((s) => s.id.client === onA.doc.clientID));
    expect(holdingA).toHaveLength(1);
    const fresh = new Y.Doc();
    records.forEach((r) => Y.applyUpdate(fresh, r));
    expect(fresh.getText('t').toString()).toBe('Lotte Peeters');
    for (const n of [a, b, c]) n.relay.stop();
  });

  it('relays nothing of a writer’s update that failed halfway on its node (found in review: the others stored it)', async () => {
    const hub = new Hub();
    const shared = new MemoryPersistence();
    let broke = false;
    // On node A only, the document's own code throws once while a change is applied: A discards what Yjs had
    // integrated and reloads; B must neither show nor, after the grace period, store that change.
    const breaking = textTypes({
      prepare: (doc) =>
        doc.getText('t').observe(() => {
          if (!broke && doc.getText('t').toString().includes('boom')) {
            broke = true;
            throw new Error('observer broke');
          }
        })
    });
    const a = node(hub, 'node-a', shared, 300, breaking);
    const b = node(hub, 'node-b', shared, 300);
    const onA = await a.registry.acquire('cv:halfway');
    const onB = await b.registry.acquire('cv:halfway');
    const writer = new Y.Doc();
    let update: Uint8Array | null = null;
    writer.on('update', (u: Uint8Array) => (update = u));
    writer.getText('t').insert(0, 'boom');
    const peer = { access: 'write' as const, principal: { userId: 'u-1', name: 'Sofie Maes' }, send() {}, sendFrame() {}, close() {} };
    expect(() => onA.receive(peer, { type: 'sync-update', update: update! })).toThrow();
    // What must NOT happen (B storing it once no receipt came) can only be watched for a while: past B's grace
    // period for receipts (300 ms here) and a write window.
    await new Promise((r) => setTimeout(r, 300 + 400));
    await onB.writer.flush();
    expect(onB.doc.getText('t').toString()).toBe('');
    expect(await storedClients(shared, 'cv:halfway')).not.toContain(writer.clientID);
    for (const n of [a, b]) n.relay.stop();
  });
});
