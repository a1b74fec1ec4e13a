// Upserts (mongoose defaults and timestamps arrive as $setOnInsert), replacement documents and pipeline updates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, caught, type Target, type AnyModel } from './target.ts';

let t: Target;
let Seeker: AnyModel;

beforeAll(async () => {
  t = await openTarget('upsert');
  const schema = new mongoose.Schema(
    {
      email: { type: String, required: true },
      name: String,
      status: { type: String, default: 'new' },
      visits: { type: Number, default: 0 }
    },
    { timestamps: true }
  );
  Seeker = t.conn.model<any>('Seeker', schema);
  await Seeker.init();
});
afterAll(async () => t?.close());

describe('upserts through mongoose', () => {
  it('inserts with defaults, timestamps and the filter fields, then updates without touching insert-only fields', async () => {
    const first = await Seeker.updateOne(
      { email: 'femke.devries@example.nl' },
      { $set: { name: 'Femke de Vries' } },
      { upsert: true }
    );
    expect(first).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 1 });
    expect(first.upsertedId).toBeInstanceOf(mongoose.Types.ObjectId);
    const created = await Seeker.findById(first.upsertedId).lean();
    expect(created).toMatchObject({ email: 'femke.devries@example.nl', name: 'Femke de Vries', status: 'new', visits: 0 });
    expect(created!.createdAt).toBeInstanceOf(Date);
    expect(created!.updatedAt).toBeInstanceOf(Date);

    await Seeker.collection.updateOne({ _id: created!._id }, { $set: { status: 'placed' } });
    const second = await Seeker.updateOne(
      { email: 'femke.devries@example.nl' },
      { $set: { name: 'Femke de Vries-Bakker' }, $inc: { visits: 1 } },
      { upsert: true }
    );
    expect(second).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    const after = await Seeker.findById(created!._id).lean();
    expect(after).toMatchObject({ name: 'Femke de Vries-Bakker', status: 'placed', visits: 1 });
    expect(after!.createdAt).toEqual(created!.createdAt);
    expect(await Seeker.countDocuments({ email: 'femke.devries@example.nl' })).toBe(1);
  });

  it('findOneAndUpdate with upsert and new returns the inserted document', async () => {
    const doc = await Seeker.findOneAndUpdate(
      { email: 'oliver.pembroke@example.co.uk' },
      { $set: { name: 'Oliver Pembroke' } },
      { upsert: true, returnDocument: 'after' }
    ).lean();
    expect(doc).toMatchObject({ email: 'oliver.pembroke@example.co.uk', name: 'Oliver Pembroke', status: 'new', visits: 0 });
    expect(doc!._id).toBeInstanceOf(mongoose.Types.ObjectId);
  });
});

describe('upserts through the driver', () => {
  it('builds the new document from the equality fields of the filter plus the update', async () => {
    const coll = t.db.collection<any>('raw_upserts');
    const r = await coll.updateOne(
      { email: 'sander@example.nl', 'profile.city': 'Rotterdam', age: { $gt: 30 }, $and: [{ lang: 'nl' }] },
      { $set: { name: 'Sander Jansen' }, $setOnInsert: { source: 'referral' } },
      { upsert: true }
    );
    expect(r.upsertedCount).toBe(1);
    const d = await coll.findOne({ _id: r.upsertedId });
    expect(d).toEqual({
      _id: r.upsertedId,
      email: 'sander@example.nl',
      profile: { city: 'Rotterdam' },
      lang: 'nl',
      name: 'Sander Jansen',
      source: 'referral'
    });
    // When it matches, $setOnInsert does nothing.
    await coll.updateOne({ email: 'sander@example.nl' }, { $set: { x: 1 }, $setOnInsert: { source: 'ad' } }, { upsert: true });
    expect((await coll.findOne({ _id: r.upsertedId }))!.source).toBe('referral');
  });

  it('takes the _id from an equality filter on _id', async () => {
    const coll = t.db.collection<any>('raw_upserts');
    const r = await coll.updateOne({ _id: 'camille' }, { $inc: { n: 1 } }, { upsert: true });
    expect(r.upsertedId).toBe('camille');
    expect(await coll.findOne({ _id: 'camille' })).toEqual({ _id: 'camille', n: 1 });
  });

  it('a replacement upsert keeps only the replacement and the _id', async () => {
    const coll = t.db.collection<any>('raw_upserts');
    const r = await coll.replaceOne({ email: 'harriet@example.co.uk' }, { name: 'Harriet Ashworth' }, { upsert: true });
    expect(r.upsertedCount).toBe(1);
    expect(await coll.findOne({ _id: r.upsertedId })).toEqual({ _id: r.upsertedId, name: 'Harriet Ashworth' });
  });
});

