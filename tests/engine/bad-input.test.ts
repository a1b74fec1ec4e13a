// Hostile or broken wire input: for each, the server must answer with an error or close THAT connection, and
// a separate mongoose connection must keep working meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { BSON } from 'bson';
import { openTarget, type Target, type AnyModel } from './target.ts';
import {
  RawConnection,
  header,
  opMsg,
  opMsgPayload,
  opQuery,
  newRequestId,
  nestedDocument,
  rawDocument,
  bsonString,
  OP_MSG,
  OP_REPLY,
  MORE_TO_COME,
  type Outcome
} from './wire-client.ts';

let t: Target;
let Witness: AnyModel;
let witnessCount = 0;
const open: RawConnection[] = [];

beforeAll(async () => {
  t = await openTarget('bad_input');
  Witness = t.conn.model<any>('Witness', new mongoose.Schema({ name: String, n: Number }));
  await Witness.init();
});
afterAll(async () => {
  for (const c of open) c.close();
  await t?.close();
});

async function raw(): Promise<RawConnection> {
  const c = await RawConnection.open(t.endpoint);
  open.push(c);
  return c;
}

/** The separate mongoose connection still reads and writes. */
async function witnessStillWorks() {
  witnessCount++;
  await Witness.create({ name: 'Amélie Dubois', n: witnessCount });
  expect(await Witness.countDocuments()).toBe(witnessCount);
}

/** An error reply (ok:0) or the connection closed; never silence, never success. */
function expectRefused(o: Outcome) {
  if (o.kind === 'timeout') throw new Error('the server neither answered nor closed the connection');
  if (o.kind === 'reply') expect(o.reply.doc.ok).toBe(0);
}

const db = () => t.dbName;

describe('well-formed but unusual framing still works', () => {
  it('a frame sent one byte at a time, and two frames in one write', async () => {
    const c = await raw();
    const id = newRequestId();
    await c.writeInPieces(opMsg({ ping: 1, $db: 'admin' }, { requestId: id }), 1);
    const o = await c.next();
    expect(o.kind === 'reply' && o.reply.doc.ok === 1 && o.reply.responseTo === id).toBe(true);
    c.write(Buffer.concat([opMsg({ ping: 1, $db: 'admin' }), opMsg({ ping: 1, $db: 'admin' })]));
    expect((await c.next()).kind).toBe('reply');
    expect((await c.next()).kind).toBe('reply');
  });

  it('the legacy OP_QUERY handshake gets an OP_REPLY', async () => {
    const c = await raw();
    c.write(opQuery('admin.$cmd', { isMaster: 1 }));
    const o = await c.next();
    expect(o.kind).toBe('reply');
    if (o.kind === 'reply') {
      expect(o.reply.opCode).toBe(OP_REPLY);
      expect(o.reply.doc.ok).toBe(1);
      expect(o.reply.doc.maxWireVersion).toBeGreaterThanOrEqual(9);
    }
  });

  it('a kind-1 document sequence is merged into the command', async () => {
    const c = await raw();
    c.write(opMsg({ insert: 'witnesses_seq', $db: db() }, { sequences: [{ id: 'documents', docs: [{ a: 1 }, { a: 2 }] }] }));
    const o = await c.next();
    expect(o.kind === 'reply' && o.reply.doc.ok === 1 && o.reply.doc.n === 2).toBe(true);
  });

  it('a moreToCome request gets no reply; the next request gets its own reply', async () => {
    const c = await raw();
    c.write(opMsg({ insert: 'quiet', documents: [{ q: 1 }], writeConcern: { w: 0 }, $db: db() }, { flags: MORE_TO_COME }));
    const id = newRequestId();
    c.write(opMsg({ count: 'quiet', $db: db() }, { requestId: id }));
    const o = await c.next();
    expect(o.kind).toBe('reply');
    if (o.kind === 'reply') {
      expect(o.reply.responseTo).toBe(id);
      expect(o.reply.doc.n).toBe(1);
    }
    expect(c.pendingReplies()).toBe(0);
  });
});

