// Every update operator mongoose apps use, exercised through the raw driver so the server's semantics are what
// is measured (mongoose casting would hide some of them).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, caught, type Target } from './target.ts';

let t: Target;
let coll: any;

beforeAll(async () => {
  t = await openTarget('update_ops');
});
afterAll(async () => t?.close());
beforeEach(async () => {
  coll = t.db.collection<any>('mentees');
  await coll.deleteMany({});
});

/** Inserts one document with _id 1, applies `update` (with `options`) and returns the stored result. */
async function apply(doc: object, update: object, options: object = {}): Promise<any> {
  await coll.insertOne({ _id: 1, ...doc });
  const r = await coll.updateOne({ _id: 1 }, update, options);
  expect(r.matchedCount).toBe(1);
  return coll.findOne({ _id: 1 });
}

describe('field operators', () => {
  it('$set sets top-level and dotted paths, creating missing subdocuments', async () => {
    const d = await apply({ name: 'Amélie Dubois', profile: { city: 'Lyon' } }, {
      $set: { name: 'Amélie Dubois-Martin', 'profile.postcode': '69001', 'goals.primary': 'UX designer' }
    });
    expect(d).toEqual({
      _id: 1,
      name: 'Amélie Dubois-Martin',
      profile: { city: 'Lyon', postcode: '69001' },
      goals: { primary: 'UX designer' }
    });
  });

  it('$unset removes fields, including dotted ones, and ignores missing ones', async () => {
    const d = await apply({ name: 'Joris Van den Broeck', phone: '0470', profile: { city: 'Gent', zip: '9000' } }, {
      $unset: { phone: '', 'profile.zip': 1, nothing: '' }
    });
    expect(d).toEqual({ _id: 1, name: 'Joris Van den Broeck', profile: { city: 'Gent' } });
  });

  it('$inc and $mul change numbers and create missing fields ($mul creates 0)', async () => {
    const d = await apply({ applications: 3, score: 1.5 }, {
      $inc: { applications: 2, interviews: 1 },
      $mul: { score: 4, missing: 7 }
    });
    expect(d).toEqual({ _id: 1, applications: 5, score: 6, interviews: 1, missing: 0 });
  });

  it('$inc on a string field fails with TypeMismatch (code 14) and changes nothing', async () => {
    await coll.insertOne({ _id: 1, applications: 'three' });
    const err = await caught(() => coll.updateOne({ _id: 1 }, { $inc: { applications: 1 } }));
    expect(err.code).toBe(14);
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, applications: 'three' });
  });

  it('an update that would grow a document past 16 MB is refused and changes nothing', async () => {
    const half = 'x'.repeat(9 * 1024 * 1024);
    await coll.insertOne({ _id: 1, cv: half });
    const err = await caught(() => coll.updateOne({ _id: 1 }, { $set: { letter: half } }));
    // MongoDB answers 17419 ("Resulting document after update is larger than 16777216") or BSONObjectTooLarge.
    expect([17419, 10334]).toContain(err.code);
    const d = await coll.findOne({ _id: 1 }, { projection: { cv: 0 } });
    expect(d).toEqual({ _id: 1 });
  });

  it('conflicting paths in one update fail with code 40', async () => {
    await coll.insertOne({ _id: 1, a: 1 });
    const err = await caught(() => coll.updateOne({ _id: 1 }, { $set: { a: 2 }, $inc: { a: 1 } }));
    expect(err.code).toBe(40);
  });

  it('$min and $max keep the smaller or larger value, for numbers and dates', async () => {
    const d = await apply(
      { low: 10, high: 10, first: new Date('2026-03-01T00:00:00Z'), last: new Date('2026-03-01T00:00:00Z') },
      {
        $min: { low: 4, first: new Date('2026-01-15T00:00:00Z'), created: 9 },
        $max: { high: 3, last: new Date('2026-05-20T00:00:00Z') }
      }
    );
    expect(d.low).toBe(4);
    expect(d.high).toBe(10);
    expect(d.created).toBe(9);
    expect(d.first).toEqual(new Date('2026-01-15T00:00:00Z'));
    expect(d.last).toEqual(new Date('2026-05-20T00:00:00Z'));
  });

  it('$rename moves top-level and nested fields', async () => {
    const d = await apply({ nom: 'Grace Whitfield', addr: { town: 'Leeds' } }, {
      $rename: { nom: 'name', 'addr.town': 'addr.city' }
    });
    expect(d).toEqual({ _id: 1, addr: { city: 'Leeds' }, name: 'Grace Whitfield' });
  });

  it('$currentDate sets a server-side Date', async () => {
    const before = Date.now();
    const d = await apply({ name: 'Théo Lemaire' }, { $currentDate: { seenAt: true, editedAt: { $type: 'date' } } });
    expect(d.seenAt).toBeInstanceOf(Date);
    expect(d.editedAt).toBeInstanceOf(Date);
    // Generous bounds: the clock is the server's, which may be another machine when MONGODB_URI is set.
    expect(Math.abs(d.seenAt.getTime() - before)).toBeLessThan(60_000);
  });
});

