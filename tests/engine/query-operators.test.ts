// Query operators an app's filters use: comparison, logical, element, array, regex (sent as BSON regex), $expr,
// null/missing semantics and paths into arrays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, type Target } from './target.ts';

let t: Target;
let coll: any;
beforeAll(async () => {
  t = await openTarget('query_ops');
  coll = t.db.collection<any>('seekers');
  await coll.insertMany([
    { _id: 1, name: 'Amélie Dubois', city: 'Lyon', age: 34, skills: ['excel', 'sql'], scores: [55, 72], goal: { role: 'analyste', remote: true } },
    { _id: 2, name: 'Joris Van den Broeck', city: 'Gent', age: 41, skills: ['java'], scores: [90], goal: { role: 'developer', remote: false } },
    { _id: 3, name: 'Grace Whitfield', city: 'Leeds', age: 29, skills: [], scores: [], goal: null },
    { _id: 4, name: 'Théo Lemaire', city: null, age: 23, skills: ['excel', 'python', 'sql'], scores: [61, 80, 99] },
    { _id: 5, name: 'joris jansen', age: 52, skills: ['sql'], budget: 120, spent: 150 }
  ]);
});
afterAll(async () => t?.close());

const ids = async (filter: object) => (await coll.find(filter).sort({ _id: 1 }).toArray()).map((d: any) => d._id);

describe('query operators', () => {
  it('comparison and logical operators', async () => {
    expect(await ids({ age: { $gte: 30, $lt: 50 } })).toEqual([1, 2]);
    expect(await ids({ age: { $ne: 34 } })).toEqual([2, 3, 4, 5]);
    expect(await ids({ city: { $in: ['Gent', 'Leeds'] } })).toEqual([2, 3]);
    expect(await ids({ city: { $nin: ['Gent', 'Leeds', null] } })).toEqual([1]);
    expect(await ids({ $or: [{ age: { $lt: 25 } }, { city: 'Gent' }] })).toEqual([2, 4]);
    expect(await ids({ $nor: [{ age: { $lt: 25 } }, { city: 'Gent' }] })).toEqual([1, 3, 5]);
    expect(await ids({ age: { $not: { $gt: 30 } } })).toEqual([3, 4]);
    expect(await ids({ $and: [{ skills: 'sql' }, { skills: 'excel' }] })).toEqual([1, 4]);
  });

  it('null matches null and missing; $exists distinguishes them', async () => {
    expect(await ids({ city: null })).toEqual([4, 5]);
    expect(await ids({ city: { $exists: false } })).toEqual([5]);
    expect(await ids({ city: { $ne: null } })).toEqual([1, 2, 3]);
    expect(await ids({ goal: { $exists: true } })).toEqual([1, 2, 3]);
    expect(await ids({ goal: { $type: 'null' } })).toEqual([3]);
  });

  it('regular expressions sent as BSON regex, also inside $in', async () => {
    expect(await ids({ name: /^joris/i })).toEqual([2, 5]);
    expect(await ids({ name: { $regex: 'broeck$', $options: 'i' } })).toEqual([2]);
    expect(await ids({ name: { $in: [/^Grace/, /^Théo/] } })).toEqual([3, 4]);
    expect(await ids({ name: /dubois/ })).toEqual([]);
  });

  it('array operators: element equality, $all, $size, $elemMatch, and index paths', async () => {
    expect(await ids({ skills: 'excel' })).toEqual([1, 4]);
    expect(await ids({ skills: ['excel', 'sql'] })).toEqual([1]);
    expect(await ids({ skills: { $all: ['sql', 'excel'] } })).toEqual([1, 4]);
    expect(await ids({ skills: { $size: 0 } })).toEqual([3]);
    expect(await ids({ scores: { $elemMatch: { $gte: 75, $lt: 95 } } })).toEqual([2, 4]);
    expect(await ids({ scores: { $gt: 70, $lt: 60 } })).toEqual([1]); // without $elemMatch each bound may match a different element
    expect(await ids({ 'scores.0': { $gt: 58 } })).toEqual([2, 4]);
  });

  it('dotted paths into subdocuments, and $expr comparing two fields', async () => {
    expect(await ids({ 'goal.remote': true })).toEqual([1]);
    expect(await ids({ 'goal.role': { $in: ['developer', 'analyste'] } })).toEqual([1, 2]);
    expect(await ids({ $expr: { $gt: ['$spent', '$budget'] } })).toEqual([5]);
    expect(await ids({ $expr: { $eq: [{ $size: { $ifNull: ['$skills', []] } }, 3] } })).toEqual([4]);
  });

  it('$mod, and number comparisons mixing ints and doubles', async () => {
    expect(await ids({ age: { $mod: [2, 0] } })).toEqual([1, 5]);
    expect(await ids({ age: { $gt: 40.5 } })).toEqual([2, 5]);
    expect(await ids({ age: 29.0 })).toEqual([3]);
  });
});

describe('keyset pagination', () => {
  it('pages by ObjectId with $lt and a descending sort, and by date ranges', async () => {
    const msgs = t.db.collection<any>('messages');
    // ObjectIds whose order is fixed by their leading timestamp bytes.
    const ids = Array.from({ length: 25 }, (_, i) => new mongoose.mongo.ObjectId((0x65000000 + i * 977).toString(16).padStart(8, '0') + '0000000000000000'));
    await msgs.insertMany(ids.map((_id, i) => ({ _id, i, at: new Date(Date.UTC(2026, 0, 1, 9, i)) })).reverse());
    const seen: number[] = [];
    let before: mongoose.mongo.ObjectId | undefined;
    for (;;) {
      const page = await msgs.find(before ? { _id: { $lt: before } } : {}).sort({ _id: -1 }).limit(10).toArray();
      if (page.length === 0) break;
      seen.push(...page.map((d: any) => d.i));
      before = page[page.length - 1]._id;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));
    const window = await msgs
      .find({ at: { $gte: new Date(Date.UTC(2026, 0, 1, 9, 5)), $lt: new Date(Date.UTC(2026, 0, 1, 9, 8)) } })
      .sort({ at: 1 })
      .toArray();
    expect(window.map((d: any) => d.i)).toEqual([5, 6, 7]);
    // A hex string is not an ObjectId: different BSON types never compare equal.
    expect(await msgs.countDocuments({ _id: ids[3].toHexString() })).toBe(0);
    expect(await msgs.countDocuments({ _id: ids[3] })).toBe(1);
  });
});
