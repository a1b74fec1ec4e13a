// One open document: the Y.Doc, its awareness, the peers connected to it, and its background writer.
import * as awarenessProtocol from 'y-protocols/awareness';
import { CLOSE_CODES, DENIED_REASONS } from '../../src/lib/shared/codes';
import * as Y from 'yjs';
import { DEFAULT_AWARENESS_LIMITS, decodeAwareness, encodeAwarenessEntries, presenceState, type AwarenessEntry, type AwarenessLimits } from './awareness-guard';
import type { DocumentType } from './document-type';
import { DocWriter, type DocWriterOptions, type WriterLog } from './doc-writer';
import { frameBinary } from './framing';
import { inspect, NestingTooDeep } from './inspect';
import type { CollabPersistence, StoredDocument } from './persistence';
import type { WriteWindow } from './write-window';
import { RELAY_ORIGIN, type DocumentLink, type RelayedDoc } from './relay';
import type { Access } from './principal';
import {
  decodeValidUpdate,
  encodeAwarenessStates,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isEmptyUpdate,
  MalformedMessage,
  type Incoming
} from './protocol';
import { typeRoots } from './repair';
import { SchemaCheck } from './schema-check';
import { InspectedUpdate, refused, type GuardLog, type GuardVerdict } from './update-guard';

export type { Access };

/** What a document needs of a connection: the transport stays out of here. */
export interface Peer {
  readonly access: Access;
  /** Who is writing: a document refuses every update from a peer without one. */
  readonly principal?: { readonly userId: string; readonly name?: string };
  send(message: Uint8Array): void;
  /** Writes an already framed WebSocket message (the same bytes go to every peer of a broadcast). */
  sendFrame(frame: Buffer): void;
  /** Ends the peer's connection with a named code (a document being reloaded closes its peers). */
  close?(code: number, reason: string): void;
}

/** How long awareness changes (cursors, presence) are gathered before one message goes out. */
export const AWARENESS_FLUSH_MS = 30;

/** Origin of changes made by the server itself (restore, import, tests), so they are stored and broadcast. */
export const SERVER_ORIGIN = Symbol('server');
const LOAD_ORIGIN = Symbol('load');
/**
 * New client ids one update may bring: a device's offline edits come under one id per page load, and each id
 * costs a binding that is kept with the document.
 */
const MAX_NEW_CLIENTS_PER_UPDATE = 16;
/** Owner recorded for the client ids of the server's own changes (seed, repair, restore, import). */
export const SERVER_OWNER = '@server';

/** Raised when applying a change failed inside Yjs: the document is suspect and is reloaded from storage. */
export class DocumentFailed extends Error {}