describe('array operators', () => {
  it('$push appends one value, or many with $each', async () => {
    const d = await apply({ skills: ['excel'] }, { $push: { skills: { $each: ['sql', 'python'] }, notes: 'first' } });
    expect(d.skills).toEqual(['excel', 'sql', 'python']);
    expect(d.notes).toEqual(['first']);
  });

  it('$push with $position inserts at an index', async () => {
    const d = await apply({ steps: ['cv', 'interview'] }, { $push: { steps: { $each: ['cover letter'], $position: 1 } } });
    expect(d.steps).toEqual(['cv', 'cover letter', 'interview']);
  });

  it('$push with $sort and $slice keeps the top entries', async () => {
    const d = await apply(
      { scores: [{ w: 1, s: 40 }, { w: 2, s: 75 }] },
      { $push: { scores: { $each: [{ w: 3, s: 60 }, { w: 4, s: 90 }], $sort: { s: -1 }, $slice: 3 } } }
    );
    expect(d.scores).toEqual([{ w: 4, s: 90 }, { w: 2, s: 75 }, { w: 3, s: 60 }]);
  });

  it('$push with a negative $slice keeps the last entries, and $sort on scalars', async () => {
    const d = await apply({ n: [5, 1] }, { $push: { n: { $each: [4, 2, 3], $sort: 1, $slice: -2 } } });
    expect(d.n).toEqual([4, 5]);
  });

  it('$addToSet adds only missing values, also with $each and subdocuments', async () => {
    const d = await apply({ langs: ['fr', 'nl'], badges: [{ k: 'cv' }] }, {
      $addToSet: { langs: { $each: ['nl', 'en', 'en'] }, badges: { k: 'cv' } }
    });
    expect(d.langs).toEqual(['fr', 'nl', 'en']);
    expect(d.badges).toEqual([{ k: 'cv' }]);
  });

  it('$pull removes values matching a value or a condition', async () => {
    const d = await apply(
      { n: [1, 5, 8, 5, 12], offers: [{ co: 'Colruyt', ok: false }, { co: 'Decathlon', ok: true }] },
      { $pull: { n: { $gte: 8 }, offers: { ok: false } } }
    );
    expect(d.n).toEqual([1, 5, 5]);
    expect(d.offers).toEqual([{ co: 'Decathlon', ok: true }]);
  });

  it('$pullAll removes every listed value', async () => {
    const d = await apply({ n: [1, 2, 3, 2, 1, 4] }, { $pullAll: { n: [1, 2] } });
    expect(d.n).toEqual([3, 4]);
  });

  it('$pop removes the last or first element', async () => {
    const d = await apply({ a: [1, 2, 3], b: [1, 2, 3] }, { $pop: { a: 1, b: -1 } });
    expect(d.a).toEqual([1, 2]);
    expect(d.b).toEqual([2, 3]);
  });

  it('positional $ updates the first element the filter matched', async () => {
    await coll.insertOne({ _id: 1, grades: [70, 80, 80], sessions: [{ week: 1, done: false }, { week: 2, done: false }] });
    await coll.updateOne({ _id: 1, grades: 80 }, { $set: { 'grades.$': 82 } });
    await coll.updateOne({ _id: 1, 'sessions.week': 2 }, { $set: { 'sessions.$.done': true } });
    const d = await coll.findOne({ _id: 1 });
    expect(d.grades).toEqual([70, 82, 80]);
    expect(d.sessions).toEqual([{ week: 1, done: false }, { week: 2, done: true }]);
  });

  it('$[] updates every element', async () => {
    const d = await apply({ grades: [1, 2, 3], s: [{ x: 1 }, { x: 2 }] }, { $inc: { 'grades.$[]': 10, 's.$[].x': 100 } });
    expect(d.grades).toEqual([11, 12, 13]);
    expect(d.s).toEqual([{ x: 101 }, { x: 102 }]);
  });

  it('$[id] with arrayFilters updates only matching elements', async () => {
    const d = await apply(
      { grades: [95, 102, 90, 150], sessions: [{ week: 1, done: false }, { week: 2, done: false }, { week: 3, done: false }] },
      { $set: { 'grades.$[big]': 100, 'sessions.$[s].done': true } },
      { arrayFilters: [{ big: { $gte: 100 } }, { 's.week': { $lte: 2 } }] }
    );
    expect(d.grades).toEqual([95, 100, 90, 100]);
    expect(d.sessions.map((s: any) => s.done)).toEqual([true, true, false]);
  });
});

