import { BSON, Long, type Document } from 'bson';

// Cursor replies are assembled from already-serialized documents so each document is encoded once and the
// batch can be cut at MongoDB's 16 MB reply limit without encoding it twice.

export const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;

/**
 * `{cursor: {<batchKey>: [...docs], id: Long, ns}, ok: 1.0}` written straight into one buffer from the
 * encoded documents (sizes are known up front, so nothing is copied twice).
 */
export function cursorReply(ns: string, id: Long, batchKey: 'firstBatch' | 'nextBatch', docs: Uint8Array[]): Buffer {
  const nsBytes = Buffer.byteLength(ns, 'utf8');
  const keys = docs.map((_, i) => String(i));
  const arraySize = 4 + docs.reduce((n, d, i) => n + 1 + keys[i].length + 1 + d.length, 0) + 1;
  const cursorSize = 4 + (1 + batchKey.length + 1 + arraySize) + (1 + 3 + 8) + (1 + 3 + 4 + nsBytes + 1) + 1;
  const total = 4 + (1 + 7 + cursorSize) + (1 + 3 + 8) + 1;
  const out = Buffer.allocUnsafe(total);
  let p = 0;
  const int32 = (v: number) => (p = out.writeInt32LE(v, p));
  const name = (type: number, key: string) => {
    out[p++] = type;
    p += out.write(key, p, 'latin1');
    out[p++] = 0;
  };
  int32(total);
  name(0x03, 'cursor');
  int32(cursorSize);
  name(0x04, batchKey);
  int32(arraySize);
  docs.forEach((d, i) => {
    name(0x03, keys[i]);
    out.set(d, p);
    p += d.length;
  });
  out[p++] = 0;
  name(0x12, 'id');
  int32(id.low);
  int32(id.high);
  name(0x02, 'ns');
  int32(nsBytes + 1);
  p += out.write(ns, p, 'utf8');
  out[p++] = 0;
  out[p++] = 0;
  name(0x01, 'ok');
  p = out.writeDoubleLE(1, p);
  out[p++] = 0;
  if (p !== total) throw new Error(`bug: cursor reply size ${p} != ${total}`);
  return out;
}

export function encode(doc: Document): Uint8Array {
  return BSON.serialize(doc, { ignoreUndefined: true });
}