describe('replaceOne', () => {
  it('replaces the whole document and keeps its _id', async () => {
    const coll = t.db.collection<any>('replace');
    const { insertedId } = await coll.insertOne({ name: 'Théo Lemaire', city: 'Lille', skills: ['java'] });
    const r = await coll.replaceOne({ _id: insertedId }, { name: 'Théo Lemaire', city: 'Roubaix' });
    expect(r).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await coll.findOne({ _id: insertedId })).toEqual({ _id: insertedId, name: 'Théo Lemaire', city: 'Roubaix' });
  });

  it('refuses to change _id (code 66) and leaves the document alone', async () => {
    const coll = t.db.collection<any>('replace');
    await coll.insertOne({ _id: 'theo', v: 1 });
    expect((await caught(() => coll.replaceOne({ _id: 'theo' }, { _id: 'other', v: 2 }))).code).toBe(66);
    expect((await caught(() => coll.updateOne({ _id: 'theo' }, { $set: { _id: 'other' } }))).code).toBe(66);
    expect(await coll.findOne({ _id: 'theo' })).toEqual({ _id: 'theo', v: 1 });
  });

  it('Model.replaceOne through mongoose', async () => {
    const s = await Seeker.create({ email: 'joris@example.be', name: 'Joris Van den Broeck', visits: 4 });
    await Seeker.replaceOne({ _id: s._id }, { email: 'joris@example.be', name: 'Joris VdB' });
    const d = await Seeker.findById(s._id).lean();
    expect(d).toMatchObject({ email: 'joris@example.be', name: 'Joris VdB' });
    expect(d!.visits).toBe(0); // mongoose re-applies defaults to the replacement
  });
});

describe('pipeline updates', () => {
  it('computes fields from other fields and removes some with $unset', async () => {
    const coll = t.db.collection<any>('pipeline');
    await coll.insertMany([
      { _id: 1, first: 'Grace', last: 'Whitfield', tmp: true, hours: 3 },
      { _id: 2, first: 'Camille', last: 'Rousseau', tmp: true, hours: 5 }
    ]);
    const r = await coll.updateMany({}, [
      { $set: { full: { $concat: ['$first', ' ', '$last'] }, hours: { $add: ['$hours', 1] } } },
      { $unset: 'tmp' }
    ]);
    expect(r).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    expect(await coll.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, first: 'Grace', last: 'Whitfield', hours: 4, full: 'Grace Whitfield' },
      { _id: 2, first: 'Camille', last: 'Rousseau', hours: 6, full: 'Camille Rousseau' }
    ]);
  });

  it('uses $$NOW and $cond in a pipeline updateOne', async () => {
    const coll = t.db.collection<any>('pipeline');
    await coll.updateOne({ _id: 1 }, [
      { $set: { level: { $cond: [{ $gte: ['$hours', 4] }, 'senior', 'junior'] }, touched: '$$NOW' } }
    ]);
    const d = await coll.findOne({ _id: 1 });
    expect(d!.level).toBe('senior');
    expect(d!.touched).toBeInstanceOf(Date);
  });
});
