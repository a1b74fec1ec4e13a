// One live document in the browser, whatever its type (a CV today; meeting notes and workshop boards next): the
// Y.Doc, its WebSocket provider (y-websocket protocol on /collab/<name>), a local IndexedDB copy so that edits
// made offline survive a reload and merge on reconnect, the people here (awareness), one undo history for this
// person's own edits, a status for the UI, and the one answer to "may this person edit now?" (`readOnly`).
// What differs between document types is passed in as a `LiveDocumentType`.
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider, messageAuth } from 'y-websocket';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { CLOSE_CODES, DENIED_REASONS } from '$shared/codes';
import { ROUTES } from '$shared/routes';
import { PageUndoManager, type UndoScope } from '$lib/editor/undo';
import { localCopyName, rememberLocalCopy } from './local-copies';
import { sendOwnAwarenessOnly } from './own-awareness';
import { readPeers, type CollabUser, type Peer } from './presence';

export type { CollabUser, Peer };
export type CollabStatus = 'connecting' | 'syncing' | 'online' | 'offline' | 'denied';

/** What one kind of shared document tells the generic session. */
export interface LiveDocumentType {
  /**
   * True once the document holds the structure its editor needs. The server seeds it; a client never creates it
   * (two clients creating the same nested container would lose one of them), so the editor waits for this.
   */
  isReady(doc: Y.Doc): boolean;
  /** The shared types one page-wide undo history covers. */
  undoScope(doc: Y.Doc): UndoScope;
}

export interface LiveDocumentOptions {
  /** The document's name on the wire, e.g. `cv:<duoId>`. */
  name: string;
  type: LiveDocumentType;
  user: CollabUser;
  /** What the shared policy says at opening: may this person write the document? */
  mayWrite: boolean;
}

/** Close codes after which reconnecting cannot help: the server said no. */
const FINAL_CLOSE_CODES: readonly number[] = [
  CLOSE_CODES.unauthenticated,
  CLOSE_CODES.forbidden,
  CLOSE_CODES.notFound,
  CLOSE_CODES.accessRevoked
];

export class LiveDocument {
  readonly doc = new Y.Doc();
  readonly name: string;
  readonly user: CollabUser;
  readonly provider: WebsocketProvider;
  readonly undoManager: PageUndoManager;
  private readonly local: IndexeddbPersistence | null;
  private readonly stopAwareness: () => void;
  status = $state<CollabStatus>('connecting');
  /** True once either the server or the local copy delivered the content: the editor can show it. */
  ready = $state(false);
  /** The policy lets this person write (set at opening; lowered by `accessChanged` when the duo ends). */
  mayWrite = $state(false);
  /** The server told us this connection may only read. */
  serverReadOnly = $state(false);
  /**
   * The server refused one of our changes: it broke a document rule (e.g. someone else's comment), or the
   * document is full (its type's size limit). This copy now holds a change the server never will: the page says
   * which and offers to reload the document as the server has it.
   */
  refusal = $state<'rule' | 'full' | null>(null);
  refused = $derived(this.refusal !== null);
  closeCode = $state<number | null>(null);
  peers = $state<Peer[]>([]);
  canUndo = $state(false);
  canRedo = $state(false);
  /** Local changes not yet confirmed by a connection (made while offline). */
  pendingOffline = $state(false);
  /**
   * Whether nothing may be edited now — the one place this is decided; every editor component reads it. After a
   * refused change, this client's later edits would build on it and be refused too: nothing more is edited until
   * the reload.
   */
  readOnly = $derived(!this.mayWrite || this.serverReadOnly || this.status === 'denied' || this.refused);

