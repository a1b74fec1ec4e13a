// What the server refuses: server-side JavaScript ($where, $function, $accumulator) and unknown commands.
// The engine must never execute code that arrives inside a query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, caught, type Target } from './target.ts';

let t: Target;
let coll: mongoose.mongo.Collection<any>;
beforeAll(async () => {
  t = await openTarget('refusals');
  coll = t.db.collection<any>('seekers');
  await coll.insertMany([{ name: 'Camille Rousseau', n: 1 }, { name: 'Sander Jansen', n: 2 }]);
});
afterAll(async () => t?.close());

describe('server-side JavaScript is refused', () => {
  it('$where in find (string and through mongoose)', async () => {
    const err = await caught(() => coll.find({ $where: 'this.n > 1' }).toArray());
    expect(err).toBeInstanceOf(mongoose.mongo.MongoServerError);
    expect(err.message).toMatch(/\$where/);
    const Seeker = t.conn.model<any>('Seeker', new mongoose.Schema({ name: String, n: Number }), 'seekers');
    expect(await caught(() => Seeker.find({ $where: 'true' }).exec())).toBeInstanceOf(mongoose.mongo.MongoServerError);
  });

  it('$where inside $and, in count, delete and update filters, and in an aggregate $match', async () => {
    for (const op of [
      () => coll.findOne({ $and: [{ n: 1 }, { $where: 'true' }] }),
      () => coll.countDocuments({ $where: 'true' }),
      () => coll.deleteMany({ $where: 'true' }),
      () => coll.updateMany({ $where: 'true' }, { $set: { hacked: true } }),
      () => coll.aggregate([{ $match: { $where: 'true' } }]).toArray()
    ]) {
      expect(await caught(op)).toBeInstanceOf(mongoose.mongo.MongoServerError);
    }
    expect(await coll.countDocuments()).toBe(2);
    expect(await coll.countDocuments({ hacked: true })).toBe(0);
  });

  it('$function in $expr and in an aggregation stage, and $accumulator', async () => {
    const fn = { $function: { body: 'function(n) { return n > 1; }', args: ['$n'], lang: 'js' } };
    const errs = [
      await caught(() => coll.find({ $expr: fn }).toArray()),
      await caught(() => coll.aggregate([{ $addFields: { big: fn } }]).toArray()),
      await caught(() =>
        coll
          .aggregate([
            {
              $group: {
                _id: null,
                s: {
                  $accumulator: {
                    init: 'function() { return 0; }',
                    accumulate: 'function(s, n) { return s + n; }',
                    accumulateArgs: ['$n'],
                    merge: 'function(a, b) { return a + b; }',
                    lang: 'js'
                  }
                }
              }
            }
          ])
          .toArray()
      )
    ];
    for (const err of errs) expect(err).toBeInstanceOf(mongoose.mongo.MongoServerError);
  });
});

describe('unknown commands', () => {
  it('answer code 59 CommandNotFound naming the command', async () => {
    const err = await caught(() => t.db.command({ frobnicate: 1 }));
    expect(err.code).toBe(59);
    expect(err.codeName).toBe('CommandNotFound');
    expect(err.message).toMatch(/frobnicate/);
    const err2 = await caught(() => t.db.admin().command({ replSetGetStatus: 1 }));
    expect(err2).toBeInstanceOf(mongoose.mongo.MongoServerError);
  });

  it('leave the connection usable', async () => {
    await caught(() => t.db.command({ frobnicate: 1 }));
    expect(await coll.countDocuments()).toBe(2);
    expect((await t.db.command({ ping: 1 })).ok).toBe(1);
  });
});

describe('features a standalone server does not offer answer errors', () => {
  it('change streams', async () => {
    const stream = coll.watch();
    const err = await caught(() => stream.tryNext());
    expect(err).toBeInstanceOf(mongoose.mongo.MongoServerError);
    await stream.close();
  });

  it('$text without a text index, and $near without a geo index', async () => {
    expect(await caught(() => coll.find({ $text: { $search: 'Rousseau' } }).toArray())).toBeInstanceOf(mongoose.mongo.MongoServerError);
    expect(
      await caught(() => coll.find({ loc: { $near: { $geometry: { type: 'Point', coordinates: [4.85, 45.75] } } } }).toArray())
    ).toBeInstanceOf(mongoose.mongo.MongoServerError);
  });
});
