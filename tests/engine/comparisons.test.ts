// MongoDB's comparison rules: the cross-type sort order, numeric comparison across int/long/double/decimal
// (never as strings), BSON-aware $type, and array fields sorting by their smallest or largest element.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, type Target } from './target.ts';

const { ObjectId, Decimal128, Long, Double, Int32, Binary, Timestamp, MinKey, MaxKey, BSONRegExp } = mongoose.mongo;

let t: Target;
beforeAll(async () => {
  t = await openTarget('comparisons');
});
afterAll(async () => t?.close());

const ids = (docs: any[]) => docs.map((d) => d._id);

describe('sort order across types', () => {
  // MongoDB: MinKey < null (= missing) < numbers < strings < objects < arrays < binData < ObjectId < bool < date
  // < timestamp < regex < MaxKey. Ids are numbered in that order.
  const docs = [
    { _id: 1, v: new MinKey() },
    { _id: 2, v: null },
    { _id: 3 },
    { _id: 4, v: Long.fromNumber(-7) },
    { _id: 5, v: new Int32(2) },
    { _id: 6, v: Decimal128.fromString('2.5') },
    { _id: 7, v: new Double(3.25) },
    { _id: 8, v: Long.fromString('9007199254740993') },
    { _id: 9, v: '' },
    { _id: 10, v: 'Zoé' },
    { _id: 11, v: 'amélie' },
    { _id: 12, v: 'Émile' },
    { _id: 13, v: {} },
    { _id: 14, v: { a: 1 } },
    { _id: 15, v: new Binary(Buffer.from([1])) },
    { _id: 16, v: new ObjectId('000000000000000000000001') },
    { _id: 17, v: false },
    { _id: 18, v: true },
    { _id: 19, v: new Date('1960-01-01T00:00:00Z') },
    { _id: 20, v: new Date('2026-11-28T00:00:00Z') },
    { _id: 21, v: new Timestamp({ t: 1, i: 1 }) },
    { _id: 22, v: new BSONRegExp('a', '') },
    { _id: 23, v: new MaxKey() }
  ];

  beforeAll(async () => {
    // Inserted shuffled so natural order does not give the answer away.
    const shuffled = [...docs].sort((a, b) => ((a._id * 7919) % 23) - ((b._id * 7919) % 23));
    await t.db.collection<any>('mixed').insertMany(shuffled);
  });

  it('ascending follows the BSON type order, numbers by value, strings by bytes', async () => {
    const got = ids(await t.db.collection<any>('mixed').find({}).sort({ v: 1, _id: 1 }).toArray());
    expect(got).toEqual(docs.map((d) => d._id));
  });

  it('descending is the exact reverse (ties broken by _id)', async () => {
    const got = ids(await t.db.collection<any>('mixed').find({}).sort({ v: -1, _id: -1 }).toArray());
    expect(got).toEqual(docs.map((d) => d._id).reverse());
  });

  it('the aggregation $sort uses the same order', async () => {
    const got = ids(await t.db.collection<any>('mixed').aggregate([{ $sort: { v: 1, _id: 1 } }]).toArray());
    expect(got).toEqual(docs.map((d) => d._id));
  });

  it('range filters only match within a type bracket', async () => {
    const coll = t.db.collection<any>('mixed');
    expect(ids(await coll.find({ v: { $gt: 0 } }).sort({ _id: 1 }).toArray())).toEqual([5, 6, 7, 8]);
    expect(ids(await coll.find({ v: { $gte: 'a' } }).sort({ _id: 1 }).toArray())).toEqual([11, 12]);
    expect(ids(await coll.find({ v: { $lt: new Date('2000-01-01') } }).sort({ _id: 1 }).toArray())).toEqual([19]);
    expect(ids(await coll.find({ v: null }).sort({ _id: 1 }).toArray())).toEqual([2, 3]);
  });
});

describe('arrays sort by their extreme element', () => {
  it('ascending uses the smallest element, descending the largest', async () => {
    const coll = t.db.collection<any>('arrays');
    await coll.insertMany([
      { _id: 'a', v: [5, 1] },
      { _id: 'b', v: 3 },
      { _id: 'c', v: [4] }
    ]);
    expect(ids(await coll.find({}).sort({ v: 1 }).toArray())).toEqual(['a', 'b', 'c']);
    expect(ids(await coll.find({}).sort({ v: -1 }).toArray())).toEqual(['a', 'c', 'b']);
  });
});

