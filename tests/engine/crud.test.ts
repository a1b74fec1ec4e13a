// Basic create/read/update/delete through mongoose models and the raw driver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, type Target, type AnyModel } from './target.ts';
import { PEOPLE } from './people.ts';

let t: Target;
const mentorSchema = new mongoose.Schema({
  name: { type: String, required: true },
  city: String,
  lang: String,
  mentees: { type: Number, default: 0 },
  tags: [String]
});
let Mentor: AnyModel;

beforeAll(async () => {
  t = await openTarget('crud');
  Mentor = t.conn.model<any>('Mentor', mentorSchema);
  await Mentor.init();
});
afterAll(async () => t?.close());

describe('CRUD', () => {
  it('creates documents and reads them back by id, filter, projection, sort, skip and limit', async () => {
    const created = await Mentor.create(PEOPLE.map((p, i) => ({ ...p, mentees: i })));
    expect(created).toHaveLength(PEOPLE.length);
    const amelie = await Mentor.findById(created[0]._id).lean();
    expect(amelie).toMatchObject({ name: 'Amélie Dubois', city: 'Lyon', mentees: 0 });

    const dutch = await Mentor.find({ lang: 'nl' }).sort({ name: 1 }).lean();
    expect(dutch.map((d: any) => d.name)).toEqual(['Femke de Vries', 'Joris Van den Broeck', 'Sander Jansen']);

    const page = await Mentor.find({}).sort({ mentees: -1 }).skip(2).limit(3).select({ name: 1, _id: 0 }).lean();
    expect(page).toEqual([{ name: 'Camille Rousseau' }, { name: 'Oliver Pembroke' }, { name: 'Femke de Vries' }]);

    const one = await Mentor.findOne({ city: 'Gent' }, { city: 1 }).lean();
    expect(Object.keys(one!).sort()).toEqual(['_id', 'city']);
    expect(await Mentor.findOne({ city: 'Paris' })).toBeNull();
  });

  it('updates one and many and reports matched and modified counts', async () => {
    const r1 = await Mentor.updateOne({ name: 'Grace Whitfield' }, { $set: { city: 'Manchester' } });
    expect(r1).toMatchObject({ acknowledged: true, matchedCount: 1, modifiedCount: 1 });
    const r2 = await Mentor.updateMany({ lang: 'fr' }, { $set: { tags: ['francophone'] } });
    expect(r2).toMatchObject({ matchedCount: 3, modifiedCount: 3 });
    // Setting a value to what it already is matches but does not modify.
    const r3 = await Mentor.updateOne({ name: 'Grace Whitfield' }, { $set: { city: 'Manchester' } });
    expect(r3).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    const r4 = await Mentor.updateOne({ name: 'Nobody' }, { $set: { city: 'Nowhere' } });
    expect(r4).toMatchObject({ matchedCount: 0, modifiedCount: 0, upsertedCount: 0 });
    expect((await Mentor.findOne({ name: 'Grace Whitfield' }).lean())!.city).toBe('Manchester');
    expect(await Mentor.countDocuments({ tags: 'francophone' })).toBe(3);
  });

  it('findOneAndUpdate returns the before or after image, sorted, with projection', async () => {
    const before = await Mentor.findOneAndUpdate({ lang: 'nl' }, { $inc: { mentees: 10 } }, { sort: { mentees: -1 } }).lean();
    expect(before!.name).toBe('Sander Jansen');
    expect(before!.mentees).toBe(7);
    const after = await Mentor.findOneAndUpdate(
      { name: 'Sander Jansen' },
      { $inc: { mentees: 1 } },
      { returnDocument: 'after', projection: { mentees: 1 } }
    ).lean();
    expect(after).toEqual({ _id: before!._id, mentees: 18 });
    expect(await Mentor.findOneAndUpdate({ name: 'Nobody' }, { $inc: { mentees: 1 } })).toBeNull();
  });

  it('deletes one and many, and findOneAndDelete returns the removed document', async () => {
    const removed = await Mentor.findOneAndDelete({ name: 'Harriet Ashworth' }).lean();
    expect(removed!.city).toBe('York');
    expect(await Mentor.deleteOne({ lang: 'nl' })).toMatchObject({ deletedCount: 1 });
    expect(await Mentor.deleteMany({ lang: 'fr' })).toMatchObject({ deletedCount: 3 });
    expect(await Mentor.countDocuments()).toBe(4);
    expect(await Mentor.deleteMany({ lang: 'xx' })).toMatchObject({ deletedCount: 0 });
  });

  it('keeps the field order of stored documents', async () => {
    const coll = t.db.collection('ordered');
    await coll.insertOne({ _id: 1 as any, zeta: 1, alpha: 2, mid: { z: 1, a: 2 } });
    await coll.updateOne({ _id: 1 as any }, { $set: { beta: 3, alpha: 20 } });
    const doc = await coll.findOne({ _id: 1 as any });
    expect(Object.keys(doc!)).toEqual(['_id', 'zeta', 'alpha', 'mid', 'beta']);
    expect(Object.keys(doc!.mid)).toEqual(['z', 'a']);
  });

  it('refuses a second document with the same _id with code 11000', async () => {
    const coll = t.db.collection('ids');
    await coll.insertOne({ _id: 'amelie' as any, name: 'Amélie Dubois' });
    const err: any = await coll.insertOne({ _id: 'amelie' as any, name: 'Théo Lemaire' }).catch((e) => e);
    expect(err?.code).toBe(11000);
    expect(err.keyValue).toEqual({ _id: 'amelie' });
    expect(await coll.countDocuments()).toBe(1);
  });

  it('projection operators: positional $, $slice and $elemMatch, and excluding fields', async () => {
    const coll = t.db.collection<any>('projections');
    await coll.insertOne({
      _id: 'femke',
      name: 'Femke de Vries',
      scores: [55, 72, 90, 61],
      sessions: [{ week: 1, topic: 'cv' }, { week: 2, topic: 'linkedin' }, { week: 3, topic: 'interview' }],
      secret: 'x'
    });
    expect(await coll.findOne({ _id: 'femke', scores: { $gt: 80 } }, { projection: { 'scores.$': 1 } })).toEqual({ _id: 'femke', scores: [90] });
    expect(await coll.findOne({ _id: 'femke' }, { projection: { scores: { $slice: -2 }, name: 1 } })).toEqual({
      _id: 'femke',
      name: 'Femke de Vries',
      scores: [90, 61]
    });
    expect(await coll.findOne({ _id: 'femke' }, { projection: { sessions: { $elemMatch: { week: { $gte: 2 } } }, _id: 0 } })).toEqual({
      sessions: [{ week: 2, topic: 'linkedin' }]
    });
    const d = await coll.findOne({ _id: 'femke' }, { projection: { secret: 0, sessions: 0 } });
    expect(Object.keys(d!)).toEqual(['_id', 'name', 'scores']);
  });

  it('findAndModify options: sort, remove, replacement, arrayFilters, upsert, and duplicate keys as code 11000', async () => {
    const coll = t.db.collection<any>('fam');
    await coll.createIndex({ handle: 1 }, { unique: true });
    await coll.insertMany([
      { _id: 1, handle: 'amelie', rank: 3, steps: [{ s: 'cv', done: false }, { s: 'pitch', done: false }] },
      { _id: 2, handle: 'joris', rank: 1 },
      { _id: 3, handle: 'grace', rank: 2 }
    ]);
    const removed = await coll.findOneAndDelete({}, { sort: { rank: 1 } });
    expect(removed!._id).toBe(2);
    const replaced = await coll.findOneAndReplace({ _id: 3 }, { handle: 'grace', rank: 20 }, { returnDocument: 'after' });
    expect(replaced).toEqual({ _id: 3, handle: 'grace', rank: 20 });
    const filtered = await coll.findOneAndUpdate(
      { _id: 1 },
      { $set: { 'steps.$[x].done': true } },
      { arrayFilters: [{ 'x.s': 'pitch' }], returnDocument: 'after', projection: { steps: 1 } }
    );
    expect(filtered).toEqual({ _id: 1, steps: [{ s: 'cv', done: false }, { s: 'pitch', done: true }] });
    const up = await coll.findOneAndUpdate(
      { handle: 'theo' },
      { $set: { rank: 9 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true }
    );
    expect(up.value).toMatchObject({ handle: 'theo', rank: 9 });
    expect(up.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(up.lastErrorObject!.upserted).toEqual(up.value!._id);
    const err: any = await coll.findOneAndUpdate({ _id: 3 }, { $set: { handle: 'amelie' } }).catch((e) => e);
    expect(err?.code).toBe(11000);
    expect(err.keyValue).toEqual({ handle: 'amelie' });
    expect((await coll.findOne({ _id: 3 }))!.handle).toBe('grace');
  });

  it('concurrent $inc on one document from many requests loses no increment', async () => {
    const coll = t.db.collection<any>('counters');
    await coll.insertOne({ _id: 'visits', n: 0 });
    await Promise.all(Array.from({ length: 200 }, () => coll.updateOne({ _id: 'visits' }, { $inc: { n: 1 } })));
    expect((await coll.findOne({ _id: 'visits' }))!.n).toBe(200);
  });

  it('a document nested deeper than 100 levels is refused; 100 levels are fine', async () => {
    const coll = t.db.collection<any>('nesting');
    const nest = (depth: number) => {
      let d: any = { leaf: 'Joris Van den Broeck' };
      for (let i = 1; i < depth; i++) d = { n: d };
      return d;
    };
    await coll.insertOne({ _id: 'ok', doc: nest(98) }); // with the top level and `doc`, 100 levels
    expect(await coll.countDocuments({ _id: 'ok' })).toBe(1);
    const err: any = await coll.insertOne({ _id: 'deep', doc: nest(150) }).catch((e) => e);
    expect(err).toBeInstanceOf(mongoose.mongo.MongoServerError);
    expect(await coll.countDocuments({ _id: 'deep' })).toBe(0);
  });

  it('an array or a regex is not a valid _id', async () => {
    const coll = t.db.collection<any>('bad_ids');
    for (const _id of [['amelie', 'dubois'], /^amelie/]) {
      const err: any = await coll.insertOne({ _id, name: 'Amélie Dubois' }).catch((e) => e);
      expect(err, String(_id)).toBeInstanceOf(mongoose.mongo.MongoServerError);
    }
    expect(await coll.countDocuments()).toBe(0);
  });

  it('$unwind with includeArrayIndex, and grouping on a compound _id', async () => {
    const coll = t.db.collection<any>('plans');
    await coll.insertMany([
      { _id: 1, who: 'Sander Jansen', steps: ['cv', 'pitch'] },
      { _id: 2, who: 'Femke de Vries', steps: ['cv'] }
    ]);
    const rows = await coll
      .aggregate([
        { $unwind: { path: '$steps', includeArrayIndex: 'pos' } },
        { $group: { _id: { step: '$steps', first: { $eq: ['$pos', 0] } }, n: { $sum: 1 } } },
        { $sort: { '_id.step': 1, '_id.first': -1 } }
      ])
      .toArray();
    expect(rows).toEqual([
      { _id: { step: 'cv', first: true }, n: 2 },
      { _id: { step: 'pitch', first: false }, n: 1 }
    ]);
  });

  it('write concerns (majority, journaled) and read concerns a standalone accepts', async () => {
    const coll = t.db.collection<any>('concerns', { writeConcern: { w: 'majority', j: true, wtimeoutMS: 5_000 } });
    await coll.insertOne({ _id: 'wc', who: 'Oliver Pembroke' });
    await coll.updateOne({ _id: 'wc' }, { $set: { seen: true } });
    const local = await t.db.collection<any>('concerns', { readConcern: { level: 'local' } }).findOne({ _id: 'wc' });
    const majority = await t.db.collection<any>('concerns', { readConcern: { level: 'majority' } }).findOne({ _id: 'wc' });
    expect(local).toEqual({ _id: 'wc', who: 'Oliver Pembroke', seen: true });
    expect(majority).toEqual(local);
  });
});
