// Results larger than one batch: find and aggregate cursors continued with getMore, and killed early.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, caught, type Target, type AnyModel } from './target.ts';
import { PEOPLE } from './people.ts';

const N = 5_000;
let t: Target;
let Note: AnyModel;
let monitored: mongoose.mongo.MongoClient;
const started: string[] = [];

beforeAll(async () => {
  t = await openTarget('cursors');
  Note = t.conn.model<any>('Note', new mongoose.Schema({ seq: Number, author: String, body: String }));
  const docs = Array.from({ length: N }, (_, i) => ({
    seq: i,
    author: PEOPLE[i % PEOPLE.length].name,
    body: `Compte rendu ${i}: points d'action pour la semaine`
  }));
  for (let i = 0; i < N; i += 1000) await Note.insertMany(docs.slice(i, i + 1000));
  // A second client with command monitoring, to see getMore and killCursors on the wire.
  monitored = new mongoose.mongo.MongoClient(t.uri, { monitorCommands: true });
  monitored.on('commandStarted', (e) => started.push(e.commandName));
  await monitored.connect();
});
afterAll(async () => {
  await monitored?.close();
  await t?.close();
});

describe('cursors', () => {
  it('Model.find().cursor() with batchSize 101 yields every document once, in sort order', async () => {
    const seen: number[] = [];
    for await (const doc of Note.find({}).sort({ seq: 1 }).batchSize(101).cursor()) seen.push(doc.seq);
    expect(seen).toHaveLength(N);
    expect(seen.every((s, i) => s === i)).toBe(true);
  });

  it('uses getMore for every further batch (int64 cursor ids)', async () => {
    started.length = 0;
    const coll = monitored.db(t.dbName).collection(Note.collection.name);
    const all = await coll.find({}, { batchSize: 101 }).sort({ seq: -1 }).toArray();
    expect(all).toHaveLength(N);
    expect(all[0].seq).toBe(N - 1);
    expect(new Set(all.map((d) => String(d._id))).size).toBe(N);
    expect(started.filter((c) => c === 'getMore').length).toBe(Math.ceil(N / 101) - 1);
  });

  it('an aggregate cursor streams in batches too', async () => {
    started.length = 0;
    const coll = monitored.db(t.dbName).collection(Note.collection.name);
    let count = 0;
    let lastSeq = -1;
    const cursor = coll.aggregate([{ $match: { seq: { $gte: 1000 } } }, { $sort: { seq: 1 } }, { $project: { seq: 1 } }], {
      batchSize: 101
    });
    for await (const d of cursor) {
      expect(d.seq).toBeGreaterThan(lastSeq);
      lastSeq = d.seq;
      count++;
    }
    expect(count).toBe(N - 1000);
    expect(started.filter((c) => c === 'getMore').length).toBeGreaterThanOrEqual(Math.ceil((N - 1000) / 101) - 1);

    let viaMongoose = 0;
    for await (const _ of Note.aggregate([{ $match: { author: 'Joris Van den Broeck' } }]).cursor({ batchSize: 101 })) viaMongoose++;
    expect(viaMongoose).toBe(Math.ceil((N - 1) / PEOPLE.length));
  });

  it('two cursors interleave without disturbing each other', async () => {
    const a = Note.find({ seq: { $lt: 1000 } }).sort({ seq: 1 }).batchSize(50).cursor();
    const b = Note.find({ seq: { $gte: 4000 } }).sort({ seq: -1 }).batchSize(50).cursor();
    for (let i = 0; i < 300; i++) {
      expect((await a.next())!.seq).toBe(i);
      expect((await b.next())!.seq).toBe(N - 1 - i);
    }
    await a.close();
    await b.close();
  });

  it('closing a cursor early kills it on the server; a getMore on it then fails with CursorNotFound (43)', async () => {
    started.length = 0;
    const db = monitored.db(t.dbName);
    const first = await db.command({ find: Note.collection.name, filter: {}, batchSize: 10 });
    const id = first.cursor.id;
    expect(first.cursor.firstBatch).toHaveLength(10);
    expect(mongoose.mongo.Long.isLong(id) ? !id.isZero() : Boolean(id)).toBe(true);
    const killed = await db.command({ killCursors: Note.collection.name, cursors: [id] });
    expect(killed.cursorsKilled.map(String)).toEqual([String(id)]);
    const err = await caught(() => db.command({ getMore: id, collection: Note.collection.name }));
    expect(err.code).toBe(43);

    const cursor = db.collection(Note.collection.name).find({}, { batchSize: 10 });
    await cursor.next();
    await cursor.close();
    expect(started).toContain('killCursors');
  });

  it('honours skip, limit and singleBatch', async () => {
    const db = monitored.db(t.dbName);
    const page = await Note.find({}).sort({ seq: 1 }).skip(4990).limit(20).lean();
    expect(page.map((d: any) => d.seq)).toEqual([4990, 4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999]);
    const single = await db.command({ find: Note.collection.name, filter: {}, batchSize: 5, singleBatch: true });
    expect(single.cursor.firstBatch).toHaveLength(5);
    expect(String(single.cursor.id)).toBe('0');
    const limited = await db.command({ find: Note.collection.name, filter: {}, limit: 7, batchSize: 100 });
    expect(limited.cursor.firstBatch).toHaveLength(7);
    expect(String(limited.cursor.id)).toBe('0');
  });

  it('limit, skip, sort and projection hold across getMore batches', async () => {
    const docs = await Note.collection
      .find({ seq: { $gte: 100 } }, { batchSize: 101, projection: { _id: 0, seq: 1 } })
      .sort({ seq: -1 })
      .skip(7)
      .limit(250)
      .toArray();
    expect(docs).toHaveLength(250);
    expect(docs[0]).toEqual({ seq: N - 1 - 7 });
    expect(docs[249]).toEqual({ seq: N - 1 - 7 - 249 });
    expect(docs.every((d: any, i: number) => Object.keys(d).length === 1 && d.seq === N - 8 - i)).toBe(true);
  });

  it('a batch stays within 16 MB: large documents come back over several getMores', async () => {
    const big = t.db.collection<any>('big_notes');
    const mb = 'Compte rendu détaillé. '.repeat(50_000).slice(0, 1024 * 1024);
    // 60 MB in all: the driver itself splits the insert into several messages of at most 48 MB.
    await big.insertMany(Array.from({ length: 60 }, (_, i) => ({ _id: i, body: mb })));
    const batches: number[] = [];
    const onReply = (e: any) => {
      const c = e.reply?.cursor;
      if (c) batches.push((c.firstBatch ?? c.nextBatch).length);
    };
    monitored.on('commandSucceeded', onReply);
    try {
      const docs = await monitored.db(t.dbName).collection<any>('big_notes').find({}).sort({ _id: 1 }).toArray();
      expect(docs.map((d: any) => d._id)).toEqual(Array.from({ length: 60 }, (_, i) => i));
      expect(docs.every((d: any) => d.body.length === 1024 * 1024)).toBe(true);
    } finally {
      monitored.off('commandSucceeded', onReply);
    }
    expect(batches.reduce((a, b) => a + b, 0)).toBe(60);
    expect(Math.max(...batches)).toBeLessThanOrEqual(16);
  });
});
