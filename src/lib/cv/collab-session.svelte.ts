// One live document in the browser: the Y.Doc, its WebSocket provider (y-websocket protocol on /collab), a local
// IndexedDB copy so that edits made offline survive a reload and merge on reconnect, the people here (awareness),
// one undo history for this person's own edits, and a status for the UI.
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider, messageAuth } from 'y-websocket';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { defaultDeleteFilter, defaultProtectedNodes, ySyncPluginKey } from '@tiptap/y-tiptap';
import { CLOSE_CODES, DENIED_REASONS } from '$shared/codes';
import { cvRoot, isCvInitialised } from '$shared/cv';
import { rememberLocalCopy } from './local-copies';

export type CollabStatus = 'connecting' | 'syncing' | 'online' | 'offline' | 'denied';

/** Close codes after which reconnecting cannot help: the server said no. */
const FINAL_CLOSE_CODES: readonly number[] = [
  CLOSE_CODES.unauthenticated,
  CLOSE_CODES.forbidden,
  CLOSE_CODES.notFound,
  CLOSE_CODES.accessRevoked
];

/** Origin of this person's own structural changes (entries, levels, template): undoable, like their typing. */
export const LOCAL_ORIGIN = Symbol('cv-local');

export interface CollabUser {
  id: string;
  name: string;
  color: string;
}

export interface Peer {
  clientId: number;
  user: CollabUser;
  section: string | null;
}

/**
 * Editors unmount (an entry is removed, a tab changes) while the page lives on: the Tiptap binding destroys the
 * undo manager it was given when its editor goes, so the page's manager ignores that and is destroyed by the page.
 */
class PageUndoManager extends Y.UndoManager {
  override destroy(): void {}
  dispose(): void {
    super.destroy();
  }
}

export class CollabSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly undoManager: PageUndoManager;
  private readonly local: IndexeddbPersistence | null;
  status = $state<CollabStatus>('connecting');
  /** True once either the server or the local copy delivered the content: the form can show it. */
  ready = $state(false);
  /** The server told us this connection may only read. */
  readOnly = $state(false);
  /**
   * The server refused one of our changes (a document rule, e.g. someone else's comment). This copy now holds a
   * change the server never will: the page offers to reload the CV as the server has it.
   */
  refused = $state(false);
  closeCode = $state<number | null>(null);
  peers = $state<Peer[]>([]);
  canUndo = $state(false);
  canRedo = $state(false);
  /** Local changes not yet confirmed by a connection (made while offline). */
  pendingOffline = $state(false);

  constructor(
    readonly docName: string,
    readonly user: CollabUser,
    options: { readOnly: boolean }
  ) {
    this.readOnly = options.readOnly;
    // A reader keeps no local copy: it has nothing of its own to save, and the content is not theirs to keep.
    const localName = `binome:${user.id}:${docName}`;
    if (!options.readOnly) rememberLocalCopy(localName);
    this.local = options.readOnly ? null : new IndexeddbPersistence(localName, this.doc);
    this.local?.whenSynced.then(() => {
      if (isCvInitialised(this.doc)) this.ready = true;
    });
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/collab`, docName, this.doc, {
      disableBc: true,
      maxBackoffTime: 2000,
      // Only a refusal is final; a slow-consumer or rate close (also 44xx) is worth another try.
      shouldReconnect: (event) => !FINAL_CLOSE_CODES.includes(event.code)
    });
    // y-websocket only logs a permission-denied message; the editor must know it is read-only, or refused.
    this.provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) !== 0) return;
      const reason = decoding.hasContent(decoder) ? decoding.readVarString(decoder) : DENIED_REASONS.readOnly;
      if (reason.startsWith(DENIED_REASONS.refused)) this.refused = true;
      else this.readOnly = true;
    };
    this.provider.awareness.setLocalStateField('user', { ...user });
    this.provider.on('status', ({ status }) => {
      if (this.status === 'denied') return;
      if (status === 'connected') this.status = this.provider.synced ? 'online' : 'syncing';
      else if (status === 'connecting') this.status = this.status === 'offline' || !navigator.onLine ? 'offline' : 'connecting';
      else this.status = 'offline';
    });
    this.provider.on('sync', (synced: boolean) => {
      if (!synced) return;
      if (isCvInitialised(this.doc)) this.ready = true;
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
    // The structure arrives with the first sync (or the local copy): the form waits for it.
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (!this.ready && isCvInitialised(this.doc) && origin === this.provider) this.ready = true;
      if (origin !== this.provider && origin !== this.local && this.status === 'offline') this.pendingOffline = true;
    });
    // A phone losing its network says so at once; the socket itself may take a while to notice.
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    const awareness = this.provider.awareness;
    const readPeers = () => {
      const peers: Peer[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const u = state?.user as Partial<CollabUser> | undefined;
        if (clientId === this.doc.clientID || !u || typeof u.name !== 'string') return;
        peers.push({
          clientId,
          user: { id: String(u.id ?? ''), name: u.name, color: typeof u.color === 'string' ? u.color : '#64748b' },
          section: typeof state.section === 'string' ? state.section : null
        });
      });
      this.peers = peers;
    };
    awareness.on('change', readPeers);
    readPeers();

    this.undoManager = new PageUndoManager(cvRoot(this.doc), {
      trackedOrigins: new Set<unknown>([ySyncPluginKey, LOCAL_ORIGIN]),
      // keeps the paragraph every field needs, as the Tiptap binding's own manager does
      deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
      captureTransaction: (tr) => tr.meta.get('addToHistory') !== false
    });
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

  /** Tells the others which part of the CV this person is working in. */
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
    this.provider.destroy();
    this.undoManager.dispose();
    void this.local?.destroy();
    this.doc.destroy();
  }
}
