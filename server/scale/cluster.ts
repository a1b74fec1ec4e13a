// One node among several on one Redis (REDIS_URL): what the instance's parts need to act as one service.
//  - the collaboration relay (server/collab/relay.ts) over per-document channels;
//  - compaction of a document by one node at a time (a lock with expiry: a node that dies frees it);
//  - access changes (a membership removed, a duo ended, a session revoked) re-checked on every node;
//  - workshops written through one node read again by the others (their caches, their open boards and drafts);
//  - Socket.IO's official Redis adapter, so that events reach the clients of every node.
import { createAdapter } from '@socket.io/redis-adapter';
import type { AppendBatch, CollabPersistence, StoredDocument } from '../collab/persistence.ts';
import { Relay } from '../collab/relay.ts';
import { RedisBus, type BusLog } from './redis-bus.ts';

/** How long a compaction may hold its lock: far above what one takes, short enough after a node died. */
const COMPACTION_LOCK_MS = 60_000;
const ACCESS_CHANNEL = 'binome:access';
const WORKSHOP_CHANNEL = 'binome:workshops';

/** An access change to re-check on every node's open documents. */
export type AccessChange = { userId: string } | { sessionHashes: string[] };

export class Cluster {
  readonly relay: Relay;
  private readonly adapterSub;

  private constructor(
    readonly bus: RedisBus,
    private readonly log: BusLog
  ) {
    this.relay = new Relay(bus, (err, doc) => log.error({ err, doc }, 'collab relay: a message could not be handled'));
    bus.onReconnect(() => this.relay.catchUp());
    // The adapter holds a subscribed connection of its own.
    this.adapterSub = bus.pub.duplicate();
    this.adapterSub.on('error', (err: Error) => log.warn({ err }, 'redis: adapter connection error'));
  }

  static async open(url: string, log: BusLog): Promise<Cluster> {
    return new Cluster(await RedisBus.connect(url, log), log);
  }

  get nodeId(): string {
    return this.bus.nodeId;
  }

  /** Socket.IO's adapter for this node: rooms, emits and disconnections span every node. */
  socketAdapter(): ReturnType<typeof createAdapter> {
    return createAdapter(this.bus.pub, this.adapterSub);
  }

  /** The store with compactions taken one node at a time; a node that finds the lock taken leaves it to the holder. */
  lockedCompaction(store: CollabPersistence): CollabPersistence {
    const bus = this.bus;
    return {
      load: (docName: string): Promise<StoredDocument> => store.load(docName),
      append: (docName: string, updates: Uint8Array[], clients?: [number, string][]) => store.append(docName, updates, clients),
      appendMany: (batches: AppendBatch[]) => store.appendMany(batches),
      async compact(docName, state, clients) {
        await bus.withLock(`binome:compact:${docName}`, COMPACTION_LOCK_MS, () => store.compact(docName, state, clients));
      }
    };
  }

  publishAccess(change: AccessChange): void {
    this.tell(ACCESS_CHANNEL, change);
  }

  /** Calls `fn` with the access changes other nodes made. */
  onAccess(fn: (change: AccessChange) => void): Promise<void> {
    return this.hear(ACCESS_CHANNEL, fn);
  }

  /** Tells the other nodes that a workshop was written (MongoDB holds what it is now). */
  publishWorkshop(workshopId: string): void {
    this.tell(WORKSHOP_CHANNEL, workshopId);
  }

  /** Calls `fn` with the id of each workshop another node wrote. */
  onWorkshop(fn: (workshopId: string) => void): Promise<void> {
    return this.hear(WORKSHOP_CHANNEL, (id) => {
      if (typeof id === 'string') fn(id);
    });
  }

  /** Runs `fn` after Redis came back from an outage (what was published meanwhile never arrived). */
  onReconnect(fn: () => void): void {
    this.bus.onReconnect(fn);
  }

  private tell(channel: string, change: unknown): void {
    this.bus.publish(channel, new TextEncoder().encode(JSON.stringify({ from: this.nodeId, change })));
  }

  private async hear<T>(channel: string, fn: (change: T) => void): Promise<void> {
    await this.bus.subscribe(channel, (data) => {
      try {
        const message = JSON.parse(new TextDecoder().decode(data)) as { from: string; change: T };
        if (message.from !== this.nodeId) fn(message.change);
      } catch (err) {
        this.log.error({ err, channel }, 'cluster: a message of another node could not be handled');
      }
    });
  }

  async close(): Promise<void> {
    this.relay.stop();
    await Promise.allSettled([this.adapterSub.quit()]);
    await this.bus.close();
  }
}
