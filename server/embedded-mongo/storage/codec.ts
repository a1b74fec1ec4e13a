import { BSON, type Document } from 'bson';
import { DECODE_OPTIONS } from '../wire.ts';

// A record payload is a run of BSON documents back to back: each stays under BSON's own size limit even
// when a command wrote many large documents.

export function encodeDocuments(docs: Document[]): Buffer {
  return Buffer.concat(docs.map((d) => BSON.serialize(d)));
}

export function decodeDocuments(payload: Buffer): Document[] {
  const out: Document[] = [];
  let offset = 0;
  while (offset < payload.length) {
    const size = payload.readInt32LE(offset);
    if (size < 5 || offset + size > payload.length) throw new Error(`invalid document length ${size} inside a record`);
    out.push(BSON.deserialize(payload.subarray(offset, offset + size), DECODE_OPTIONS));
    offset += size;
  }
  return out;
}
