// One open document: the Y.Doc, its awareness, the peers connected to it, and its background writer.
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { DocWriter, type DocWriterOptions, type WriterLog } from './doc-writer';
import type { CollabPersistence, StoredDocument } from './persistence';
import {
  assertValidUpdate,
  encodeAwarenessStates,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isEmptyUpdate,
  MalformedMessage,
  type Incoming
} from './protocol';

export type Access = 'read' | 'write';

/** What a document needs of a connection: the transport stays out of here. */
export interface Peer {
  readonly access: Access;
  send(message: Uint8Array): void;
}

/** Origin of changes made by the server itself (restore, import, tests), so they are stored and broadcast. */
export const SERVER_ORIGIN = Symbol('server');
const LOAD_ORIGIN = Symbol('load');

export class SharedDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Each peer with the awareness client ids it announced, removed when it leaves. */
  readonly peers = new Map<Peer, Set<number>>();
  readonly writer: DocWriter;

  constructor(
    readonly name: string,
    stored: StoredDocument,
    persistence: CollabPersistence,
    writerOptions: DocWriterOptions,
    log: WriterLog
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
    this.doc.on('update', this.onUpdate);
    this.awareness.on('update', this.onAwareness);
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOAD_ORIGIN) return;
    this.writer.push(update);
    this.broadcast(encodeUpdate(update), origin);
  };

  private readonly onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown
  ): void => {
    const changed = [...added, ...updated, ...removed];
    const ids = this.peers.get(origin as Peer);
    if (ids) {
      for (const id of added) ids.add(id);
      for (const id of removed) ids.delete(id);
    }
    // Sent to every peer, the sender included: y-websocket clients reconnect after 30 s without a message,
    // and their own periodic awareness renewal coming back is what keeps an idle connection alive.
    this.broadcast(encodeAwarenessStates(this.awareness, changed), null);
  };

  private broadcast(message: Uint8Array, except: unknown): void {
    for (const peer of this.peers.keys()) if (peer !== except) peer.send(message);
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
          if (!isEmptyUpdate(message.update)) peer.send(encodePermissionDenied('read-only'));
          return;
        }
        assertValidUpdate(message.update);
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
    this.doc.off('update', this.onUpdate);
    this.awareness.off('update', this.onAwareness);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