describe('broken frames are refused and only that connection suffers', () => {
  it('messageLength smaller than a header', async () => {
    const c = await raw();
    c.write(Buffer.concat([header(8, newRequestId(), OP_MSG), Buffer.alloc(8)]));
    expectRefused(await c.next());
    await witnessStillWorks();
  });

  it('messageLength negative', async () => {
    const c = await raw();
    c.write(header(-5, newRequestId(), OP_MSG));
    expectRefused(await c.next());
    await witnessStillWorks();
  });

  it('messageLength above 48 MB is refused from the header alone, without waiting for the body', async () => {
    const c = await raw();
    c.write(header(64 * 1024 * 1024, newRequestId(), OP_MSG));
    c.write(Buffer.alloc(1024));
    expectRefused(await c.next());
    await witnessStillWorks();
  });

  it('a message of 48,000,001 bytes actually sent', async () => {
    const c = await raw();
    const size = 48_000_001;
    const frame = Buffer.alloc(size);
    header(size, newRequestId(), OP_MSG).copy(frame, 0);
    c.write(frame);
    expectRefused(await c.next(15_000));
    await witnessStillWorks();
  });

  it('a document over 16 MB in a document sequence is not stored', async () => {
    const c = await raw();
    const big = { name: 'Joris Van den Broeck', blob: 'x'.repeat(17 * 1024 * 1024) };
    c.write(opMsg({ insert: 'witnesses', $db: db() }, { sequences: [{ id: 'documents', docs: [big] }] }));
    const o = await c.next(15_000);
    if (o.kind === 'timeout') throw new Error('no answer to an oversized document');
    if (o.kind === 'reply') expect(o.reply.doc.ok === 0 || (o.reply.doc.writeErrors?.length ?? 0) > 0).toBe(true);
    await witnessStillWorks();
    expect(await Witness.countDocuments({ name: 'Joris Van den Broeck' })).toBe(0);
  });

  it('a command body over 16 MB', async () => {
    const c = await raw();
    c.write(opMsg({ insert: 'witnesses', documents: [{ blob: 'y'.repeat(17 * 1024 * 1024) }], $db: db() }));
    const o = await c.next(15_000);
    if (o.kind === 'timeout') throw new Error('no answer to an oversized body');
    if (o.kind === 'reply') expect(o.reply.doc.ok === 0 || (o.reply.doc.writeErrors?.length ?? 0) > 0).toBe(true);
    await witnessStillWorks();
  });

  it('invalid BSON: unknown element type', async () => {
    const c = await raw();
    const body = Buffer.from(BSON.serialize({ ping: 1, $db: 'admin' }));
    body[4] = 0x19; // not a BSON type
    c.write(opMsg(body));
    expectRefused(await c.next());
    await witnessStillWorks();
  });

  it('invalid BSON: a string whose length runs past the document', async () => {
    const c = await raw();
    const body = Buffer.from(BSON.serialize({ find: 'witnesses', $db: 'admin' }));
    // {find: 'witnesses'}: type(1) + 'find\0'(5) after the 4-byte size, then the int32 string length.
    body.writeInt32LE(0x7fff, 4 + 1 + 5);
    c.write(opMsg(body));
    expectRefused(await c.next());
    await witnessStillWorks();
  });

  it('invalid BSON: document size larger than the section, and a missing terminator', async () => {
    const c1 = await raw();
    const body = Buffer.from(BSON.serialize({ ping: 1, $db: 'admin' }));
    const lying = Buffer.from(body);
    lying.writeInt32LE(body.length + 40, 0);
    c1.write(opMsg(lying));
    expectRefused(await c1.next());
    const c2 = await raw();
    const unterminated = Buffer.from(body);
    unterminated[unterminated.length - 1] = 0x01;
    c2.write(opMsg(unterminated));
    expectRefused(await c2.next());
    await witnessStillWorks();
  });

  it('truncated sections: a kind-1 size past the frame end, a frame with no body, an unknown section kind', async () => {
    const payload = opMsgPayload({ insert: 'witnesses', $db: db() }, [{ id: 'documents', docs: [{ a: 1 }] }]);
    // The kind-1 size field sits right after flagBits, kind byte, body; make it claim 1000 more bytes.
    const bodyLen = BSON.serialize({ insert: 'witnesses', $db: db() }).length;
    payload.writeInt32LE(payload.readInt32LE(4 + 1 + bodyLen + 1) + 1000, 4 + 1 + bodyLen + 1);
    const cases = [
      Buffer.concat([header(16 + payload.length, newRequestId(), OP_MSG), payload]),
      Buffer.concat([header(20, newRequestId(), OP_MSG), Buffer.alloc(4)]),
      (() => {
        const p = opMsgPayload({ ping: 1, $db: 'admin' });
        const extra = Buffer.from([5, 1, 2, 3, 4]);
        return Buffer.concat([header(16 + p.length + extra.length, newRequestId(), OP_MSG), p, extra]);
      })(),
      (() => {
        // A body cut short: the frame ends in the middle of the kind-0 document.
        const p = opMsgPayload({ ping: 1, $db: 'admin' }).subarray(0, 12);
        return Buffer.concat([header(16 + p.length, newRequestId(), OP_MSG), p]);
      })()
    ];
    for (const frame of cases) {
      const c = await raw();
      c.write(frame);
      expectRefused(await c.next());
    }
    expect(await Witness.countDocuments({ a: 1 })).toBe(0);
    await witnessStillWorks();
  });

  it('two kind-0 bodies in one message', async () => {
    const c = await raw();
    const p = opMsgPayload({ ping: 1, $db: 'admin' });
    const second = Buffer.concat([Buffer.from([0]), Buffer.from(BSON.serialize({ ping: 1, $db: 'admin' }))]);
    c.write(Buffer.concat([header(16 + p.length + second.length, newRequestId(), OP_MSG), p, second]));
    expectRefused(await c.next());
    await witnessStillWorks();
  });

  it('an unknown opcode', async () => {
    const c = await raw();
    const body = Buffer.from(BSON.serialize({ ping: 1 }));
    c.write(Buffer.concat([header(16 + body.length, newRequestId(), 9999), body]));
    expectRefused(await c.next());
    await witnessStillWorks();
  });

  it('legacy and compressed opcodes that were never negotiated (OP_INSERT 2002, OP_COMPRESSED 2012)', async () => {
    for (const opCode of [2002, 2012]) {
      const c = await raw();
      const body = Buffer.from(BSON.serialize({ ping: 1 }));
      c.write(Buffer.concat([header(16 + body.length + 4, newRequestId(), opCode), Buffer.alloc(4), body]));
      expectRefused(await c.next());
    }
    await witnessStillWorks();
  });

  it('documents nested 100,000 deep are refused, in a document sequence and in a filter', async () => {
    // MongoDB allows 100 levels of nesting. A recursive engine that stores such a document cannot read it back.
    const deep = nestedDocument(100_000);
    const c1 = await raw();
    const id = Buffer.from('documents\0', 'utf8');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + deep.length, 0);
    const payload = Buffer.concat([opMsgPayload({ insert: 'deep', $db: db() }), Buffer.from([1]), size, id, deep]);
    c1.write(Buffer.concat([header(16 + payload.length, newRequestId(), OP_MSG), payload]));
    const o = await c1.next(15_000);
    if (o.kind === 'timeout') throw new Error('no answer to a deeply nested document');
    if (o.kind === 'reply') {
      const refused = o.reply.doc.ok === 0 || (o.reply.doc.writeErrors?.length ?? 0) > 0;
      expect(refused, `insert answered ${JSON.stringify(o.reply.doc)}`).toBe(true);
    }

    const c2 = await raw();
    const body = rawDocument([
      { type: 0x02, name: 'find', value: bsonString('witnesses') },
      { type: 0x03, name: 'filter', value: deep },
      { type: 0x02, name: '$db', value: bsonString(db()) }
    ]);
    c2.write(opMsg(body));
    expectRefused(await c2.next(15_000));
    await witnessStillWorks();
    expect(await t.db.collection('deep').estimatedDocumentCount()).toBe(0);
    expect(await t.db.collection('deep').countDocuments()).toBe(0);
  });

  it('200 connections opened at once and dropped do not disturb the others', async () => {
    const conns = await Promise.all(Array.from({ length: 200 }, () => raw()));
    conns.forEach((c, i) => (i % 2 ? c.close() : c.write(opMsg({ ping: 1, $db: 'admin' }).subarray(0, 10))));
    for (const c of conns) c.close();
    await witnessStillWorks();
  });

  it('an HTTP request on the MongoDB port is not served as a command', async () => {
    const c = await raw();
    c.write(Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    expect(await c.closedWithin(5_000)).toBe(true);
    await witnessStillWorks();
  });

  it('a client that disconnects in the middle of a frame', async () => {
    const c = await raw();
    const frame = opMsg({ insert: 'witnesses', documents: [{ name: 'half' }], $db: db() });
    c.write(frame.subarray(0, frame.length - 7));
    c.close();
    await witnessStillWorks();
    expect(await Witness.countDocuments({ name: 'half' })).toBe(0);
  });
});

