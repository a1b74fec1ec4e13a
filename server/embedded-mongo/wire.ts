import { BSON, type Document } from 'bson';

// Framing of the MongoDB wire protocol: the only opcodes the driver sends are OP_QUERY (legacy handshake)
// and OP_MSG; replies go back as OP_REPLY and OP_MSG respectively.
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const MAX_MESSAGE_BYTES = 48_000_000;
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
const HEADER_BYTES = 16;

const FLAG_CHECKSUM_PRESENT = 1;
const FLAG_MORE_TO_COME = 2;
const KNOWN_FLAGS = FLAG_CHECKSUM_PRESENT | FLAG_MORE_TO_COME | (1 << 16);

/**
 * Command arguments and filters are decoded with plain JS numbers (what mingo understands); Longs stay Long so
 * values beyond 2^53 are never rounded.
 */
export const DECODE_OPTIONS: BSON.DeserializeOptions = { promoteLongs: false, promoteBuffers: false };

/**
 * Documents to be stored are decoded keeping every BSON width (Int32, Double, Long) and regex options as
 * sent, so that what is read back is byte for byte what was written.
 */
export const TYPED_DECODE_OPTIONS: BSON.DeserializeOptions = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true };

/** A frame that cannot be understood; the connection that sent it is closed, nothing else is affected. */
export class FrameError extends Error {}

export interface MsgRequest {
  kind: 'msg';
  requestId: number;
  moreToCome: boolean;
  body: Document;
  /** The same body decoded with TYPED_DECODE_OPTIONS, on demand (only writes need it). */
  typed: () => Document;
}

export interface QueryRequest {
  kind: 'query';
  requestId: number;
  fullCollectionName: string;
  query: Document;
  typed: () => Document;
}

export type WireRequest = MsgRequest | QueryRequest;

/** Accumulates socket chunks and hands out complete frames. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const frames: Buffer[] = [];
    while (this.size >= 4) {
      const head = this.chunks[0].length >= 4 ? this.chunks[0] : this.merge();
      const length = head.readInt32LE(0);
      if (length < HEADER_BYTES || length > MAX_MESSAGE_BYTES) {
        throw new FrameError(`message length ${length} is invalid. Min ${HEADER_BYTES} Max: ${MAX_MESSAGE_BYTES}`);
      }
      if (this.size < length) break;
      const all = this.merge();
      frames.push(all.subarray(0, length));
      const rest = all.subarray(length);
      this.chunks = rest.length ? [rest] : [];
      this.size = rest.length;
    }
    return frames;
  }

  private merge(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.size)];
    return this.chunks[0];
  }
}

function decodeDocument(buf: Buffer, offset: number, limit: number, options = DECODE_OPTIONS): { doc: Document; size: number } {
  if (offset + 5 > limit) throw new FrameError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > limit) throw new FrameError(`invalid BSON document length ${size}`);
  try {
    const doc = BSON.deserialize(buf.subarray(offset, offset + size), options);
    return { doc, size };
  } catch (err) {
    throw new FrameError(`invalid BSON: ${(err as Error).message}`);
  }
}

function readCString(buf: Buffer, offset: number, limit: number): { value: string; next: number } {
  const end = buf.indexOf(0, offset);
  if (end < 0 || end >= limit) throw new FrameError('unterminated cstring');
  return { value: buf.toString('utf8', offset, end), next: end + 1 };
}

/** Parses one complete frame. Document sequences (kind 1) are merged into the body under their identifier. */
export function parseFrame(frame: Buffer): WireRequest {
  const length = frame.readInt32LE(0);
  const requestId = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12);
  if (length !== frame.length) throw new FrameError('frame length mismatch');
  if (opCode === OP_MSG) {
    const { body, moreToCome } = parseMsg(frame, DECODE_OPTIONS);
    let typed: Document | undefined;
    return { kind: 'msg', requestId, moreToCome, body, typed: () => (typed ??= parseMsg(frame, TYPED_DECODE_OPTIONS).body) };
  }
  if (opCode === OP_QUERY) return parseQuery(frame, requestId);
  if (opCode === OP_COMPRESSED) throw new FrameError('OP_COMPRESSED is not supported (no compressor was offered)');
  throw new FrameError(`unsupported opCode ${opCode}`);
}

