// bulkWrite and insertMany, ordered and unordered, when some operations hit a duplicate key: exactly which
// operations applied, and the error's shape (code 11000, index, keyPattern, keyValue).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, caught, type Target, type AnyModel } from './target.ts';

let t: Target;
let Member: AnyModel;
let n = 0;

beforeAll(async () => {
  t = await openTarget('bulk');
  Member = t.conn.model<any>('Member', new mongoose.Schema({ _id: String, email: { type: String, unique: true }, city: String }));
  await Member.init();
});
afterAll(async () => t?.close());

/** A fresh collection with a unique email index and one existing member. */
async function freshCollection() {
  const coll = t.db.collection<any>(`members_${n++}`);
  await coll.createIndex({ email: 1 }, { unique: true });
  await coll.insertOne({ _id: 'pre', email: 'grace.whitfield@example.co.uk' });
  return coll;
}

const ops = [
  { insertOne: { document: { _id: 'a', email: 'amelie.dubois@example.fr' } } },
  { updateOne: { filter: { _id: 'a' }, update: { $set: { city: 'Lyon' } } } },
  { insertOne: { document: { _id: 'b', email: 'grace.whitfield@example.co.uk' } } },
  { insertOne: { document: { _id: 'c', email: 'theo.lemaire@example.fr' } } },
  { deleteOne: { filter: { _id: 'pre' } } }
];

describe('bulkWrite', () => {
  it('ordered: stops at the first duplicate; earlier operations stay applied', async () => {
    const coll = await freshCollection();
    const err = await caught(() => coll.bulkWrite(ops, { ordered: true }));
    expect(err).toBeInstanceOf(mongoose.mongo.MongoBulkWriteError);
    expect(err.code).toBe(11000);
    expect(err.writeErrors).toHaveLength(1);
    const we = err.writeErrors[0];
    expect(we.index).toBe(2);
    expect(we.code).toBe(11000);
    // The driver keeps only code and errmsg of each write error; keyPattern/keyValue are checked on the raw reply below.
    expect(we.errmsg).toMatch(/E11000 duplicate key error.*email_1.*grace\.whitfield@example\.co\.uk/);
    expect(err.result.insertedCount).toBe(1);
    expect(err.result.matchedCount).toBe(1);
    expect(err.result.deletedCount).toBe(0);
    const docs = await coll.find({}).sort({ _id: 1 }).toArray();
    expect(docs).toEqual([
      { _id: 'a', email: 'amelie.dubois@example.fr', city: 'Lyon' },
      { _id: 'pre', email: 'grace.whitfield@example.co.uk' }
    ]);
  });

  it('unordered: every other operation applies and each failure is reported with its index', async () => {
    const coll = await freshCollection();
    const more = [...ops, { insertOne: { document: { _id: 'a', email: 'someone.else@example.nl' } } }];
    const err = await caught(() => coll.bulkWrite(more, { ordered: false }));
    expect(err.code).toBe(11000);
    const byIndex = Object.fromEntries(err.writeErrors.map((w: any) => [w.index, w]));
    expect(Object.keys(byIndex).map(Number).sort()).toEqual([2, 5]);
    expect(byIndex[2].errmsg).toMatch(/email_1/);
    expect(byIndex[5].errmsg).toMatch(/_id_/);
    expect(err.result.insertedCount).toBe(2);
    expect(err.result.matchedCount).toBe(1);
    expect(err.result.deletedCount).toBe(1);
    expect((await coll.find({}).sort({ _id: 1 }).toArray()).map((d: any) => d._id)).toEqual(['a', 'c']);
  });

  it('the raw insert and update replies carry index, code, keyPattern and keyValue for each write error', async () => {
    const coll = await freshCollection();
    const r = await t.db.command({
      insert: coll.collectionName,
      documents: [
        { _id: 'k1', email: 'k1@example.nl' },
        { _id: 'k2', email: 'grace.whitfield@example.co.uk' },
        { _id: 'k1', email: 'k3@example.nl' },
        { _id: 'k4', email: 'k4@example.nl' }
      ],
      ordered: false
    });
    expect(r.ok).toBe(1);
    expect(r.n).toBe(2);
    expect(r.writeErrors.map((w: any) => ({ index: w.index, code: w.code, keyPattern: w.keyPattern, keyValue: w.keyValue }))).toEqual([
      { index: 1, code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'grace.whitfield@example.co.uk' } },
      { index: 2, code: 11000, keyPattern: { _id: 1 }, keyValue: { _id: 'k1' } }
    ]);
    const u = await t.db.command({
      update: coll.collectionName,
      updates: [
        { q: { _id: 'k4' }, u: { $set: { city: 'Utrecht' } } },
        { q: { _id: 'k4' }, u: { $set: { email: 'k1@example.nl' } } }
      ],
      ordered: true
    });
    expect(u.n).toBe(1);
    expect(u.nModified).toBe(1);
    expect(u.writeErrors).toHaveLength(1);
    expect(u.writeErrors[0]).toMatchObject({ index: 1, code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'k1@example.nl' } });
  });

  it('an upsert that collides with a unique key is a write error', async () => {
    const coll = await freshCollection();
    const err = await caught(() =>
      coll.bulkWrite([
        { updateOne: { filter: { _id: 'x' }, update: { $set: { email: 'grace.whitfield@example.co.uk' } }, upsert: true } }
      ])
    );
    expect(err.writeErrors[0].code).toBe(11000);
    expect(await coll.countDocuments()).toBe(1);
  });

  it('Model.bulkWrite through mongoose, unordered, reports counts and errors', async () => {
    await Member.create({ _id: 'joris', email: 'joris@example.be' });
    const err = await caught(() =>
      Member.bulkWrite(
        [
          { insertOne: { document: { _id: 'femke', email: 'femke@example.nl' } } },
          { insertOne: { document: { _id: 'joris2', email: 'joris@example.be' } } },
          { updateMany: { filter: {}, update: { $set: { city: 'Gent' } } } },
          { replaceOne: { filter: { _id: 'joris' }, replacement: { email: 'joris@example.be', city: 'Antwerpen' } } }
        ] as any[],
        { ordered: false }
      )
    );
    expect(err.code).toBe(11000);
    expect(err.writeErrors.map((w: any) => w.index)).toEqual([1]);
    expect(await Member.find().sort({ _id: 1 }).select('-__v').lean()).toEqual([
      { _id: 'femke', email: 'femke@example.nl', city: 'Gent' },
      { _id: 'joris', email: 'joris@example.be', city: 'Antwerpen' }
    ]);
  });
});

