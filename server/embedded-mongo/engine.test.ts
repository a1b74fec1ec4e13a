import { BSON } from 'bson';
import mongoose from 'mongoose';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from './index.ts';

// End-to-end smoke test: mongoose over TCP against the engine. The full conformance suite lives in tests/engine.

const personSchema = new mongoose.Schema(
  { name: { type: String, required: true, unique: true }, age: Number, tags: [String] },
  { timestamps: true }
);

/** Sends one raw OP_MSG and resolves with the reply body, or with 'closed' if the server hangs up. */
function rawCommand(socketPath: string, frame: Buffer): Promise<Record<string, unknown> | 'closed'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ path: socketPath });
    let data = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 4 && data.length >= data.readInt32LE(0)) {
        socket.destroy();
        resolve(BSON.deserialize(data.subarray(21)));
      }
    });
    socket.on('close', () => resolve('closed'));
    socket.on('error', reject);
    socket.write(frame);
  });
}

function opMsg(body: object, flags = 0): Buffer {
  const bson = Buffer.from(BSON.serialize(body));
  const frame = Buffer.alloc(21 + bson.length);
  frame.writeInt32LE(frame.length, 0);
  frame.writeInt32LE(1, 4);
  frame.writeInt32LE(2013, 12);
  frame.writeUInt32LE(flags, 16);
  bson.copy(frame, 21);
  return frame;
}

describe('mongoose against the embedded engine', () => {
  let engine: EmbeddedMongo;
  let conn: mongoose.Connection;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engine-smoke-'));
    engine = await startEmbeddedMongo({ dataDir: dir });
    conn = await mongoose.createConnection(engine.uri, { dbName: 'smoke' }).asPromise();
  });

  afterAll(async () => {
    await conn?.close();
    await engine?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('does CRUD with a unique index and reports duplicates with code 11000', async () => {
    const Person = conn.model('Person', personSchema);
    await Person.init();
    const ada = await Person.create({ name: 'Ada', age: 36, tags: ['math'] });
    expect((await Person.findById(ada._id))?.name).toBe('Ada');
    ada.age = 37;
    await ada.save();
    await Person.updateOne({ _id: ada._id }, { $push: { tags: 'code' } });
    const found = await Person.findOne({ name: 'Ada' }).lean();
    expect(found).toMatchObject({ age: 37, tags: ['math', 'code'] });
    const dup = await Person.create({ name: 'Ada' }).catch((e: unknown) => e);
    expect(dup).toMatchObject({ code: 11000, keyValue: { name: 'Ada' } });
    const upserted = await Person.findOneAndUpdate({ name: 'Bob' }, { $set: { age: 5 } }, { upsert: true, returnDocument: 'after' }).lean();
    expect(upserted).toMatchObject({ name: 'Bob', age: 5 });
    expect(upserted?.createdAt).toBeInstanceOf(Date);
    expect(await Person.countDocuments({ age: { $gte: 5 } })).toBe(2);
    expect((await Person.deleteOne({ name: 'Bob' })).deletedCount).toBe(1);
  });

  it('iterates a cursor over many batches and survives a restart', async () => {
    const Item = conn.model('Item', new mongoose.Schema({ n: Number }));
    await Item.insertMany(Array.from({ length: 1234 }, (_, n) => ({ n })));
    let seen = 0;
    for await (const item of Item.find().sort({ n: 1 }).batchSize(100).cursor()) {
      expect(item.n).toBe(seen);
      seen++;
    }
    expect(seen).toBe(1234);

    await conn.close();
    await engine.stop();
    engine = await startEmbeddedMongo({ dataDir: dir });
    conn = await mongoose.createConnection(engine.uri, { dbName: 'smoke' }).asPromise();
    expect(await conn.model('Item', new mongoose.Schema({ n: Number })).countDocuments()).toBe(1234);
    const indexes = await conn.db!.collection('people').indexes();
    expect(indexes.map((i) => i.name)).toEqual(['_id_', 'name_1']);
  });

  it('refuses transactions with code 20 but allows sessions', async () => {
    const session = await conn.startSession();
    await conn.db!.collection('t').insertOne({ a: 1 }, { session });
    session.startTransaction();
    const err = await conn.db!.collection('t').insertOne({ a: 2 }, { session }).catch((e: unknown) => e);
    // The driver rewraps MongoDB's standalone error (as it does against a real standalone) and keeps it as originalError.
    expect((err as { originalError?: unknown }).originalError).toMatchObject({
      code: 20,
      codeName: 'IllegalOperation',
      message: 'Transaction numbers are only allowed on a replica set member or mongos'
    });
    await session.abortTransaction().catch(() => {});
    await session.endSession();
  });

  it('answers unknown commands with 59, and $where with BadValue', async () => {
    await expect(conn.db!.command({ frobnicate: 1 })).rejects.toMatchObject({ code: 59, codeName: 'CommandNotFound', message: expect.stringContaining('frobnicate') });
    await expect(conn.db!.collection('t').findOne({ $where: 'true' })).rejects.toMatchObject({ code: 2, codeName: 'BadValue' });
  });

  it('closes only the connection that sent a malformed frame; moreToCome gets no reply', async () => {
    const garbage = Buffer.alloc(20);
    garbage.writeInt32LE(20, 0);
    garbage.writeInt32LE(9999, 12);
    expect(await rawCommand(engine.socketPath!, garbage)).toBe('closed');
    const ping = await rawCommand(engine.socketPath!, Buffer.concat([opMsg({ ping: 1, $db: 'admin' }, 2), opMsg({ ping: 1, $db: 'admin' })]));
    expect(ping).toMatchObject({ ok: 1 });
    expect(await conn.db!.admin().ping()).toMatchObject({ ok: 1 });
  });
});