describe('Long and Decimal128 in filters compare as numbers', () => {
  beforeAll(async () => {
    await t.db.collection<any>('numbers').insertMany([
      { _id: 'long9', n: Long.fromNumber(9) },
      { _id: 'long10', n: Long.fromNumber(10) },
      { _id: 'longBig', n: Long.fromString('9007199254740993') },
      { _id: 'dec9.75', n: Decimal128.fromString('9.75') },
      { _id: 'dec10.5', n: Decimal128.fromString('10.5') },
      { _id: 'int100', n: 100 },
      { _id: 'str', n: '11' }
    ]);
  });
  const find = async (filter: object) => ids(await t.db.collection<any>('numbers').find(filter).sort({ n: 1 }).toArray());

  it('orders Long, Decimal128 and numbers numerically', async () => {
    expect(await find({ n: { $type: 'number' } })).toEqual(['long9', 'dec9.75', 'long10', 'dec10.5', 'int100', 'longBig']);
  });

  it('$gt / $lt against a Long, a Decimal128 and a plain number', async () => {
    expect(await find({ n: { $gt: Long.fromNumber(9) } })).toEqual(['dec9.75', 'long10', 'dec10.5', 'int100', 'longBig']);
    expect(await find({ n: { $lt: Decimal128.fromString('10.25') } })).toEqual(['long9', 'dec9.75', 'long10']);
    expect(await find({ n: { $gte: 10, $lte: 100 } })).toEqual(['long10', 'dec10.5', 'int100']);
    expect(await find({ n: { $gt: Long.fromString('9007199254740992') } })).toEqual(['longBig']);
  });

  it('equality across numeric types, and $in', async () => {
    expect(await find({ n: 10 })).toEqual(['long10']);
    expect(await find({ n: Decimal128.fromString('10.50') })).toEqual(['dec10.5']);
    expect(await find({ n: { $in: [Long.fromNumber(100), 9.75] } })).toEqual(['dec9.75', 'int100']);
    expect(await find({ n: 11 })).toEqual([]);
  });

  it('a JavaScript BigInt in a filter is sent as a Long and compared as a number', async () => {
    expect(await find({ n: 9007199254740993n })).toEqual(['longBig']);
    expect(await find({ n: { $lt: 10n } })).toEqual(['long9', 'dec9.75']);
    expect(await find({ n: { $in: [10n, 100n] } })).toEqual(['long10', 'int100']);
  });
});

describe('$type', () => {
  beforeAll(async () => {
    await t.db.collection<any>('typed').insertMany([
      { _id: 'oid', v: new ObjectId() },
      { _id: 'bin', v: new Binary(Buffer.from('x')) },
      { _id: 'uuid', v: new mongoose.mongo.UUID() },
      { _id: 'str', v: '65a1b2c3d4e5f60718293a4b' },
      { _id: 'int', v: new Int32(1) },
      { _id: 'double', v: new Double(1) },
      { _id: 'long', v: Long.fromNumber(1) },
      { _id: 'dec', v: Decimal128.fromString('1') },
      { _id: 'date', v: new Date() },
      { _id: 'null', v: null },
      { _id: 'arr', v: [new ObjectId(), 'x'] },
      { _id: 'obj', v: { x: 1 } },
      { _id: 'bool', v: true }
    ]);
  });
  const typed = async (type: unknown) =>
    ids(await t.db.collection<any>('typed').find({ v: { $type: type } }).toArray()).sort();

  it('distinguishes objectId and binData from strings and objects', async () => {
    expect(await typed('objectId')).toEqual(['arr', 'oid']);
    expect(await typed(7)).toEqual(['arr', 'oid']);
    expect(await typed('binData')).toEqual(['bin', 'uuid']);
    expect(await typed('string')).toEqual(['arr', 'str']);
    expect(await typed('object')).toEqual(['obj']);
    expect(await typed('array')).toEqual(['arr']);
  });

  it('tells the numeric types apart, and "number" matches them all', async () => {
    expect(await typed('int')).toEqual(['int']);
    expect(await typed('double')).toEqual(['double']);
    expect(await typed('long')).toEqual(['long']);
    expect(await typed('decimal')).toEqual(['dec']);
    expect(await typed('number')).toEqual(['dec', 'double', 'int', 'long']);
    expect(await typed(['date', 'null', 'bool'])).toEqual(['bool', 'date', 'null']);
  });
});
