import { BSON, type Document } from 'bson';
import { DECODE_OPTIONS, TYPED_DECODE_OPTIONS } from '../wire.ts';

// A record payload is a run of BSON documents back to back: each stays under BSON's own size limit even
// when a command wrote many large documents. Stored documents come back with their exact BSON widths;
// metadata (index specs, options) with plain numbers, as the rest of the engine expects.

export function encodeDocuments(docs: Document[]): Buffer {
  return Buffer.concat(docs.map((d) => BSON.serialize(d)));
}

function* split(payload: Buffer): Generator<Buffer> {
  let offset = 0;
  while (offset < payload.length) {
    const size = payload.readInt32LE(offset);
    if (size < 5 || offset + size > payload.length) throw new Error(`invalid document length ${size} inside a record`);
    yield payload.subarray(offset, offset + size);
    offset += size;
  }
}

const DATA_OPS = new Set(['put', 'del']);

/** Journal operations: `put` documents and `del` ids typed, everything else plain. */
export function decodeOps(payload: Buffer): Document[] {
  const out: Document[] = [];
  for (const bytes of split(payload)) {
    const typed = BSON.deserialize(bytes, TYPED_DECODE_OPTIONS);
    out.push(DATA_OPS.has(typed.op as string) ? typed : BSON.deserialize(bytes, DECODE_OPTIONS));
  }
  return out;
}

/** Snapshot records: a plain metadata document followed by typed stored documents. */
export function decodeSnapshotRecord(payload: Buffer): { meta: Document; docs: Document[] } {
  const parts = [...split(payload)];
  if (!parts.length) throw new Error('empty snapshot record');
  return {
    meta: BSON.deserialize(parts[0], DECODE_OPTIONS),
    docs: parts.slice(1).map((b) => BSON.deserialize(b, TYPED_DECODE_OPTIONS))
  };
}