  constructor(options: LiveDocumentOptions) {
    const { name, type, user, mayWrite } = options;
    this.name = name;
    this.user = user;
    this.mayWrite = mayWrite;
    // A reader keeps no local copy: they have nothing of their own to save, and the content is not theirs to keep.
    const localName = localCopyName(user.id, name);
    if (mayWrite) rememberLocalCopy(localName);
    this.local = mayWrite ? new IndexeddbPersistence(localName, this.doc) : null;
    this.local?.whenSynced.then(() => {
      if (type.isReady(this.doc)) this.ready = true;
    });
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${location.host}${ROUTES.collab}`, name, this.doc, {
      disableBc: true,
      maxBackoffTime: 2000,
      // Only a refusal is final; a slow-consumer or rate close (also 44xx) is worth another try.
      shouldReconnect: (event) => !FINAL_CLOSE_CODES.includes(event.code)
    });
    // y-websocket only logs a permission-denied message; the editor must know it is read-only, or refused.
    this.provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) !== 0) return;
      const reason = decoding.hasContent(decoder) ? decoding.readVarString(decoder) : DENIED_REASONS.readOnly;
      // The first refusal says why: the changes typed after it are refused in turn (they build on it), and must not
      // turn "the CV is full" into "a change was refused".
      if (reason === DENIED_REASONS.tooLarge) this.refusal ??= 'full';
      else if (reason.startsWith(DENIED_REASONS.refused)) this.refusal ??= 'rule';
      else this.serverReadOnly = true;
    };
    this.stopAwareness = sendOwnAwarenessOnly(this.provider);
    this.provider.awareness.setLocalStateField('user', { ...user });
    this.provider.on('status', ({ status }) => {
      if (this.status === 'denied') return;
      if (status === 'connected') this.status = this.provider.synced ? 'online' : 'syncing';
      else if (status === 'connecting') this.status = this.status === 'offline' || !navigator.onLine ? 'offline' : 'connecting';
      else this.status = 'offline';
    });
    this.provider.on('sync', (synced: boolean) => {
      if (!synced) return;
      if (type.isReady(this.doc)) this.ready = true;
      this.pendingOffline = false;
      if (this.status !== 'denied') this.status = 'online';
    });
    this.provider.on('connection-close', (event) => {
      if (event && FINAL_CLOSE_CODES.includes(event.code)) {
        this.closeCode = event.code;
        this.status = 'denied';
      }
    });
    this.provider.on('connection-error', () => {
      if (this.status !== 'denied') this.status = 'offline';
    });
    // The structure arrives with the first sync (or the local copy): the editor waits for it.
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (!this.ready && type.isReady(this.doc) && origin === this.provider) this.ready = true;
      if (origin !== this.provider && origin !== this.local && this.status === 'offline') this.pendingOffline = true;
    });
    // A phone losing its network says so at once; the socket itself may take a while to notice.
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    const awareness = this.provider.awareness;
    const onAwareness = () => (this.peers = readPeers(awareness.getStates(), this.doc.clientID));
    awareness.on('change', onAwareness);
    onAwareness();

    this.undoManager = new PageUndoManager(type.undoScope(this.doc));
    const readStacks = () => {
      this.canUndo = this.undoManager.undoStack.length > 0;
      this.canRedo = this.undoManager.redoStack.length > 0;
    };
    this.undoManager.on('stack-item-added', readStacks);
    this.undoManager.on('stack-item-popped', readStacks);
    this.undoManager.on('stack-cleared', readStacks);
  }

  private readonly onOffline = () => {
    if (this.status === 'denied') return;
    this.status = 'offline';
    this.provider.disconnect();
  };

  private readonly onOnline = () => {
    if (this.status === 'denied') return;
    this.provider.connect();
  };

  /**
   * Access changed (the page asked the policy again): a person who may no longer write stops editing at once. It
   * never rises again here: this connection was opened read-only by the server too; reopening the page does it.
   */
  accessChanged(mayWrite: boolean): void {
    if (!mayWrite) this.mayWrite = false;
  }

  /** Tells the others which part of the document this person is working in. */
  setSection(section: string | null): void {
    if (this.provider.awareness.getLocalState()?.section === section) return;
    this.provider.awareness.setLocalStateField('section', section);
  }

  undo(): void {
    this.undoManager.undo();
  }

  redo(): void {
    this.undoManager.redo();
  }

  /** Drops this device's copy (it holds the refused change) and the session; the caller then reloads the page. */
  async discardLocalCopy(): Promise<void> {
    this.provider.disconnect();
    await this.local?.clearData();
  }

  destroy(): void {
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.provider.awareness.setLocalState(null);
    this.stopAwareness();
    this.provider.destroy();
    this.undoManager.dispose();
    void this.local?.destroy();
    this.doc.destroy();
  }
}
