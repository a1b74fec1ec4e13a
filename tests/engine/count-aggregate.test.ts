// countDocuments, estimatedDocumentCount, distinct, and the aggregation stages the app relies on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, type Target, type AnyModel } from './target.ts';
import { PEOPLE } from './people.ts';

let t: Target;
let Mentor: AnyModel;
let Meeting: AnyModel;

beforeAll(async () => {
  t = await openTarget('aggregate');
  Mentor = t.conn.model<any>('Mentor', new mongoose.Schema({ name: String, city: String, lang: String, skills: [String] }));
  Meeting = t.conn.model<any>(
    'Meeting',
    new mongoose.Schema({ mentor: mongoose.Schema.Types.ObjectId, minutes: Number, mode: String })
  );
  const mentors = await Mentor.insertMany(
    PEOPLE.map((p, i) => ({ ...p, skills: i % 2 ? ['cv', 'linkedin'] : ['cv', 'interview', 'negotiation'] }))
  );
  // Mentor i has i meetings of 30 + 10*j minutes; alternately online and in person.
  const meetings = mentors.flatMap((m, i) =>
    Array.from({ length: i }, (_, j) => ({ mentor: m._id, minutes: 30 + 10 * j, mode: j % 2 ? 'online' : 'in-person' }))
  );
  await Meeting.insertMany(meetings);
});
afterAll(async () => t?.close());

describe('counting and distinct', () => {
  it('countDocuments with a filter, skip and limit', async () => {
    expect(await Mentor.countDocuments()).toBe(9);
    expect(await Mentor.countDocuments({ lang: 'fr' })).toBe(3);
    expect(await Mentor.countDocuments({ lang: 'zz' })).toBe(0);
    expect(await Mentor.countDocuments({}, { skip: 2, limit: 5 })).toBe(5);
    expect(await Mentor.countDocuments({}, { skip: 7 })).toBe(2);
  });

  it('estimatedDocumentCount counts the whole collection', async () => {
    expect(await Mentor.estimatedDocumentCount()).toBe(9);
    expect(await Meeting.estimatedDocumentCount()).toBe(36);
  });

  it('distinct returns each value once, unwinding arrays, under a filter', async () => {
    expect((await Mentor.distinct('lang')).sort()).toEqual(['en', 'fr', 'nl']);
    expect((await Mentor.distinct('skills')).sort()).toEqual(['cv', 'interview', 'linkedin', 'negotiation']);
    expect((await Mentor.distinct('city', { lang: 'nl' })).sort()).toEqual(['Gent', 'Rotterdam', 'Utrecht']);
    expect(await Mentor.distinct('city', { lang: 'zz' })).toEqual([]);
  });
});

describe('aggregate', () => {
  it('$match, $group, $sort and $project', async () => {
    const rows = await Meeting.aggregate([
      { $match: { minutes: { $gte: 40 } } },
      { $group: { _id: '$mode', total: { $sum: '$minutes' }, n: { $sum: 1 }, longest: { $max: '$minutes' } } },
      { $sort: { total: -1 } },
      { $project: { _id: 0, mode: '$_id', total: 1, n: 1, longest: 1 } }
    ]);
    // Meetings j>=1: online for odd j, in person for even j (>=2); mentor i has j in 0..i-1.
    let online = { total: 0, n: 0 };
    let inPerson = { total: 0, n: 0 };
    for (let i = 0; i < 9; i++)
      for (let j = 1; j < i; j++) {
        const bucket = j % 2 ? online : inPerson;
        bucket.total += 30 + 10 * j;
        bucket.n++;
      }
    expect(rows).toEqual([
      { total: online.total, n: online.n, longest: 100, mode: 'online' },
      { total: inPerson.total, n: inPerson.n, longest: 90, mode: 'in-person' }
    ]);
  });

  it('$lookup joins another collection and $unwind flattens it', async () => {
    const rows = await Mentor.aggregate([
      { $match: { lang: 'en' } },
      { $lookup: { from: Meeting.collection.name, localField: '_id', foreignField: 'mentor', as: 'meetings' } },
      { $unwind: '$meetings' },
      { $group: { _id: '$name', n: { $sum: 1 }, minutes: { $sum: '$meetings.minutes' } } },
      { $sort: { _id: 1 } }
    ]);
    // Grace is mentor 2 (2 meetings), Oliver 5, Harriet 8.
    expect(rows).toEqual([
      { _id: 'Grace Whitfield', n: 2, minutes: 30 + 40 },
      { _id: 'Harriet Ashworth', n: 8, minutes: 8 * 30 + 10 * 28 },
      { _id: 'Oliver Pembroke', n: 5, minutes: 5 * 30 + 10 * 10 }
    ]);
  });

  it('$unwind with preserveNullAndEmptyArrays keeps mentors without meetings', async () => {
    const rows = await Mentor.aggregate([
      { $lookup: { from: Meeting.collection.name, localField: '_id', foreignField: 'mentor', as: 'm' } },
      { $unwind: { path: '$m', preserveNullAndEmptyArrays: true } },
      { $match: { m: { $exists: false } } },
      { $project: { _id: 0, name: 1 } }
    ]);
    expect(rows).toEqual([{ name: 'Amélie Dubois' }]);
  });

  it('$facet runs sub-pipelines over the same input, and $count counts', async () => {
    const [facets] = await Meeting.aggregate([
      {
        $facet: {
          total: [{ $count: 'n' }],
          byMode: [{ $group: { _id: '$mode', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
          longest: [{ $sort: { minutes: -1 } }, { $limit: 1 }, { $project: { _id: 0, minutes: 1 } }]
        }
      }
    ]);
    expect(facets).toEqual({
      total: [{ n: 36 }],
      byMode: [
        { _id: 'in-person', n: 20 },
        { _id: 'online', n: 16 }
      ],
      longest: [{ minutes: 100 }]
    });
    expect(await Meeting.aggregate([{ $match: { mode: 'online' } }, { $count: 'online' }])).toEqual([{ online: 16 }]);
    expect(await Meeting.aggregate([{ $match: { mode: 'none' } }, { $count: 'n' }])).toEqual([]);
  });
});
