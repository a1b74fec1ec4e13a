import type { Document } from 'bson';
import net from 'node:net';
import { ConnectionAuth, type AuthConfig } from './auth/session.ts';
import { CommandDispatcher } from './commands/dispatch.ts';
import type { CommandContext, Logger, Reply } from './commands/context.ts';
import type { CursorRegistry } from './cursors.ts';
import { CommandError, ErrorCodes } from './errors.ts';
import type { QueryEngine } from './query.ts';
import { encode } from './reply.ts';
import type { Store } from './storage/store.ts';
import { encodeMsgReply, encodeOpReply, FrameError, FrameReader, parseFrame, type WireRequest } from './wire.ts';

export interface ServerDeps {
  store: Store;
  cursors: CursorRegistry;
  queries: QueryEngine;
  logger: Logger;
  /** The account clients must authenticate as; null lets every connection in (a private Unix socket). */
  auth: AuthConfig | null;
}

/** A TCP port on 127.0.0.1, or a Unix socket path. */
export type ListenTarget = { port: number } | { path: string };

/**
 * Front end on 127.0.0.1 or a Unix socket: frames requests, checks authentication, runs each connection's
 * requests in order, and answers on the opcode the request came in. A malformed frame closes only the connection that sent it.
 */
export class WireServer {
  private readonly server = net.createServer((socket) => this.accept(socket));
  private readonly sockets = new Set<net.Socket>();
  private readonly dispatcher = new CommandDispatcher();
  private nextConnectionId = 1;
  private nextRequestId = 1;

  constructor(private readonly deps: ServerDeps) {}

  /** Resolves with the TCP port listened on, or null on a Unix socket. */
  listen(target: ListenTarget): Promise<number | null> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      const done = () => {
        this.server.off('error', reject);
        resolve('port' in target ? (this.server.address() as net.AddressInfo).port : null);
      };
      if ('port' in target) this.server.listen(target.port, '127.0.0.1', done);
      else this.server.listen(target.path, done);
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const connectionId = this.nextConnectionId++;
    const reader = new FrameReader();
    const auth = new ConnectionAuth(this.deps.auth);
    const base = { ...this.deps, connectionId, saslMechanisms: auth.mechanisms };
    let queue = Promise.resolve();
    socket.on('data', (chunk) => {
      let frames: Buffer[];
      try {
        frames = reader.push(chunk);
      } catch (err) {
        this.reject(socket, connectionId, err);
        return;
      }
      for (const frame of frames) {
        let request: WireRequest;
        try {
          request = parseFrame(frame);
        } catch (err) {
          this.reject(socket, connectionId, err);
          return;
        }
        // A failure here (e.g. a reply that cannot be encoded) must not stall the queue: drop the connection.
        queue = queue
          .then(() => this.handle(socket, request, auth, { ...base, typed: request.typed }))
          .catch((err: unknown) => this.reject(socket, connectionId, err));
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  private reject(socket: net.Socket, connectionId: number, err: unknown): void {
    const msg = err instanceof FrameError ? err.message : ((err as Error)?.stack ?? String(err));
    this.deps.logger.warn(`embedded-mongo: closing connection ${connectionId}: ${msg}`);
    socket.destroy();
  }

  /** Runs a command unless this connection's authentication state answers it first. */
  private async run(body: Document, db: string, auth: ConnectionAuth, ctx: CommandContext): Promise<Reply> {
    const name = Object.keys(body)[0] ?? '';
    const answered = auth.intercept(name, body, db);
    if (answered) {
      if (answered.code === ErrorCodes.AuthenticationFailed) this.deps.logger.warn(`embedded-mongo: authentication failed on connection ${ctx.connectionId}`);
      return answered;
    }
    return this.dispatcher.run(body, db, ctx);
  }

  private async handle(socket: net.Socket, request: WireRequest, auth: ConnectionAuth, ctx: CommandContext): Promise<void> {
    if (socket.destroyed) return;
    if (request.kind === 'msg') {
      const reply =
        typeof request.body.$db === 'string'
          ? await this.run(request.body, request.body.$db, auth, ctx)
          : new CommandError('FailedToParse', "BSON field 'OP_MSG.$db' is missing but a required field").toReply();
      // moreToCome: the client reads no reply, and a stray one would be taken as the answer to its next command.
      if (request.moreToCome || socket.destroyed) return;
      socket.write(encodeMsgReply(this.nextRequestId++, request.requestId, toBytes(reply)));
      return;
    }
    const [db, target] = splitNamespace(request.fullCollectionName);
    let reply: Reply;
    if (target !== '$cmd') {
      reply = { $err: 'OP_QUERY is only supported for commands', code: 352, ok: 0 };
    } else {
      const body: Document = request.query.$query && typeof request.query.$query === 'object' ? (request.query.$query as Document) : request.query;
      const typed = body === request.query ? request.typed : () => request.typed().$query as Document;
      reply = await this.run(body, db, auth, { ...ctx, typed });
    }
    if (socket.destroyed) return;
    socket.write(encodeOpReply(this.nextRequestId++, request.requestId, toBytes(reply)));
  }
}

function toBytes(reply: Reply): Uint8Array {
  return reply instanceof Uint8Array ? reply : encode(reply);
}

function splitNamespace(ns: string): [string, string] {
  const dot = ns.indexOf('.');
  return dot < 0 ? [ns, ''] : [ns.slice(0, dot), ns.slice(dot + 1)];
}