describe('bad commands get error replies on a connection that stays open', () => {
  it('unknown command: code 59 naming it, and then the connection still answers', async () => {
    const c = await raw();
    c.write(opMsg({ frobnicate: 1, $db: db() }));
    const o = await c.next();
    expect(o.kind).toBe('reply');
    if (o.kind === 'reply') {
      expect(o.reply.doc).toMatchObject({ ok: 0, code: 59, codeName: 'CommandNotFound' });
      expect(String(o.reply.doc.errmsg)).toMatch(/frobnicate/);
    }
    c.write(opMsg({ ping: 1, $db: 'admin' }));
    const again = await c.next();
    expect(again.kind === 'reply' && again.reply.doc.ok === 1).toBe(true);
  });

  it('a command without $db, and an empty body', async () => {
    for (const body of [{ ping: 1 }, {}]) {
      const c = await raw();
      c.write(opMsg(body));
      expectRefused(await c.next());
    }
    await witnessStillWorks();
  });

  it('$where in a raw find is refused', async () => {
    const c = await raw();
    c.write(opMsg({ find: 'witnesses', filter: { $where: 'while(true){}' }, $db: db() }));
    const o = await c.next();
    expect(o.kind).toBe('reply');
    if (o.kind === 'reply') expect(o.reply.doc.ok).toBe(0);
    await witnessStillWorks();
  });

  it('wrong argument types answer an error, not a crash', async () => {
    const bodies = [
      { find: 42, $db: db() },
      { insert: 'witnesses', documents: 'not an array', $db: db() },
      { update: 'witnesses', updates: [{ q: 'x', u: 5 }], $db: db() },
      { getMore: 'abc', collection: 'witnesses', $db: db() },
      { aggregate: 'witnesses', pipeline: [{ $notAStage: {} }], cursor: {}, $db: db() }
    ];
    for (const body of bodies) {
      const c = await raw();
      c.write(opMsg(body));
      const o = await c.next();
      const { $db, ...command } = body;
      expect(o.kind, JSON.stringify(command)).toBe('reply');
      if (o.kind === 'reply') {
        const refused = o.reply.doc.ok === 0 || (o.reply.doc.writeErrors?.length ?? 0) > 0;
        expect(refused, `${JSON.stringify(command)} answered ${JSON.stringify(o.reply.doc)}`).toBe(true);
      }
    }
    await witnessStillWorks();
  });

  it('after all of the above a fresh connection handshakes normally', async () => {
    const c = await raw();
    c.write(opMsg({ hello: 1, $db: 'admin' }));
    const o = await c.next();
    expect(o.kind === 'reply' && o.reply.doc.ok === 1 && o.reply.doc.isWritablePrimary === true).toBe(true);
  });
});
