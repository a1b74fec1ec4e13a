// Aggregation details apps rely on: accumulators, $lookup with a pipeline, numeric grouping across BSON types,
// and $sort on nested paths with missing values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, type Target } from './target.ts';

const { Long, Double } = mongoose.mongo;
let t: Target;
beforeAll(async () => {
  t = await openTarget('aggregate_more');
  await t.db.collection<any>('sessions').insertMany([
    { _id: 1, mentor: 'Amélie Dubois', minutes: 30, topic: 'cv', at: new Date('2026-01-05') },
    { _id: 2, mentor: 'Amélie Dubois', minutes: 45, topic: 'pitch', at: new Date('2026-01-12') },
    { _id: 3, mentor: 'Joris Van den Broeck', minutes: 60, topic: 'cv', at: new Date('2026-01-07') },
    { _id: 4, mentor: 'Amélie Dubois', minutes: 45, topic: 'cv', at: new Date('2026-01-19') },
    { _id: 5, mentor: 'Grace Whitfield', topic: 'linkedin', at: new Date('2026-01-02') }
  ]);
  await t.db.collection<any>('mentors').insertMany([
    { _id: 'a', name: 'Amélie Dubois', profile: { city: 'Lyon', since: 2019 } },
    { _id: 'j', name: 'Joris Van den Broeck', profile: { city: 'Gent' } },
    { _id: 'g', name: 'Grace Whitfield', profile: { since: 2021 } },
    { _id: 'h', name: 'Harriet Ashworth' }
  ]);
});
afterAll(async () => t?.close());