describe('edge cases MongoDB defines', () => {
  it('$unset of an array element leaves null in its place; $set past the end pads with nulls', async () => {
    const d = await apply({ a: [1, 2, 3], b: ['cv', 'pitch'] }, { $unset: { 'a.1': '' }, $set: { 'b.4': 'offer' } });
    expect(d.a).toEqual([1, null, 3]);
    expect(d.b).toEqual(['cv', 'pitch', null, null, 'offer']);
  });

  it('array operators on a non-array field fail (BadValue or TypeMismatch) and change nothing', async () => {
    await coll.insertOne({ _id: 1, name: 'Camille Rousseau', n: 5, o: { a: 1 } });
    // MongoDB: "The field 'name' must be an array but is of type string" (2), "Cannot apply $addToSet to
    // non-array field" (2), "Cannot apply $pull to a non-array value" (2), "Path 'n' contains an element of
    // non-array type 'int'" (14).
    for (const update of [{ $push: { name: 'x' } }, { $addToSet: { o: 1 } }, { $pull: { name: 'C' } }, { $pop: { n: 1 } }]) {
      const err = await caught(() => coll.updateOne({ _id: 1 }, update));
      expect([2, 14], JSON.stringify(update)).toContain(err.code);
    }
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, name: 'Camille Rousseau', n: 5, o: { a: 1 } });
  });

  it('$addToSet and $pull compare numbers by value across BSON types', async () => {
    const d = await apply(
      { n: [1, 2], m: [1, 2, new mongoose.mongo.Double(1)] },
      { $addToSet: { n: new mongoose.mongo.Double(1) }, $pull: { m: mongoose.mongo.Long.fromNumber(1) } }
    );
    expect(d.n).toEqual([1, 2]);
    expect(d.m).toEqual([2]);
  });

  it('positional $ after an $elemMatch filter', async () => {
    await coll.insertOne({ _id: 1, sessions: [{ week: 2, done: true }, { week: 2, done: false }, { week: 3, done: false }] });
    await coll.updateOne({ _id: 1, sessions: { $elemMatch: { week: 2, done: false } } }, { $set: { 'sessions.$.done': true } });
    expect((await coll.findOne({ _id: 1 })).sessions.map((s: any) => s.done)).toEqual([true, true, false]);
  });

  it('updateMany with upsert and no match inserts exactly one document', async () => {
    const r = await coll.updateMany({ city: 'Utrecht' }, { $set: { active: true } }, { upsert: true });
    expect(r).toMatchObject({ matchedCount: 0, upsertedCount: 1 });
    expect(await coll.countDocuments({ city: 'Utrecht' })).toBe(1);
  });

  it('an upsert may choose the new _id through $setOnInsert', async () => {
    const r2 = await coll.updateOne({ name: 'Femke de Vries' }, { $setOnInsert: { _id: 'femke' } }, { upsert: true });
    expect(r2.upsertedId).toBe('femke');
    expect(await coll.findOne({ _id: 'femke' })).toEqual({ _id: 'femke', name: 'Femke de Vries' });
  });
});