export interface SharedDocOptions {
  type: DocumentType;
  log: WriterLog & GuardLog;
  awarenessLimits?: AwarenessLimits;
  /** Called once when processing failed in a way that leaves the document suspect (the registry reloads it). */
  onFailure?: (error: unknown) => void;
}
/** How long after loading a piled-up history it is compacted (the first peers are answered first). */
const LOAD_COMPACTION_DELAY_MS = 1_000;

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export class SharedDoc implements RelayedDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Each peer with the awareness client ids it announced, removed when it leaves. */
  readonly peers = new Map<Peer, Set<number>>();
  readonly writer: DocWriter;
  /** Updates applied in this event-loop turn, sent together once it ends. */
  private outgoing: { update: Uint8Array; origin: unknown }[] = [];
  private outgoingScheduled = false;
  /** Awareness client ids changed since the last awareness message. */
  private awarenessChanged = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | null = null;
  // Listeners are made in the constructor, not as arrow-function class fields: tsx (esbuild, keepNames) gives
  // every such field its own `name` property, about 250 bytes per function and per open document.
  private readonly updateListener: (update: Uint8Array, origin: unknown) => void;
  private readonly awarenessListener: (change: AwarenessChange, origin: unknown) => void;
  readonly type: DocumentType;
  private readonly schema: SchemaCheck;
  /** Which person each Yjs client id belongs to in this document (kept with the document's records). */
  private readonly owners: Map<number, string>;
  /** Which connection holds each awareness client id. */
  private readonly awarenessHolders = new Map<number, Peer>();
  /** Estimated size of the encoded state: measured at load and compaction, grown by each applied update. */
  private approxBytes: number;
  private readonly log: WriterLog & GuardLog;
  private readonly awarenessLimits: AwarenessLimits;
  private readonly onFailure: (error: unknown) => void;
  failed = false;
  /** The link to the other nodes holding this document (several nodes on Redis), once attached. */
  private link: DocumentLink | null = null;
  /** Client id bindings made since the last update relayed: they travel with it. */
  private unrelayedOwners: [number, string][] = [];
  /** Awareness client ids of this node's own peers changed since the last awareness message. */
  private localAwarenessChanged = new Set<number>();

  constructor(
    readonly name: string,
    stored: StoredDocument,
    persistence: CollabPersistence,
    window: WriteWindow,
    writerOptions: DocWriterOptions,
    options: SharedDocOptions
  ) {
    this.type = options.type;
    this.log = options.log;
    this.awarenessLimits = options.awarenessLimits ?? DEFAULT_AWARENESS_LIMITS;
    this.onFailure = options.onFailure ?? (() => {});
    this.schema = new SchemaCheck(this.doc, this.type.schema);
    this.owners = new Map(stored.clients ?? []);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.transact(() => {
      for (const update of stored.updates) {
        // One stored record Yjs cannot read must not leave the whole document unopenable: it is skipped, loudly.
        try {
          Y.applyUpdate(this.doc, update, LOAD_ORIGIN);
        } catch (error) {
          this.log.error({ err: error, doc: name, bytes: update.byteLength }, 'collab: a stored update could not be applied; skipped');
        }
      }
    }, LOAD_ORIGIN);
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      // Stored content that depends on what was never stored: it could never be applied, and would be taken for
      // a writer's unplaceable change later.
      this.log.warn({ doc: name }, 'collab: stored content that cannot be placed was dropped');
      this.doc.store.pendingStructs = null;
      this.doc.store.pendingDs = null;
    }
    this.approxBytes = stored.updates.reduce((sum, u) => sum + u.byteLength, 0);
    // Declared roots get their kind before any update is checked against it.
    typeRoots(this.doc, this.type.schema);
    this.writer = new DocWriter(
      name,
      persistence,
      window,
      writerOptions,
      () => {
        const state = Y.encodeStateAsUpdate(this.doc);
        this.approxBytes = state.byteLength;
        return { state, clients: [...this.owners] };
      },
      this.log,
      stored.pendingCount,
      () => this.project()
    );
    this.updateListener = (update, origin) => this.onUpdate(update, origin);
    this.awarenessListener = (change, origin) => this.onAwareness(change, origin);
    this.doc.on('update', this.updateListener);
    this.awareness.on('update', this.awarenessListener);
    // A history that piled up (crashes, an import) is folded once rather than read again at every load.
    if (stored.pendingCount >= writerOptions.compactAfter) this.writer.compactLater(LOAD_COMPACTION_DELAY_MS);
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === LOAD_ORIGIN) return;
    if (origin === RELAY_ORIGIN) {
      // Another node's: its peers are this node's to tell; that node stores it.
      this.approxBytes += update.byteLength;
      this.queueOutgoing(update, origin);
      return;
    }
    if (!this.peers.has(origin as Peer) && !this.owners.has(this.doc.clientID)) {
      // The server's own change: its client id is nobody else's to take.
      this.bind(this.doc.clientID, SERVER_OWNER);
    }
    // Every change grows the estimate, the server's own (a restore, an import) too.
    this.approxBytes += update.byteLength;
    this.queueOutgoing(update, origin);
    // While a writer's update is being applied, what it produces waits: if Yjs throws halfway, that part is not
    // stored here, so the other nodes must not get it either (they would store it when no receipt comes).
    const n = this.heldForRelay ? (this.heldForRelay.push(update), 0) : this.publish(update);
    // After the broadcast is queued: a write that falls due now goes out after it in the same turn.
    this.writer.push(update);
    // Once pushed: the receipt waits for this update to be stored.
    if (n > 0) this.receiptAfterStored(n);
  }

  /** Updates produced by a writer's update still being applied (receiveUpdate); null when none is. */
  private heldForRelay: Uint8Array[] | null = null;

  /** Publishes to the other nodes; the update's number there (0 on a single node). */
  private publish(update: Uint8Array): number {
    const n = this.link ? this.link.publishUpdate(update, this.unrelayedOwners) : 0;
    this.unrelayedOwners = [];
    return n;
  }

  /** The last update number to confirm, and whether a wait for the writer is under way (one at a time). */
  private receiptDue = 0;
  private receiptWaiting = false;

  /** Tells the other nodes, once stored, that this node's updates up to the `n`-th are durable (relay.ts). */
  private receiptAfterStored(n: number): void {
    this.receiptDue = n;
    if (this.receiptWaiting) return;
    this.receiptWaiting = true;
    void this.writer.stored().then(() => {
      this.receiptWaiting = false;
      this.link?.publishStored(n);
      if (this.receiptDue > n) this.receiptAfterStored(this.receiptDue);
    });
  }

  storeRelayed(update: Uint8Array, owners: [number, string][]): void {
    for (const [client, owner] of owners) this.writer.bind(client, owner);
    this.writer.push(update);
  }

  /** Stores the relayed updates no receipt came for yet (before the document leaves this node). */
  storeUnconfirmed(): void {
    this.link?.storeUnconfirmed();
  }

  private queueOutgoing(update: Uint8Array, origin: unknown): void {
    this.outgoing.push({ update, origin });
    if (!this.outgoingScheduled) {
      this.outgoingScheduled = true;
      setImmediate(SharedDoc.flushOutgoingOf, this);
    }
  }

  /** Links the document to the other nodes holding it (relay.ts): they catch up with each other at once. */
  attachRelay(link: DocumentLink): void {
    this.link = link;
    link.attach(this);
  }

  allOwners(): [number, string][] {
    return [...this.owners];
  }

  applyRelayed(update: Uint8Array, owners: [number, string][]): void {
    if (this.failed) return;
    // The node that received these bindings stores them; here they keep others from writing under those ids.
    for (const [client, owner] of owners) if (!this.owners.has(client)) this.owners.set(client, owner);
    try {
      Y.applyUpdate(this.doc, update, RELAY_ORIGIN);
    } catch (error) {
      this.fail(error);
    }
  }

  applyRelayedAwareness(update: Uint8Array): void {
    if (this.failed) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, RELAY_ORIGIN);
    } catch (error) {
      this.log.warn({ err: error, doc: this.name }, 'collab: a relayed awareness update could not be applied');
    }
  }

  localAwareness(): Uint8Array | null {
    const ids = [...this.awarenessHolders.keys()].filter((id) => this.awareness.states.has(id));
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  private static flushOutgoingOf(doc: SharedDoc): void {
    doc.flushOutgoing();
  }

  /**
   * Updates that arrived within one turn (a paste, many writers) go out as one merged message. A single update is
   * not sent back to the peer it came from; a merged one goes to everyone (Yjs ignores what it already has).
   */
  private flushOutgoing(): void {
    this.outgoingScheduled = false;
    if (this.failed) return;
    const batch = this.outgoing;
    this.outgoing = [];
    if (batch.length === 0 || this.peers.size === 0) return;
    if (batch.length === 1) this.broadcast(encodeUpdate(batch[0].update), batch[0].origin);
    else this.broadcast(encodeUpdate(Y.mergeUpdates(batch.map((b) => b.update))), null);
  }

  private onAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const ids = this.peers.get(origin as Peer);
    if (ids) {
      for (const id of added) ids.add(id);
      for (const id of removed) ids.delete(id);
    }
    for (const id of added) this.awarenessChanged.add(id);
    for (const id of updated) this.awarenessChanged.add(id);
    for (const id of removed) this.awarenessChanged.add(id);
    if (this.link && origin !== RELAY_ORIGIN) for (const id of [...added, ...updated, ...removed]) this.localAwarenessChanged.add(id);
    // Cursors move many times a second per person: gathered for a few ms, one message carries them all.
    this.awarenessTimer ??= setTimeout(SharedDoc.flushAwarenessOf, AWARENESS_FLUSH_MS, this);
  }

  private static flushAwarenessOf(doc: SharedDoc): void {
    // A timer's callback: nothing thrown here may reach the process.
    try {
      doc.flushAwareness();
    } catch (error) {
      doc.fail(error);
    }
  }

  private flushAwareness(): void {
    this.awarenessTimer = null;
    const changed = [...this.awarenessChanged];
    this.awarenessChanged.clear();
    // Sent to every peer, the sender included: y-websocket clients reconnect after 30 s without a message,
    // and their own periodic awareness renewal coming back is what keeps an idle connection alive.
    if (changed.length > 0 && this.peers.size > 0) this.broadcast(encodeAwarenessStates(this.awareness, changed), null);
    if (this.localAwarenessChanged.size > 0) {
      this.link?.publishAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.localAwarenessChanged]));
      this.localAwarenessChanged.clear();
    }
    // Removed states leave nothing behind: y-protocols keeps a clock per client id it ever saw.
    for (const id of changed) {
      if (!this.awareness.states.has(id)) {
        this.awareness.meta.delete(id);
        const holder = this.awarenessHolders.get(id);
        if (holder) this.peers.get(holder)?.delete(id);
        this.awarenessHolders.delete(id);
      }
    }
  }

  /**
   * Processing failed in a way that may have left the document half-changed: every peer is closed (their
   * clients reconnect) and the registry reloads the document from what is stored.
   */
  fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.log.error({ err: error, doc: this.name }, 'collab: processing a document failed; it is reloaded from storage');
    this.onFailure(error);
  }

  /** Closes every peer: their clients reconnect and get the document as reloaded from storage. */
  closePeers(): void {
    for (const peer of this.peers.keys()) peer.close?.(CLOSE_CODES.documentReloaded, 'document reloaded');
  }

  private bind(client: number, owner: string): void {
    this.owners.set(client, owner);
    if (this.link) this.unrelayedOwners.push([client, owner]);
    this.writer.bind(client, owner);
  }

  /** The person a Yjs client id belongs to in this document, if it was used. */
  ownerOf(client: number): string | undefined {
    return this.owners.get(client);
  }

  private project(): void {
    const project = this.type.project;
    if (!project) return;
    try {
      void Promise.resolve(project(this.name, this.doc)).catch((error: unknown) =>
        this.log.error({ err: error, doc: this.name }, 'collab: projection failed')
      );
    } catch (error) {
      this.log.error({ err: error, doc: this.name }, 'collab: projection failed');
    }
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    const frame = frameBinary(message);
    for (const peer of this.peers.keys()) if (peer !== except) peer.sendFrame(frame);
  }

  /** Starts the sync: the peer gets our state vector and, once it answers, what it lacks. */
  join(peer: Peer): void {
    this.peers.set(peer, new Set());
    peer.send(encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(encodeAwarenessStates(this.awareness, states));
  }

  leave(peer: Peer): void {
    const ids = this.peers.get(peer);
    this.peers.delete(peer);
    if (!ids || ids.size === 0) return;
    const held = [...ids].filter((id) => this.awarenessHolders.get(id) === peer);
    if (held.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, held, null);
  }

  /**
   * Applies one decoded message from a peer. Throws MalformedMessage for a bad update or awareness payload, and
   * DocumentFailed when Yjs failed while applying a checked update (the document is then reloaded).
   */
  receive(peer: Peer, message: Incoming): void {
    if (this.failed) throw new DocumentFailed('the document is being reloaded');
    switch (message.type) {
      case 'sync-step1':
        peer.send(encodeSyncStep2(this.doc, message.stateVector));
        return;
      case 'sync-update':
        if (peer.access !== 'write') {
          if (!isEmptyUpdate(message.update)) peer.send(encodePermissionDenied(DENIED_REASONS.readOnly));
          return;
        }
        this.receiveUpdate(peer, message.update);
        return;
      case 'awareness':
        this.receiveAwareness(peer, message.update);
        return;
      case 'query-awareness':
        peer.send(encodeAwarenessStates(this.awareness, [...this.awareness.getStates().keys()]));
        return;
    }
  }

  private receiveUpdate(peer: Peer, update: Uint8Array): void {
    const decoded = decodeValidUpdate(update);
    const userId = peer.principal?.userId;
    // A broken rule is not a malformed message: the update is dropped whole (Yjs cannot take back half of one),
    // the peer is told and stays connected.
    let verdict: GuardVerdict;
    let fresh: number[] = [];
    if (!userId) verdict = refused('no identity');
    else {
      try {
        const inspection = inspect(this.doc, decoded);
        if (!inspection.ok) verdict = refused(inspection.reason);
        else if (inspection.clients.length > 0 && this.approxBytes + update.byteLength > this.type.maxBytes) {
          // Full: what the server already has (a client's sync step 2 repeating it) and deletions still go through.
          this.log.warn({ doc: this.name, userId, bytes: this.approxBytes }, 'collab: update refused, the document is full');
          peer.send(encodePermissionDenied(DENIED_REASONS.tooLarge));
          return;
        } else {
          fresh = inspection.clients;
          verdict = this.checkClients(fresh, userId);
          if (verdict.ok) verdict = this.schema.check(inspection);
          if (verdict.ok && this.type.guard) verdict = this.type.guard(this.doc, new InspectedUpdate(inspection), { userId }, this.name);
        }
      } catch (error) {
        verdict = refused(error instanceof NestingTooDeep ? 'nesting too deep' : `not verifiable: ${(error as Error).message}`);
      }
    }
    if (!verdict.ok) {
      this.log.warn({ doc: this.name, userId, reason: verdict.reason }, 'collab: update refused by the document guard');
      peer.send(encodePermissionDenied(`${DENIED_REASONS.refused}: ${verdict.reason}`));
      return;
    }
    for (const client of fresh) if (!this.owners.has(client)) this.bind(client, userId!);
    const mark = this.writer.mark();
    const held: Uint8Array[] = (this.heldForRelay = []);
    try {
      Y.applyUpdate(this.doc, update, peer);
    } catch (error) {
      // What Yjs integrated before it threw is not stored, nor relayed: the document is reloaded from what was.
      this.heldForRelay = null;
      this.writer.discardSince(mark);
      this.fail(error);
      throw new DocumentFailed((error as Error).message);
    }
    this.heldForRelay = null;
    for (const u of held) {
      const n = this.publish(u);
      if (n > 0) this.receiptAfterStored(n);
    }
    const store = this.doc.store;
    if (store.pendingStructs || store.pendingDs) {
      // Content Yjs could not place (a reference it cannot resolve): kept pending it would be applied later,
      // unchecked, and stored with the next compaction. It is dropped; the sender is told.
      store.pendingStructs = null;
      store.pendingDs = null;
      peer.send(encodePermissionDenied(`${DENIED_REASONS.refused}: depends on content the server does not have`));
    }
  }

  /**
   * A Yjs client id is bound to the person who first wrote with it: a struct under someone else's id would take
   * their next clock (Yjs then drops their real edit as already known) or write in their name.
   */
  private checkClients(clients: number[], userId: string): GuardVerdict {
    let unbound = 0;
    for (const client of clients) {
      const owner = this.owners.get(client);
      if (owner !== undefined && owner !== userId) return refused('changes under another person’s client id');
      // An id someone present announced is theirs before they write with it: nobody takes it in advance.
      const present = this.awarenessHolders.get(client)?.principal?.userId;
      if (owner === undefined && present !== undefined && present !== userId) return refused('changes under another person’s client id');
      if (owner === undefined && ++unbound > MAX_NEW_CLIENTS_PER_UPDATE) return refused('too many new client ids in one update');
    }
    return { ok: true };
  }

  /**
   * A connection sets and removes the awareness state of one client id: the first it introduces (a y-websocket
   * client's own, sent as soon as it connects). Entries for any other id are dropped: y-websocket clients echo
   * every state they hear of, others' included, and an echo must change nothing. The same person reconnecting
   * before the server noticed the old socket go takes their id over.
   */
  private receiveAwareness(peer: Peer, update: Uint8Array): void {
    const entries = decodeAwareness(update, this.awarenessLimits);
    const mine = this.peers.get(peer);
    if (!mine) return;
    const accepted: AwarenessEntry[] = [];
    for (const entry of entries) {
      const holder = this.awarenessHolders.get(entry.clientId);
      if (holder !== peer) {
        if (mine.size > 0 || entry.state === null) continue;
        if (holder && holder.principal?.userId !== peer.principal?.userId) continue;
        if (holder) this.peers.get(holder)?.delete(entry.clientId);
        this.awarenessHolders.set(entry.clientId, peer);
        mine.add(entry.clientId);
      }
      const who = { userId: peer.principal?.userId ?? '', name: peer.principal?.name ?? '', writer: peer.access === 'write' };
      accepted.push({ ...entry, state: entry.state && presenceState(entry.state, who, this.type.awareness ?? {}) });
    }
    if (accepted.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), peer);
  }

  destroy(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.writer.close();
    void this.link?.close();
    this.link = null;
    this.doc.off('update', this.updateListener);
    this.awareness.off('update', this.awarenessListener);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

