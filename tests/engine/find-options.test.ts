// Less common find options a mongoose app can pass: hint, collation, and comment/maxTimeMS (accepted and ignored).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, caught, type Target } from './target.ts';

let t: Target;
let coll: any;
beforeAll(async () => {
  t = await openTarget('find_options');
  coll = t.db.collection<any>('mentors');
  await coll.createIndex({ name: 1 });
  await coll.insertMany([
    { _id: 1, name: 'Amélie Dubois' },
    { _id: 2, name: 'amelie dubois' },
    { _id: 3, name: 'Émile Durand' },
    { _id: 4, name: 'Zoé Martin' }
  ]);
});
afterAll(async () => t?.close());

describe('find options', () => {
  it('hint by an existing index works; by a missing index fails (code 2)', async () => {
    expect((await coll.find({ name: 'Zoé Martin' }).hint({ name: 1 }).toArray()).map((d: any) => d._id)).toEqual([4]);
    expect((await caught(() => coll.find({ name: 'Zoé Martin' }).hint({ nope: 1 }).toArray())).code).toBe(2);
  });

  it('comment and maxTimeMS are accepted', async () => {
    const docs = await coll.find({ _id: 1 }, { comment: 'mentor lookup', maxTimeMS: 5_000 }).toArray();
    expect(docs).toHaveLength(1);
  });

  it('a collation with strength 1 matches and sorts ignoring case and accents', async () => {
    const fr = { locale: 'fr', strength: 1 };
    const matched = (await coll.find({ name: 'AMELIE DUBOIS' }).collation(fr).sort({ _id: 1 }).toArray()).map((d: any) => d._id);
    expect(matched).toEqual([1, 2]);
    const sorted = (await coll.find({}).collation(fr).sort({ name: 1, _id: 1 }).toArray()).map((d: any) => d._id);
    // Without a collation, 'Zoé' would sort before 'amelie' and 'Émile' last.
    expect(sorted).toEqual([1, 2, 3, 4]);
  });
});
