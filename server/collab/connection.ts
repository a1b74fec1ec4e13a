// One WebSocket attached to one document: decodes messages, queues them while the document loads (bounded),
// guards the send buffer, and closes itself with a named code when the peer misbehaves.
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { CLOSE_CODES } from '../../src/lib/shared/codes';
import { decodeMessage, MalformedMessage, type Incoming } from './protocol';
import type { Access, Principal } from './principal';
import { DocumentFailed, type Peer, type SharedDoc } from './shared-doc';

export type { Principal };

export interface ConnectionLimits {
  /** Messages a client may send before its document is loaded. */
  maxQueuedMessages: number;
  /** Bytes waiting in the socket before the peer is dropped as too slow. */
  maxBufferedBytes: number;
}


export interface ConnectionLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export class CollabConnection implements Peer {
  private queue: Incoming[] | null = [];
  private doc: SharedDoc | null = null;
  alive = true;

  constructor(
    readonly ws: WebSocket,
    readonly docName: string,
    readonly principal: Principal,
    public access: Access,
    private readonly limits: ConnectionLimits,
    private readonly log: ConnectionLog,
    /** The upgraded TCP socket under `ws`: broadcasts write their shared frame to it directly. */
    private readonly socket: Duplex
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(message: Uint8Array): void {
    if (!this.isOpen) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CLOSE_CODES.slowConsumer, 'too slow');
      return;
    }
    this.ws.send(message, { binary: true });
  }

  /**
   * Safe beside ws's own sends: without per-message compression ws writes every frame synchronously, so frames
   * never interleave.
   */
  sendFrame(frame: Buffer): void {
    if (!this.isOpen) return;
    if (this.socket.writableLength > this.limits.maxBufferedBytes) {
      this.close(CLOSE_CODES.slowConsumer, 'too slow');
      return;
    }
    this.socket.write(frame);
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.CLOSED || this.ws.readyState === this.ws.CLOSING) return;
    this.ws.close(code, reason);
  }

  /** Called once the document is loaded: replays what the client sent meanwhile, in order. */
  attach(doc: SharedDoc): void {
    this.doc = doc;
    doc.join(this);
    const queued = this.queue ?? [];
    this.queue = null;
    for (const message of queued) if (!this.apply(message)) return;
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    // ws calls this from its socket's data handler: whatever is thrown here must end this connection, never the
    // process.
    try {
      this.handle(data, isBinary);
    } catch (error) {
      this.refuse(error);
    }
  }

  private handle(data: Buffer, isBinary: boolean): void {
    if (!isBinary) throw new MalformedMessage('text frame');
    const message = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (this.queue) {
      if (this.queue.length >= this.limits.maxQueuedMessages) {
        this.close(CLOSE_CODES.tooManyMessages, 'too many messages before sync');
        return;
      }
      this.queue.push(message);
      return;
    }
    this.apply(message);
  }

  private apply(message: Incoming): boolean {
    try {
      this.doc!.receive(this, message);
      return true;
    } catch (error) {
      this.refuse(error);
      return false;
    }
  }

  /** Ends the connection after a message it sent could not be handled, with the code that says why. */
  private refuse(error: unknown): void {
    const details = { doc: this.docName, userId: this.principal.userId, reason: (error as Error)?.message };
    if (error instanceof MalformedMessage) {
      this.log.warn(details, 'collab: malformed message, closing the connection');
      this.close(CLOSE_CODES.malformedMessage, 'malformed message');
    } else if (error instanceof DocumentFailed) {
      this.close(CLOSE_CODES.documentReloaded, 'document reloaded');
    } else {
      this.log.error({ ...details, err: error }, 'collab: handling a message failed, closing the connection');
      this.close(CLOSE_CODES.messageFailed, 'message failed');
    }
  }
}
