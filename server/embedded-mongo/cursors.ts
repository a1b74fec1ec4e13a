import { Long, type Document } from 'bson';
import { randomBytes } from 'node:crypto';
import { cursorReply, encode, MAX_BATCH_BYTES } from './reply.ts';

/** Idle cursors are dropped after ten minutes, as MongoDB does by default. */
export const CURSOR_IDLE_MS = 10 * 60 * 1000;
export const DEFAULT_FIRST_BATCH = 101;

interface OpenCursor {
  ns: string;
  docs: Document[];
  position: number;
  lastUsed: number;
  transform: (docs: Document[]) => Document[];
}

/**
 * Open cursors over materialized results. Results hold references to immutable stored documents, so a
 * cursor sees the collection as it was when the query ran.
 */
export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Returns the first batch reply, registering a cursor when documents remain. */
  first(ns: string, docs: Document[], batchSize: number | undefined, singleBatch: boolean, transform = (d: Document[]) => d): Buffer {
    const cursor: OpenCursor = { ns, docs, position: 0, lastUsed: this.now(), transform };
    const batch = this.take(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    let id = Long.ZERO;
    if (!singleBatch && cursor.position < docs.length) {
      id = this.newId();
      this.cursors.set(id.toString(), cursor);
    }
    return cursorReply(ns, id, 'firstBatch', batch);
  }

  /** The next batch, or null when the id is unknown (killed, exhausted or expired). */
  next(id: Long, ns: string, batchSize: number | undefined): Buffer | null {
    const key = id.toString();
    const cursor = this.cursors.get(key);
    if (!cursor || cursor.ns !== ns) return null;
    cursor.lastUsed = this.now();
    const batch = this.take(cursor, batchSize && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER);
    const done = cursor.position >= cursor.docs.length;
    if (done) this.cursors.delete(key);
    return cursorReply(ns, done ? Long.ZERO : id, 'nextBatch', batch);
  }

  kill(id: Long): boolean {
    return this.cursors.delete(id.toString());
  }

  has(id: Long): boolean {
    return this.cursors.has(id.toString());
  }

  get size(): number {
    return this.cursors.size;
  }

  sweep(): void {
    const limit = this.now() - CURSOR_IDLE_MS;
    for (const [key, c] of this.cursors) if (c.lastUsed < limit) this.cursors.delete(key);
  }

  clear(): void {
    this.cursors.clear();
  }

  private take(cursor: OpenCursor, batchSize: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    let bytes = 0;
    const limit = Math.min(cursor.docs.length, cursor.position + (batchSize > 0 ? batchSize : DEFAULT_FIRST_BATCH));
    // Transform (projection) in slices so a large result is not projected all at once.
    while (cursor.position < limit) {
      const inputLen = Math.min(256, limit - cursor.position);
      const slice = cursor.transform(cursor.docs.slice(cursor.position, cursor.position + inputLen));
      for (let i = 0; i < slice.length; i++) {
        const encoded = encode(slice[i]);
        if (out.length > 0 && bytes + encoded.length > MAX_BATCH_BYTES) {
          cursor.position += i;
          return out;
        }
        out.push(encoded);
        bytes += encoded.length;
      }
      cursor.position += inputLen;
    }
    return out;
  }

  private newId(): Long {
    // Positive 63-bit ids, as MongoDB hands out.
    const b = randomBytes(8);
    b[7] &= 0x7f;
    const id = Long.fromBytesLE([...b]);
    return id.isZero() ? Long.ONE : id;
  }
}
