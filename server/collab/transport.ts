// HTTP upgrade to WebSocket on /collab/<document>: authenticate and authorise first, then accept, attach the
// socket to its document, and keep it alive with pings. Knows nothing of storage or of who may do what.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE_CODES } from '../../src/lib/shared/codes';
import { CollabConnection, type ConnectionLimits, type ConnectionLog, type Principal } from './connection';
import type { DocumentRegistry } from './registry';
import type { Access, SharedDoc } from './shared-doc';

export const COLLAB_PATH = '/collab/';

export type AuthResult = { ok: true; principal: Principal; access: Access } | { ok: false; code: number; reason: string };

/** Decides who is asking (from the upgrade request) and what they may do with the named document. */
export type CollabAuthorizer = (request: IncomingMessage, docName: string) => Promise<AuthResult>;

/** Re-decides the access of an open connection, e.g. after a duo ended or a membership was revoked. */
export type AccessRecheck = (principal: Principal, docName: string) => Promise<Access | null>;

export interface TransportOptions extends ConnectionLimits {
  maxMessageBytes: number;
  pingIntervalMs: number;
}

export interface TransportLog extends ConnectionLog {
  error(details: object, message: string): void;
}

export class CollabTransport {
  private readonly wss: WebSocketServer;
  readonly connections = new Set<CollabConnection>();
  private readonly pinger: NodeJS.Timeout;

  constructor(
    private readonly registry: DocumentRegistry,
    private readonly authorize: CollabAuthorizer,
    private readonly options: TransportOptions,
    private readonly log: TransportLog
  ) {
    // ws closes a connection whose frame exceeds maxPayload with 1009, before buffering it whole.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
    this.pinger = setInterval(() => this.ping(), options.pingIntervalMs);
    this.pinger.unref();
  }

  static docNameOf(url: string | undefined): string | null {
    if (!url) return null;
    const path = url.split('?')[0];
    if (!path.startsWith(COLLAB_PATH)) return null;
    try {
      return decodeURIComponent(path.slice(COLLAB_PATH.length));
    } catch {
      return null;
    }
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A named function, not a closure: a closure here would share this call's scope and keep the whole upgrade
    // request alive for as long as the connection lives (about 1 KB per connection).
    socket.on('error', destroySocket);
    const docName = CollabTransport.docNameOf(request.url) ?? '';
    this.authorize(request, docName).then(
      (result) => this.accept(request, socket, head, docName, result),
      (error: unknown) => {
        this.log.error({ err: error, doc: docName }, 'collab: authorisation failed');
        this.accept(request, socket, head, docName, { ok: false, code: CLOSE_CODES.internalError, reason: 'error' });
      }
    );
  }

  private accept(request: IncomingMessage, socket: Duplex, head: Buffer, docName: string, result: AuthResult): void {
    if (socket.destroyed) return;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      // Refused peers get a named close code and not one byte of the document.
      if (!result.ok) {
        ws.close(result.code, result.reason);
        return;
      }
      this.open(ws, socket, docName, result.principal, result.access);
    });
  }

  private open(ws: WebSocket, socket: Duplex, docName: string, principal: Principal, access: Access): void {
    const connection = new CollabConnection(ws, docName, principal, access, this.options, this.log, socket);
    this.connections.add(connection);
    let acquired: SharedDoc | null = null;
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      this.connections.delete(connection);
      if (!acquired) return;
      acquired.leave(connection);
      void this.registry.release(docName, acquired);
    });
    this.registry.acquire(docName).then(
      (doc) => {
        if (!connection.isOpen) {
          // Closed or closing: released here, once. `acquired` stays null, so the close event (which may still
          // come, after a closing handshake) releases nothing a second time.
          void this.registry.release(docName, doc);
          return;
        }
        acquired = doc;
        try {
          connection.attach(doc);
        } catch (error) {
          this.log.error({ err: error, doc: docName }, 'collab: attaching a connection failed');
          connection.close(CLOSE_CODES.messageFailed, 'message failed');
        }
      },
      (error: unknown) => {
        this.log.error({ err: error, doc: docName }, 'collab: loading a document failed');
        connection.close(CLOSE_CODES.internalError, 'load failed');
      }
    );
  }

  private ping(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
  }

  /** Re-checks open connections (all, or those matching `filter`); closes those that lost access. */
  async revalidate(recheck: AccessRecheck, filter: (c: CollabConnection) => boolean = () => true): Promise<number> {
    let closed = 0;
    const targets = [...this.connections].filter(filter);
    await Promise.all(
      targets.map(async (connection) => {
        const access = await recheck(connection.principal, connection.docName);
        if (access === null) {
          connection.close(CLOSE_CODES.accessRevoked, 'access revoked');
          closed++;
        } else {
          connection.access = access;
        }
      })
    );
    return closed;
  }

  /** Closes every connection; their documents are then stored and unloaded by the registry. */
  async close(): Promise<void> {
    clearInterval(this.pinger);
    const closing = [...this.connections].map(
      (connection) =>
        new Promise<void>((resolve) => {
          if (connection.ws.readyState === connection.ws.CLOSED) return resolve();
          connection.ws.once('close', () => resolve());
          connection.close(CLOSE_CODES.serverShuttingDown, 'server shutting down');
          // A peer that never answers the close handshake must not hold the shutdown.
          setTimeout(() => connection.ws.terminate(), 2_000).unref();
        })
    );
    await Promise.all(closing);
    this.wss.close();
  }
}

function destroySocket(this: Duplex): void {
  this.destroy();
}
