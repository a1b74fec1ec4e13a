// Arithmetic keeps MongoDB's numeric types and precision: decimals stay exact decimals, 64-bit integers stay
// exact beyond 2^53, and an int32 that overflows becomes a long.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, type Target } from './target.ts';

const { Decimal128, Long, Int32 } = mongoose.mongo;
const typed = { promoteValues: false, promoteLongs: false } as object;
let t: Target;
let coll: any;
beforeAll(async () => {
  t = await openTarget('numeric_math');
  coll = t.db.collection<any>('budgets');
});
afterAll(async () => t?.close());

describe('update arithmetic', () => {
  it('$inc with Decimal128 stays an exact decimal', async () => {
    await coll.insertOne({ _id: 'dec', amount: Decimal128.fromString('0.1') });
    await coll.updateOne({ _id: 'dec' }, { $inc: { amount: Decimal128.fromString('0.1') } });
    await coll.updateOne({ _id: 'dec' }, { $inc: { amount: Decimal128.fromString('0.1') } });
    const d = await coll.findOne({ _id: 'dec' }, typed);
    expect(d.amount._bsontype).toBe('Decimal128');
    expect(d.amount.toString()).toBe('0.3');
  });

  it('$inc on a Long beyond 2^53 is exact', async () => {
    await coll.insertOne({ _id: 'long', n: Long.fromString('9007199254740992') });
    await coll.updateOne({ _id: 'long' }, { $inc: { n: Long.fromNumber(1) } });
    await coll.updateOne({ _id: 'long' }, { $inc: { n: 2 } });
    const d = await coll.findOne({ _id: 'long' }, typed);
    expect(d.n._bsontype).toBe('Long');
    expect(d.n.toString()).toBe('9007199254740995');
  });

  it('an int32 that overflows through $inc becomes a long; $mul of int32 likewise', async () => {
    await coll.insertOne({ _id: 'int', a: new Int32(2147483647), b: new Int32(65536) });
    await coll.updateOne({ _id: 'int' }, { $inc: { a: new Int32(1) }, $mul: { b: new Int32(65536) } });
    const d = await coll.findOne({ _id: 'int' }, typed);
    expect(d.a._bsontype).toBe('Long');
    expect(d.a.toString()).toBe('2147483648');
    expect(d.b._bsontype).toBe('Long');
    expect(d.b.toString()).toBe('4294967296');
  });
});

describe('aggregation arithmetic', () => {
  it('$sum of decimals is an exact decimal; $sum of longs is an exact long', async () => {
    const c = t.db.collection<any>('ledger');
    await c.insertMany([
      { amount: Decimal128.fromString('0.10'), big: Long.fromString('9007199254740993') },
      { amount: Decimal128.fromString('0.20'), big: Long.fromNumber(2) }
    ]);
    const [row] = await c.aggregate([{ $group: { _id: null, amount: { $sum: '$amount' }, big: { $sum: '$big' } } }], typed).toArray();
    expect(row.amount._bsontype).toBe('Decimal128');
    expect(Number(row.amount.toString())).toBe(0.3);
    expect(row.amount.toString()).toMatch(/^0\.30*$/);
    expect(row.big._bsontype).toBe('Long');
    expect(row.big.toString()).toBe('9007199254740995');
  });

  it('$avg of decimals and $add with decimals and longs keep the type and the precision', async () => {
    const c = t.db.collection<any>('ledger2');
    await c.insertMany([
      { _id: 1, amount: Decimal128.fromString('0.10'), big: Long.fromString('9007199254740993') },
      { _id: 2, amount: Decimal128.fromString('0.20'), big: Long.fromNumber(2) }
    ]);
    const [avg] = await c.aggregate([{ $group: { _id: null, avg: { $avg: '$amount' } } }], typed).toArray();
    expect(avg.avg._bsontype).toBe('Decimal128');
    expect(Number(avg.avg.toString())).toBe(0.15);
    const rows = await c
      .aggregate([{ $sort: { _id: 1 } }, { $project: { s: { $add: ['$amount', Decimal128.fromString('1')] }, b: { $add: ['$big', 1] } } }], typed)
      .toArray();
    expect(rows[0].s._bsontype).toBe('Decimal128');
    expect(Number(rows[0].s.toString())).toBe(1.1);
    expect(rows[0].b._bsontype).toBe('Long');
    expect(rows[0].b.toString()).toBe('9007199254740994');
  });
});
