// One live document in the browser: the Y.Doc, its WebSocket provider (y-websocket protocol on /collab), a local
// IndexedDB copy so that edits made offline survive a reload and merge on reconnect, and a status for the UI.
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES } from '$shared/codes';

export type CollabStatus = 'connecting' | 'syncing' | 'online' | 'offline' | 'denied';

/** Close codes after which reconnecting cannot help: the server said no. */
const FINAL_CLOSE_CODES: readonly number[] = [
  CLOSE_CODES.unauthenticated,
  CLOSE_CODES.forbidden,
  CLOSE_CODES.notFound,
  CLOSE_CODES.accessRevoked
];

export interface CollabUser {
  id: string;
  name: string;
  color: string;
}

export class CollabSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  private readonly local: IndexeddbPersistence | null;
  status = $state<CollabStatus>('connecting');
  /** True once either the server or the local copy delivered the content: the form can show it. */
  ready = $state(false);
  /** The server told us this connection may only read. */
  readOnly = $state(false);
  closeCode = $state<number | null>(null);

  constructor(
    readonly docName: string,
    readonly user: CollabUser,
    options: { readOnly: boolean; offline?: boolean }
  ) {
    this.readOnly = options.readOnly;
    // A reader keeps no local copy: it has nothing of its own to save, and the content is not theirs to keep.
    this.local = options.readOnly || options.offline === false ? null : new IndexeddbPersistence(docName, this.doc);
    this.local?.whenSynced.then(() => {
      if (this.doc.share.size > 0) this.ready = true;
    });
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/collab`, docName, this.doc, {
      disableBc: true
    });
    this.provider.awareness.setLocalStateField('user', { id: user.id, name: user.name, color: user.color });
    this.provider.on('status', ({ status }: { status: string }) => {
      if (this.status === 'denied') return;
      if (status === 'connected') this.status = this.provider.synced ? 'online' : 'syncing';
      else if (status === 'connecting') this.status = navigator.onLine ? 'connecting' : 'offline';
      else this.status = 'offline';
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        this.ready = true;
        if (this.status !== 'denied') this.status = 'online';
      }
    });
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && FINAL_CLOSE_CODES.includes(event.code)) {
        this.closeCode = event.code;
        this.status = 'denied';
        this.provider.disconnect();
      }
    });
    this.provider.on('connection-error', () => {
      if (this.status !== 'denied') this.status = 'offline';
    });
  }

  /** Tells the others which part of the CV this person is working in. */
  setSection(section: string | null): void {
    this.provider.awareness.setLocalStateField('section', section);
  }

  destroy(): void {
    this.provider.awareness.setLocalState(null);
    this.provider.destroy();
    void this.local?.destroy();
    this.doc.destroy();
  }
}