describe('insertMany', () => {
  it('ordered:false inserts every non-duplicate and reports the duplicates', async () => {
    await Member.deleteMany({});
    await Member.create({ _id: 'sander', email: 'sander@example.nl' });
    const err = await caught(() =>
      Member.insertMany(
        [
          { _id: 'harriet', email: 'harriet@example.co.uk' },
          { _id: 'sander', email: 'sander.bis@example.nl' },
          { _id: 'oliver', email: 'oliver@example.co.uk' },
          { _id: 'olivier', email: 'oliver@example.co.uk' },
          { _id: 'camille', email: 'camille@example.fr' }
        ],
        { ordered: false }
      )
    );
    expect(err.code).toBe(11000);
    expect(err.writeErrors.map((w: any) => w.index).sort()).toEqual([1, 3]);
    expect(err.insertedDocs.map((d: any) => d._id).sort()).toEqual(['camille', 'harriet', 'oliver']);
    expect((await Member.find().sort({ _id: 1 }).lean()).map((d: any) => d._id)).toEqual(['camille', 'harriet', 'oliver', 'sander']);
  });

  it('ordered (default) stops at the first duplicate', async () => {
    const coll = await freshCollection();
    const err = await caught(() =>
      coll.insertMany([
        { _id: 'q1', email: 'q1@example.fr' },
        { _id: 'q2', email: 'grace.whitfield@example.co.uk' },
        { _id: 'q3', email: 'q3@example.fr' }
      ])
    );
    expect(err.code).toBe(11000);
    expect(err.result.insertedCount).toBe(1);
    expect((await coll.find({}).sort({ _id: 1 }).toArray()).map((d: any) => d._id)).toEqual(['pre', 'q1']);
  });
});
