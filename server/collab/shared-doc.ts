// One open document: the Y.Doc, its awareness, the peers connected to it, and its background writer.
import * as awarenessProtocol from 'y-protocols/awareness';
import { DENIED_REASONS } from '../../src/lib/shared/codes';
import * as Y from 'yjs';
import { DocWriter, type DocWriterOptions, type WriterLog } from './doc-writer';
import { frameBinary } from './framing';
import type { CollabPersistence, StoredDocument } from './persistence';
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
import { refused, type GuardLog, type GuardVerdict, type UpdateGuard } from './update-guard';

export type Access = 'read' | 'write';

/** What a document needs of a connection: the transport stays out of here. */
export interface Peer {
  readonly access: Access;
  /** Who is writing: a guarded document refuses every update from a peer without one. */
  readonly principal?: { readonly userId: string };
  send(message: Uint8Array): void;
  /** Writes an already framed WebSocket message (the same bytes go to every peer of a broadcast). */
  sendFrame(frame: Buffer): void;
}

/** How long awareness changes (cursors, presence) are gathered before one message goes out. */
export const AWARENESS_FLUSH_MS = 30;

/** Origin of changes made by the server itself (restore, import, tests), so they are stored and broadcast. */
export const SERVER_ORIGIN = Symbol('server');
const LOAD_ORIGIN = Symbol('load');
/** How long after loading a piled-up history it is compacted (the first peers are answered first). */
const LOAD_COMPACTION_DELAY_MS = 1_000;

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export class SharedDoc {
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

  constructor(
    readonly name: string,
    stored: StoredDocument,
    persistence: CollabPersistence,
    writerOptions: DocWriterOptions,
    log: WriterLog,
    /** Checks every update from a writer before it is applied (see update-guard.ts). */
    private readonly guard: { check: UpdateGuard; log: GuardLog } | null = null
  ) {
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(this.doc, update, LOAD_ORIGIN);
    }, LOAD_ORIGIN);
    this.writer = new DocWriter(
      name,
      persistence,
      writerOptions,
      () => Y.encodeStateAsUpdate(this.doc),
      log,
      stored.pendingCount
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
    this.outgoing.push({ update, origin });
    if (!this.outgoingScheduled) {
      this.outgoingScheduled = true;
      setImmediate(SharedDoc.flushOutgoingOf, this);
    }
    // After the broadcast is queued: a write that falls due now goes out after it in the same turn.
    this.writer.push(update);
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
    // Cursors move many times a second per person: gathered for a few ms, one message carries them all.
    this.awarenessTimer ??= setTimeout(SharedDoc.flushAwarenessOf, AWARENESS_FLUSH_MS, this);
  }

  private static flushAwarenessOf(doc: SharedDoc): void {
    doc.flushAwareness();
  }

  private flushAwareness(): void {
    this.awarenessTimer = null;
    const changed = [...this.awarenessChanged];
    this.awarenessChanged.clear();
    // Sent to every peer, the sender included: y-websocket clients reconnect after 30 s without a message,
    // and their own periodic awareness renewal coming back is what keeps an idle connection alive.
    if (changed.length > 0 && this.peers.size > 0) this.broadcast(encodeAwarenessStates(this.awareness, changed), null);
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
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null);
  }

  /** Applies one decoded message from a peer. Throws MalformedMessage for a bad update or awareness payload. */
  receive(peer: Peer, message: Incoming): void {
    switch (message.type) {
      case 'sync-step1':
        peer.send(encodeSyncStep2(this.doc, message.stateVector));
        return;
      case 'sync-update':
        if (peer.access !== 'write') {
          if (!isEmptyUpdate(message.update)) peer.send(encodePermissionDenied(DENIED_REASONS.readOnly));
          return;
        }
        const decoded = decodeValidUpdate(message.update);
        if (this.guard) {
          // A broken rule is not a malformed message: the update is dropped whole (Yjs cannot take back half of
          // one), the peer is told and stays connected.
          const userId = peer.principal?.userId;
          let verdict: GuardVerdict;
          try {
            verdict = userId ? this.guard.check(this.doc, decoded, { userId }) : refused('no identity');
          } catch (error) {
            verdict = refused(`not verifiable: ${(error as Error).message}`);
          }
          if (!verdict.ok) {
            this.guard.log.warn({ doc: this.name, userId, reason: verdict.reason }, 'collab: update refused by the document guard');
            peer.send(encodePermissionDenied(`${DENIED_REASONS.refused}: ${verdict.reason}`));
            return;
          }
        }
        Y.applyUpdate(this.doc, message.update, peer);
        return;
      case 'awareness':
        try {
          awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, peer);
        } catch (error) {
          throw new MalformedMessage(`invalid awareness update: ${(error as Error).message}`);
        }
        return;
      case 'query-awareness':
        peer.send(encodeAwarenessStates(this.awareness, [...this.awareness.getStates().keys()]));
        return;
    }
  }

  destroy(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.doc.off('update', this.updateListener);
    this.awareness.off('update', this.awarenessListener);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
