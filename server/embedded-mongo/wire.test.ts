import { BSON } from 'bson';
import { describe, expect, it } from 'vitest';
import { encodeMsgReply, encodeOpReply, FrameError, FrameReader, MAX_MESSAGE_BYTES, OP_MSG, OP_QUERY, OP_REPLY, parseFrame } from './wire.ts';

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opMsg(body: object, opts: { flags?: number; sequences?: Array<[string, object[]]>; requestId?: number } = {}): Buffer {
  const parts: Buffer[] = [];
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE(opts.flags ?? 0, 0);
  parts.push(flags, Buffer.from([0]), Buffer.from(BSON.serialize(body)));
  for (const [id, docs] of opts.sequences ?? []) {
    const payload = Buffer.concat([Buffer.from(id + '\0'), ...docs.map((d) => Buffer.from(BSON.serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4, 0);
    parts.push(Buffer.from([1]), size, payload);
  }
  const rest = Buffer.concat(parts);
  return Buffer.concat([header(16 + rest.length, opts.requestId ?? 7, OP_MSG), rest]);
}

describe('FrameReader', () => {
  it('reassembles frames split across chunks and splits frames sharing a chunk', () => {
    const a = opMsg({ ping: 1, $db: 'admin' }, { requestId: 1 });
    const b = opMsg({ hello: 1, $db: 'admin' }, { requestId: 2 });
    const all = Buffer.concat([a, b]);
    const reader = new FrameReader();
    const frames: Buffer[] = [];
    for (let i = 0; i < all.length; i += 3) frames.push(...reader.push(all.subarray(i, i + 3)));
    expect(frames.map((f) => f.readInt32LE(4))).toEqual([1, 2]);
    expect(Buffer.concat(frames).equals(all)).toBe(true);
  });

  it('rejects lengths below the header size or above the 48 MB limit', () => {
    expect(() => new FrameReader().push(header(8, 1, OP_MSG))).toThrow(FrameError);
    expect(() => new FrameReader().push(header(MAX_MESSAGE_BYTES + 1, 1, OP_MSG))).toThrow(/Max: 48000000/);
  });
});

describe('parseFrame', () => {
  it('merges kind-1 document sequences into the body under their identifier', () => {
    const frame = opMsg({ insert: 'c', $db: 'd' }, { sequences: [['documents', [{ a: 1 }, { a: 2 }]]] });
    const req = parseFrame(frame);
    expect(req.kind).toBe('msg');
    if (req.kind !== 'msg') return;
    expect(req.body.documents).toEqual([{ a: 1 }, { a: 2 }]);
    expect(req.moreToCome).toBe(false);
  });

  it('reports moreToCome', () => {
    const req = parseFrame(opMsg({ endSessions: [], $db: 'admin' }, { flags: 2 }));
    expect(req.kind === 'msg' && req.moreToCome).toBe(true);
  });

  it('parses the legacy OP_QUERY handshake', () => {
    const ns = Buffer.from('admin.$cmd\0');
    const rest = Buffer.concat([Buffer.alloc(4), ns, Buffer.alloc(8), Buffer.from(BSON.serialize({ ismaster: 1, helloOk: true }))]);
    const req = parseFrame(Buffer.concat([header(16 + rest.length, 3, OP_QUERY), rest]));
    expect(req).toMatchObject({ kind: 'query', fullCollectionName: 'admin.$cmd', query: { ismaster: 1 } });
  });

  it('rejects invalid BSON, unknown section kinds, unknown opcodes and length mismatches', () => {
    const good = opMsg({ ping: 1 });
    const badBson = Buffer.from(good);
    badBson.writeInt32LE(1000, 21); // body length beyond the frame
    expect(() => parseFrame(badBson)).toThrow(FrameError);
    const badKind = Buffer.from(good);
    badKind[20] = 9;
    expect(() => parseFrame(badKind)).toThrow(/section kind/);
    const badOp = Buffer.from(good);
    badOp.writeInt32LE(2004 + 1, 12);
    expect(() => parseFrame(badOp)).toThrow(/opCode/);
    expect(() => parseFrame(good.subarray(0, good.length - 1))).toThrow(/length/);
  });
});

describe('replies', () => {
  it('encodes OP_MSG with flags 0 and one kind-0 section', () => {
    const body = BSON.serialize({ ok: 1 });
    const reply = encodeMsgReply(5, 9, body);
    expect(reply.readInt32LE(0)).toBe(reply.length);
    expect(reply.readInt32LE(8)).toBe(9);
    expect(reply.readInt32LE(12)).toBe(OP_MSG);
    expect(reply.readUInt32LE(16)).toBe(0);
    expect(reply[20]).toBe(0);
    expect(BSON.deserialize(reply.subarray(21))).toEqual({ ok: 1 });
  });

  it('encodes OP_REPLY with one document', () => {
    const reply = encodeOpReply(5, 9, BSON.serialize({ ismaster: true }));
    expect(reply.readInt32LE(12)).toBe(OP_REPLY);
    expect(reply.readInt32LE(32)).toBe(1);
    expect(BSON.deserialize(reply.subarray(36))).toEqual({ ismaster: true });
  });
});
