import { BSON, Long, type Document } from 'bson';

// Cursor replies are assembled from already-serialized documents so each document is encoded once and the
// batch can be cut at MongoDB's 16 MB reply limit without encoding it twice.

export const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;

function cstring(s: string): Buffer {
  return Buffer.from(s + '\0', 'utf8');
}

function element(type: number, name: string, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), cstring(name), value]);
}

function documentOf(elements: Buffer[]): Buffer {
  const size = 4 + elements.reduce((n, e) => n + e.length, 0) + 1;
  const head = Buffer.allocUnsafe(4);
  head.writeInt32LE(size, 0);
  return Buffer.concat([head, ...elements, Buffer.from([0])], size);
}

function stringValue(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  const len = Buffer.allocUnsafe(4);
  len.writeInt32LE(bytes.length + 1, 0);
  return Buffer.concat([len, bytes, Buffer.from([0])]);
}

function int64Value(id: Long): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeInt32LE(id.low, 0);
  b.writeInt32LE(id.high, 4);
  return b;
}

/** `{cursor: {<batchKey>: [...docs], id: Long, ns}, ok: 1}` built from encoded documents. */
export function cursorReply(ns: string, id: Long, batchKey: 'firstBatch' | 'nextBatch', docs: Uint8Array[]): Buffer {
  const batch = documentOf(docs.map((d, i) => element(0x03, String(i), Buffer.from(d.buffer, d.byteOffset, d.length))));
  const cursor = documentOf([element(0x04, batchKey, batch), element(0x12, 'id', int64Value(id)), element(0x02, 'ns', stringValue(ns))]);
  const ok = Buffer.allocUnsafe(8);
  ok.writeDoubleLE(1, 0);
  return documentOf([element(0x03, 'cursor', cursor), element(0x01, 'ok', ok)]);
}

export function encode(doc: Document): Uint8Array {
  return BSON.serialize(doc, { ignoreUndefined: true });
}