function parseMsg(frame: Buffer, options: BSON.DeserializeOptions): { body: Document; moreToCome: boolean } {
  if (frame.length < HEADER_BYTES + 5) throw new FrameError('OP_MSG too short');
  const flags = frame.readUInt32LE(HEADER_BYTES);
  if (flags & ~KNOWN_FLAGS & 0xffff) throw new FrameError(`unknown required OP_MSG flag bits ${flags}`);
  const limit = flags & FLAG_CHECKSUM_PRESENT ? frame.length - 4 : frame.length;
  let offset = HEADER_BYTES + 4;
  let body: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < limit) {
    const kind = frame[offset++];
    if (kind === 0) {
      if (body) throw new FrameError('OP_MSG has more than one body section');
      const { doc, size } = decodeDocument(frame, offset, limit, options);
      body = doc;
      offset += size;
    } else if (kind === 1) {
      if (offset + 4 > limit) throw new FrameError('truncated document sequence');
      const seqSize = frame.readInt32LE(offset);
      const seqEnd = offset + seqSize;
      if (seqSize < 5 || seqEnd > limit) throw new FrameError('invalid document sequence length');
      const id = readCString(frame, offset + 4, seqEnd);
      const docs: Document[] = [];
      let p = id.next;
      while (p < seqEnd) {
        const { doc, size } = decodeDocument(frame, p, seqEnd, options);
        docs.push(doc);
        p += size;
      }
      sequences.push([id.value, docs]);
      offset = seqEnd;
    } else {
      throw new FrameError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new FrameError('OP_MSG without a body section');
  for (const [id, docs] of sequences) {
    const existing = body[id];
    body[id] = Array.isArray(existing) ? [...existing, ...docs] : docs;
  }
  return { moreToCome: (flags & FLAG_MORE_TO_COME) !== 0, body };
}

function parseQuery(frame: Buffer, requestId: number): QueryRequest {
  let offset = HEADER_BYTES + 4; // flags are irrelevant for commands
  const name = readCString(frame, offset, frame.length);
  offset = name.next + 8; // numberToSkip, numberToReturn
  const { doc } = decodeDocument(frame, offset, frame.length);
  const typed = () => decodeDocument(frame, offset, frame.length, TYPED_DECODE_OPTIONS).doc;
  return { kind: 'query', requestId, fullCollectionName: name.value, query: doc, typed };
}

function header(out: Buffer, total: number, requestId: number, responseTo: number, opCode: number): void {
  out.writeInt32LE(total, 0);
  out.writeInt32LE(requestId, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(opCode, 12);
}

/** OP_MSG reply: flags 0 and a single kind-0 section (a kind-1 section would make the driver throw). */
export function encodeMsgReply(requestId: number, responseTo: number, body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + 5 + body.length);
  header(out, out.length, requestId, responseTo, OP_MSG);
  out.writeUInt32LE(0, HEADER_BYTES);
  out[HEADER_BYTES + 4] = 0;
  out.set(body, HEADER_BYTES + 5);
  return out;
}

/** OP_REPLY with one document, used only to answer OP_QUERY (the handshake). */
export function encodeOpReply(requestId: number, responseTo: number, doc: Uint8Array, responseFlags = 0): Buffer {
  const out = Buffer.alloc(HEADER_BYTES + 20 + doc.length);
  header(out, out.length, requestId, responseTo, OP_REPLY);
  out.writeInt32LE(responseFlags, HEADER_BYTES);
  // cursorID (8 bytes) and startingFrom stay 0; one document returned.
  out.writeInt32LE(1, HEADER_BYTES + 16);
  out.set(doc, HEADER_BYTES + 20);
  return out;
}
