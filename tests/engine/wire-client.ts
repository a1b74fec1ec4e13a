// A tiny MongoDB wire client for bad-input tests: it builds OP_MSG / OP_QUERY frames with `bson` (and lets the
// tests break them on purpose), and reads back either a reply or the server closing the connection.
import { connect, type Socket } from 'node:net';
import { BSON, type Document } from 'bson';

// Oversized-input tests build documents past 16 MB; bson's default scratch buffer is only 17 MB.
BSON.setInternalBufferSize(64 * 1024 * 1024);

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const MORE_TO_COME = 2;

let nextRequestId = 1;
export function newRequestId(): number {
  return nextRequestId++;
}

/** A 16-byte header; `length` may be given to lie about the frame size. */
export function header(length: number, requestId: number, opCode: number, responseTo = 0): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export interface Sequence {
  id: string;
  docs: Document[];
}

/** The payload of an OP_MSG after the header: flagBits, a kind-0 body, then kind-1 sequences. */
export function opMsgPayload(body: Document | Buffer, sequences: Sequence[] = [], flags = 0): Buffer {
  const parts: Buffer[] = [];
  const f = Buffer.alloc(4);
  f.writeUInt32LE(flags, 0);
  parts.push(f, Buffer.from([0]), Buffer.isBuffer(body) ? body : Buffer.from(BSON.serialize(body)));
  for (const s of sequences) {
    const docs = Buffer.concat(s.docs.map((d) => Buffer.from(BSON.serialize(d))));
    const id = Buffer.from(`${s.id}\0`, 'utf8');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + docs.length, 0);
    parts.push(Buffer.from([1]), size, id, docs);
  }
  return Buffer.concat(parts);
}

/** A well-formed OP_MSG frame. */
export function opMsg(body: Document | Buffer, opts: { sequences?: Sequence[]; flags?: number; requestId?: number } = {}): Buffer {
  const payload = opMsgPayload(body, opts.sequences, opts.flags ?? 0);
  return Buffer.concat([header(16 + payload.length, opts.requestId ?? newRequestId(), OP_MSG), payload]);
}

/** A legacy OP_QUERY frame (used by the handshake). */
export function opQuery(ns: string, query: Document, requestId = newRequestId()): Buffer {
  const flags = Buffer.alloc(4);
  const nsBuf = Buffer.from(`${ns}\0`, 'utf8');
  const skipLimit = Buffer.alloc(8);
  skipLimit.writeInt32LE(-1, 4);
  const payload = Buffer.concat([flags, nsBuf, skipLimit, Buffer.from(BSON.serialize(query))]);
  return Buffer.concat([header(16 + payload.length, requestId, OP_QUERY), payload]);
}

export interface Reply {
  opCode: number;
  responseTo: number;
  flags: number;
  doc: Document;
}

export type Outcome = { kind: 'reply'; reply: Reply } | { kind: 'closed' } | { kind: 'timeout' };

/** One raw TCP connection that collects whole reply frames as they arrive. */
export class RawConnection {
  private buf = Buffer.alloc(0);
  private replies: Reply[] = [];
  private closed = false;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      this.parse();
      this.wake();
    });
    const onEnd = () => {
      this.closed = true;
      this.wake();
    };
    socket.on('close', onEnd);
    socket.on('end', onEnd);
    // Writes racing a server-side close raise EPIPE/ECONNRESET; the test observes the close instead.
    socket.on('error', onEnd);
  }

  static open(endpoint: { path: string } | { host: string; port: number }): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = connect(endpoint, () => {
        s.removeListener('error', reject);
        resolve(new RawConnection(s));
      });
      s.once('error', reject);
    });
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private parse() {
    while (this.buf.length >= 4) {
      const len = this.buf.readInt32LE(0);
      // Anything that is not a sane reply frame (e.g. an HTTP answer) is kept unparsed; tests only look at close.
      if (len < 16 || len > 64 * 1024 * 1024 || this.buf.length < len) return;
      const frame = this.buf.subarray(0, len);
      this.buf = this.buf.subarray(len);
      const opCode = frame.readInt32LE(12);
      const responseTo = frame.readInt32LE(8);
      if (opCode === OP_MSG) {
        const flags = frame.readUInt32LE(16);
        // A reply carries a single kind-0 section right after flagBits.
        const doc = BSON.deserialize(frame.subarray(21));
        this.replies.push({ opCode, responseTo, flags, doc });
      } else if (opCode === OP_REPLY) {
        const doc = BSON.deserialize(frame.subarray(36));
        this.replies.push({ opCode, responseTo, flags: frame.readInt32LE(16), doc });
      } else {
        this.replies.push({ opCode, responseTo, flags: 0, doc: {} });
      }
    }
  }

  write(data: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(data);
  }

  /** Writes the bytes in chunks of `size`, yielding to the event loop between them so they leave separately. */
  async writeInPieces(data: Buffer, size: number): Promise<void> {
    for (let i = 0; i < data.length; i += size) {
      this.write(data.subarray(i, i + size));
      await new Promise((r) => setImmediate(r));
    }
  }

  /** The next reply, or 'closed' if the server closed the connection, or 'timeout'. */
  async next(timeoutMs = 5_000): Promise<Outcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = this.replies.shift();
      if (r) return { kind: 'reply', reply: r };
      if (this.closed) return { kind: 'closed' };
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'timeout' };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves true once the server has closed the connection, false after `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  pendingReplies(): number {
    return this.replies.length;
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * The BSON bytes of { a: { a: { ... {} } } } nested `depth` levels, built iteratively: a recursive serializer
 * would overflow its own stack before the server is tested.
 */
export function nestedDocument(depth: number): Buffer {
  const size = 5 + 8 * depth;
  const buf = Buffer.alloc(size);
  for (let k = 0; k <= depth; k++) {
    const start = 7 * k;
    const len = size - 8 * k;
    buf.writeInt32LE(len, start);
    if (k < depth) {
      buf[start + 4] = 0x03; // embedded document
      buf[start + 5] = 0x61; // 'a'
      buf[start + 6] = 0x00;
    }
    buf[start + len - 1] = 0x00;
  }
  return buf;
}

/** A BSON document from already-encoded elements (type byte, name, value bytes). */
export function rawDocument(elements: Array<{ type: number; name: string; value: Buffer }>): Buffer {
  const body = Buffer.concat(elements.map((e) => Buffer.concat([Buffer.from([e.type]), Buffer.from(`${e.name}\0`, 'utf8'), e.value])));
  const len = Buffer.alloc(4);
  len.writeInt32LE(4 + body.length + 1, 0);
  return Buffer.concat([len, body, Buffer.from([0])]);
}

/** A BSON string value (int32 length including the terminator, bytes, NUL). */
export function bsonString(s: string): Buffer {
  const bytes = Buffer.from(`${s}\0`, 'utf8');
  const len = Buffer.alloc(4);
  len.writeInt32LE(bytes.length, 0);
  return Buffer.concat([len, bytes]);
}
