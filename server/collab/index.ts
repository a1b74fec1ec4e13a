// The collaboration core: y-websocket protocol server used by CVs, meeting notes and session boards.
// The app wires in persistence and authorisation; nothing here reads the environment or imports mongoose.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as Y from 'yjs';
import { DocumentRegistry } from './registry';
import { WriteWindow } from './write-window';
import type { Relay } from './relay';
import type { CollabPersistence } from './persistence';
import { SERVER_ORIGIN, type SharedDoc } from './shared-doc';
import { CollabTransport, type AccessRecheck, type CollabAuthorizer, type TransportLog } from './transport';
import type { CollabConnection } from './connection';
import type { DocumentTypes } from './document-type';
import type { AwarenessLimits } from './awareness-guard';

export interface CollabOptions {
  maxMessageBytes: number;
  batchMs: number;
  compactAfter: number;
  pingIntervalMs: number;
  maxQueuedMessages: number;
  maxBufferedBytes: number;
}

export const DEFAULT_COLLAB_OPTIONS: CollabOptions = {
  maxMessageBytes: 4 * 1024 * 1024,
  // Within the 50–100 ms the issue allows: a person typing produces half as many records as at 50 ms.
  batchMs: 100,
  compactAfter: 200,
  pingIntervalMs: 30_000,
  maxQueuedMessages: 200,
  maxBufferedBytes: 16 * 1024 * 1024
};

export interface CollabServer {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Reads (or changes, with the server as origin) a document without a socket. */
  withDocument<T>(docName: string, fn: (doc: Y.Doc, shared: SharedDoc) => T | Promise<T>): Promise<T>;
  revalidate(recheck: AccessRecheck, filter?: (c: CollabConnection) => boolean): Promise<number>;
  /** Stores every pending write now. */
  flush(): Promise<void>;
  /** Resolves once what the document received so far is durable, in its own time (its batch is not hurried). */
  stored(docName: string): Promise<void>;
  /** Open documents, connections, and the bulk writes and compactions handed to storage since the start. */
  stats(): { documents: number; connections: number; writes: number; compactions: number };
  /** Whether the document is in memory (open, or not yet stored after its last client left). */
  isLoaded(docName: string): boolean;
  /** Closes all connections and stores every loaded document before resolving. */
  stop(): Promise<void>;
}

export function createCollabServer(deps: {
  persistence: CollabPersistence;
  /**
   * The declared kinds of documents (document-type.ts): a name no type matches is never opened. Each type's
   * schema and guard check every writer's update before it is applied; the server's own changes are not checked.
   */
  types: DocumentTypes;
  authorize: CollabAuthorizer;
  log: TransportLog;
  options?: Partial<CollabOptions>;
  awarenessLimits?: AwarenessLimits;
  /** The other nodes (several nodes on Redis, relay.ts); absent on a single node. */
  relay?: Relay;
}): CollabServer {
  const options = { ...DEFAULT_COLLAB_OPTIONS, ...deps.options };
  const window = new WriteWindow(deps.persistence, { batchMs: options.batchMs, retryMs: 200 }, deps.log);
  const registry = new DocumentRegistry(
    deps.persistence,
    window,
    { compactAfter: options.compactAfter },
    deps.log,
    deps.types,
    deps.awarenessLimits,
    deps.relay
  );
  const transport = new CollabTransport(registry, deps.authorize, options, deps.log);
  return {
    handleUpgrade: (request, socket, head) => transport.handleUpgrade(request, socket, head),
    withDocument: (docName, fn) => registry.use(docName, (shared) => fn(shared.doc, shared)),
    revalidate: (recheck, filter) => transport.revalidate(recheck, filter),
    flush: () => registry.flushAll(),
    stored: (docName) => registry.get(docName)?.writer.stored() ?? Promise.resolve(),
    stats: () => ({ documents: registry.size, connections: transport.connections.size, writes: window.writes, compactions: window.compactions }),
    isLoaded: (docName) => registry.has(docName),
    async stop() {
      await transport.close();
      await registry.settleAll();
    }
  };
}

export { SERVER_ORIGIN };
export { MemoryPersistence } from './persistence';
export type { AppendBatch, CollabPersistence, StoredDocument } from './persistence';
export type { AuthResult, CollabAuthorizer, AccessRecheck } from './transport';
export type { Principal } from './connection';
export { ALLOWED, inspectUpdate, refused } from './update-guard';
export type { Change, GuardVerdict, Inspection, Level, UpdateGuard } from './update-guard';
export { DocumentTypes, type DocumentType } from './document-type';
export { Relay, RELAY_ORIGIN, type RelayBus } from './relay';
export { s, type DocSchema } from './schema';
export { documentAuthorizer, type Authenticate } from './authorization';