describe('accumulators', () => {
  it('$sum, $avg, $min, $max, $first, $last, $push and $addToSet', async () => {
    const rows = await t.db
      .collection<any>('sessions')
      .aggregate([
        { $sort: { at: 1 } },
        {
          $group: {
            _id: '$mentor',
            total: { $sum: '$minutes' },
            avg: { $avg: '$minutes' },
            min: { $min: '$minutes' },
            max: { $max: '$minutes' },
            first: { $first: '$topic' },
            last: { $last: '$topic' },
            topics: { $push: '$topic' },
            distinctTopics: { $addToSet: '$topic' },
            n: { $sum: 1 }
          }
        },
        { $sort: { _id: 1 } }
      ])
      .toArray();
    expect(rows.map((r) => ({ ...r, distinctTopics: [...r.distinctTopics].sort() }))).toEqual([
      { _id: 'Amélie Dubois', total: 120, avg: 40, min: 30, max: 45, first: 'cv', last: 'cv', topics: ['cv', 'pitch', 'cv'], distinctTopics: ['cv', 'pitch'], n: 3 },
      // Missing values: $sum gives 0, $avg/$min/$max give null.
      { _id: 'Grace Whitfield', total: 0, avg: null, min: null, max: null, first: 'linkedin', last: 'linkedin', topics: ['linkedin'], distinctTopics: ['linkedin'], n: 1 },
      { _id: 'Joris Van den Broeck', total: 60, avg: 60, min: 60, max: 60, first: 'cv', last: 'cv', topics: ['cv'], distinctTopics: ['cv'], n: 1 }
    ]);
  });

  it('groups 1, 1.0 and Long(1) under one key, as distinct does', async () => {
    const coll = t.db.collection<any>('levels');
    await coll.insertMany([{ level: 1 }, { level: new Double(1) }, { level: Long.fromNumber(1) }, { level: 2 }]);
    const rows = await coll.aggregate([{ $group: { _id: '$level', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray();
    expect(rows.map((r) => [Number(r._id), r.n])).toEqual([
      [1, 3],
      [2, 1]
    ]);
    expect((await coll.distinct('level')).map(Number).sort()).toEqual([1, 2]);
  });
});

describe('$lookup with let and a pipeline', () => {
  it('joins with a correlated condition and shapes the joined documents', async () => {
    const rows = await t.db
      .collection<any>('mentors')
      .aggregate([
        { $match: { _id: { $in: ['a', 'h'] } } },
        {
          $lookup: {
            from: 'sessions',
            let: { who: '$name' },
            pipeline: [
              { $match: { $expr: { $eq: ['$mentor', '$$who'] }, minutes: { $gte: 45 } } },
              { $sort: { at: -1 } },
              { $project: { _id: 0, topic: 1 } }
            ],
            as: 'long'
          }
        },
        { $project: { name: 1, long: 1 } },
        { $sort: { _id: 1 } }
      ])
      .toArray();
    expect(rows).toEqual([
      { _id: 'a', name: 'Amélie Dubois', long: [{ topic: 'cv' }, { topic: 'pitch' }] },
      { _id: 'h', name: 'Harriet Ashworth', long: [] }
    ]);
  });
});

describe('$sort and $project on nested paths', () => {
  it('missing nested values sort first ascending, last descending', async () => {
    const coll = t.db.collection<any>('mentors');
    const asc = (await coll.find({}).sort({ 'profile.since': 1, _id: 1 }).toArray()).map((d) => d._id);
    expect(asc).toEqual(['h', 'j', 'a', 'g']);
    const desc = (await coll.aggregate([{ $sort: { 'profile.since': -1, _id: 1 } }]).toArray()).map((d) => d._id);
    expect(desc).toEqual(['g', 'a', 'h', 'j']);
  });

  it('projects nested fields and computed values', async () => {
    const rows = await t.db
      .collection<any>('mentors')
      .find({}, { projection: { _id: 0, name: 1, 'profile.city': 1 } })
      .sort({ name: 1 })
      .toArray();
    expect(rows).toEqual([
      { name: 'Amélie Dubois', profile: { city: 'Lyon' } },
      { name: 'Grace Whitfield', profile: {} },
      { name: 'Harriet Ashworth' },
      { name: 'Joris Van den Broeck', profile: { city: 'Gent' } }
    ]);
    const computed = await t.db
      .collection<any>('mentors')
      .aggregate([
        { $match: { _id: 'a' } },
        { $project: { _id: 0, label: { $concat: ['$name', ' (', '$profile.city', ')'] }, years: { $subtract: [2026, '$profile.since'] } } }
      ])
      .toArray();
    expect(computed).toEqual([{ label: 'Amélie Dubois (Lyon)', years: 7 }]);
  });
});

describe('date and string expressions', () => {
  it('$dateToString (UTC and a time zone), $year, $isoWeek', async () => {
    const rows = await t.db
      .collection<any>('sessions')
      .aggregate([
        { $match: { _id: 4 } },
        { $set: { late: new Date('2026-03-28T23:30:00Z') } },
        {
          $project: {
            _id: 0,
            day: { $dateToString: { format: '%Y-%m-%d', date: '$at' } },
            brussels: { $dateToString: { format: '%Y-%m-%d %H:%M', date: '$late', timezone: 'Europe/Brussels' } },
            year: { $year: '$at' },
            week: { $isoWeek: '$at' }
          }
        }
      ])
      .toArray();
    expect(rows).toEqual([{ day: '2026-01-19', brussels: '2026-03-29 00:30', year: 2026, week: 4 }]);
  });

  it('string lengths count code points or bytes; case and split', async () => {
    const rows = await t.db
      .collection<any>('mentors')
      .aggregate([
        { $match: { _id: 'a' } },
        {
          $project: {
            _id: 0,
            cp: { $strLenCP: '$name' },
            bytes: { $strLenBytes: '$name' },
            upper: { $toUpper: { $arrayElemAt: [{ $split: ['$name', ' '] }, 1] } },
            parts: { $split: ['$name', ' '] },
            match: { $regexMatch: { input: '$name', regex: /^amé/i } }
          }
        }
      ])
      .toArray();
    // $toUpper is only defined for ASCII in MongoDB, hence the ASCII surname.
    expect(rows).toEqual([{ cp: 13, bytes: 14, upper: 'DUBOIS', parts: ['Amélie', 'Dubois'], match: true }]);
  });
});

describe('stages that reshape or write', () => {
  it('$addFields and $replaceRoot', async () => {
    const reshaped = await t.db
      .collection<any>('sessions')
      .aggregate([
        { $match: { _id: { $lte: 2 } } },
        { $addFields: { meta: { id: '$_id', long: { $gte: ['$minutes', 45] } } } },
        { $replaceRoot: { newRoot: '$meta' } },
        { $sort: { id: 1 } }
      ])
      .toArray();
    expect(reshaped).toEqual([
      { id: 1, long: false },
      { id: 2, long: true }
    ]);
  });

  it('$bucket puts a value equal to a boundary in the bucket that starts there; $sortByCount', async () => {
    const sessions = t.db.collection<any>('sessions');
    // Minutes 30, 45, 60, 45: buckets are [0, 45) and [45, 120).
    const buckets = await sessions
      .aggregate([{ $match: { minutes: { $exists: true } } }, { $bucket: { groupBy: '$minutes', boundaries: [0, 45, 120], default: 'other' } }])
      .toArray();
    expect(buckets).toEqual([
      { _id: 0, count: 1 },
      { _id: 45, count: 3 }
    ]);
    expect(await sessions.aggregate([{ $sortByCount: '$topic' }, { $limit: 1 }]).toArray()).toEqual([{ _id: 'cv', count: 3 }]);
  });

  it('$out writes the result into a collection', async () => {
    await t.db.collection<any>('sessions').aggregate([{ $group: { _id: '$mentor', n: { $sum: 1 } } }, { $out: 'mentor_counts' }]).toArray();
    const out = await t.db.collection<any>('mentor_counts').find({}).sort({ _id: 1 }).toArray();
    expect(out).toEqual([
      { _id: 'Amélie Dubois', n: 3 },
      { _id: 'Grace Whitfield', n: 1 },
      { _id: 'Joris Van den Broeck', n: 1 }
    ]);
  });

  it('$merge upserts into a collection', async () => {
    const target = t.db.collection<any>('merged_counts');
    await target.insertMany([
      { _id: 'Grace Whitfield', n: 1 },
      { _id: 'Harriet Ashworth', n: 4 }
    ]);
    await t.db
      .collection<any>('sessions')
      .aggregate([
        { $match: { mentor: { $in: ['Grace Whitfield', 'Joris Van den Broeck'] } } },
        { $group: { _id: '$mentor', n: { $sum: 10 } } },
        { $merge: { into: 'merged_counts', on: '_id', whenMatched: 'replace', whenNotMatched: 'insert' } }
      ])
      .toArray();
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 'Grace Whitfield', n: 10 },
      { _id: 'Harriet Ashworth', n: 4 },
      { _id: 'Joris Van den Broeck', n: 10 }
    ]);
  });
});
