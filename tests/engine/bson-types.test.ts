// Every BSON type mongoose uses must come back as it went in: through mongoose models, and byte for byte
// through the raw driver (a stored 5.0 must stay a double, a small Long a Long, even after unrelated updates).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { BSON } from 'bson';
import { openTarget, type Target, type AnyModel } from './target.ts';

const { ObjectId, Decimal128, Long, Double, Int32, UUID, Binary, Timestamp, MinKey, MaxKey, BSONRegExp } = mongoose.mongo;
const BIG = 9007199254740993n; // 2^53 + 1: not representable as a JS number

// Hydrated documents give Buffer and UUID; lean ones give the driver's Binary.
const bytesOf = (v: any) => Buffer.from(v instanceof Binary ? v.buffer.subarray(0, v.position) : v);
const uuidOf = (v: any) => (v instanceof Binary ? v.toUUID().toString() : String(v));

let t: Target;
let Profile: AnyModel;

beforeAll(async () => {
  t = await openTarget('bson_types');
  Profile = t.conn.model<any>(
    'Profile',
    new mongoose.Schema({
      name: String,
      mentor: mongoose.Schema.Types.ObjectId,
      startedAt: Date,
      cv: Buffer,
      hourlyRate: mongoose.Schema.Types.Decimal128,
      languages: { type: Map, of: String },
      milestones: { type: Map, of: new mongoose.Schema({ done: Boolean, at: Date }, { _id: false }) },
      externalId: mongoose.Schema.Types.UUID,
      grid: [[Number]],
      counter: mongoose.Schema.Types.BigInt,
      score: mongoose.Schema.Types.Double,
      level: mongoose.Schema.Types.Int32,
      misc: mongoose.Schema.Types.Mixed
    })
  );
  await Profile.init();
});
afterAll(async () => t?.close());

describe('round trip through mongoose', () => {
  it('keeps ObjectId, Date, Buffer, Decimal128, Map, UUID, nested arrays, BigInt, Double and Int32', async () => {
    const mentor = new ObjectId();
    const startedAt = new Date('1969-07-20T20:17:40.123Z');
    const uuid = '6f1c2a3e-8b4d-4c5e-9f60-7a8b9c0d1e2f';
    const created = await Profile.create({
      name: 'Joris Van den Broeck',
      mentor,
      startedAt,
      cv: Buffer.from([0, 1, 2, 253, 254, 255]),
      hourlyRate: Decimal128.fromString('1234.5678901234567890123'),
      languages: new Map([
        ['nl', 'moedertaal'],
        ['fr', 'B2']
      ]),
      milestones: { cv: { done: true, at: new Date('2026-01-05T09:00:00Z') }, interview: { done: false } },
      externalId: uuid,
      grid: [[1, 2], [], [3.5]],
      counter: BIG,
      score: 5,
      level: 7,
      misc: { deep: { list: [1, 'twee', { three: 3 }] } }
    });
    for (const doc of [await Profile.findById(created._id), await Profile.findById(created._id).lean()]) {
      const d: any = doc;
      expect(String(d.mentor)).toBe(String(mentor));
      expect(d.mentor).toBeInstanceOf(ObjectId);
      expect(d.startedAt.getTime()).toBe(startedAt.getTime());
      expect(bytesOf(d.cv)).toEqual(Buffer.from([0, 1, 2, 253, 254, 255]));
      expect(d.hourlyRate.toString()).toBe('1234.5678901234567890123');
      expect(uuidOf(d.externalId)).toBe(uuid);
      expect(d.grid).toEqual([[1, 2], [], [3.5]]);
      expect(d.misc).toEqual({ deep: { list: [1, 'twee', { three: 3 }] } });
    }
    const hydrated = await Profile.findById(created._id);
    expect(hydrated!.languages.get('nl')).toBe('moedertaal');
    expect([...hydrated!.languages.keys()]).toEqual(['nl', 'fr']);
    expect(hydrated!.milestones.get('cv').at).toEqual(new Date('2026-01-05T09:00:00Z'));
    expect(hydrated!.counter).toBe(BIG);
    expect(hydrated!.score).toBeInstanceOf(Double); // mongoose's Double type hands back bson's Double
    expect(Number(hydrated!.score)).toBe(5);
    expect(hydrated!.level).toBe(7);

    // And the server stored them with the intended BSON types.
    const typeOf = async (path: string, type: string) => Profile.countDocuments({ _id: created._id, [path]: { $type: type } });
    expect(await typeOf('mentor', 'objectId')).toBe(1);
    expect(await typeOf('startedAt', 'date')).toBe(1);
    expect(await typeOf('cv', 'binData')).toBe(1);
    expect(await typeOf('hourlyRate', 'decimal')).toBe(1);
    expect(await typeOf('languages', 'object')).toBe(1);
    expect(await typeOf('externalId', 'binData')).toBe(1);
    expect(await typeOf('counter', 'long')).toBe(1);
    expect(await typeOf('score', 'double')).toBe(1);
    expect(await typeOf('level', 'int')).toBe(1);
    expect(await typeOf('score', 'int')).toBe(0);
  });

  it('finds by BigInt, Decimal128 and UUID values', async () => {
    await Profile.create({ name: 'Grace Whitfield', counter: BIG + 10n, hourlyRate: '45.50', externalId: '0d9c8b7a-6f5e-4d3c-8b2a-190817161514' });
    expect((await Profile.findOne({ counter: BIG + 10n }).lean())!.name).toBe('Grace Whitfield');
    expect((await Profile.findOne({ counter: { $gt: BIG } }).lean())!.name).toBe('Grace Whitfield');
    expect((await Profile.findOne({ hourlyRate: '45.5' }).lean())!.name).toBe('Grace Whitfield');
    expect((await Profile.findOne({ externalId: '0d9c8b7a-6f5e-4d3c-8b2a-190817161514' }).lean())!.name).toBe('Grace Whitfield');
  });
});

describe('round trip through the raw driver', () => {
  function everyType(id: number) {
    return {
      _id: id,
      zFirst: 'field order must survive',
      double: new Double(5),
      negZero: new Double(-0),
      int: new Int32(5),
      longSmall: Long.fromNumber(5),
      longBig: Long.fromBigInt(BIG),
      decimal: Decimal128.fromString('-0.000000000000000000000000000001'),
      string: 'Amélie Dubois — 🧭',
      bool: false,
      nil: null,
      date: new Date(Date.UTC(2026, 10, 28, 15, 44, 11, 7)),
      oid: new ObjectId('65a1b2c3d4e5f60718293a4b'),
      bin: new Binary(Buffer.from('cv.pdf bytes'), 0),
      uuid: new UUID('6f1c2a3e-8b4d-4c5e-9f60-7a8b9c0d1e2f'),
      ts: new Timestamp({ t: 1_700_000_000, i: 3 }),
      regex: new BSONRegExp('^van den', 'i'),
      min: new MinKey(),
      max: new MaxKey(),
      nested: { b: 1, a: { deep: [new Double(1), [new Int32(2), [Long.fromNumber(3)]]] } },
      arr: [[], [[]], [1, 'two', { three: 3 }]]
    };
  }
  const raw = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true } as const;

  it('returns exactly the bytes that were inserted', async () => {
    const coll = t.db.collection<any>('raw_types');
    const doc = everyType(1);
    await coll.insertOne(doc);
    const bytes = await coll.findOne({ _id: 1 }, { raw: true });
    expect(Buffer.from(bytes as unknown as Uint8Array).equals(Buffer.from(BSON.serialize(doc)))).toBe(true);
  });

  it('keeps every type after an unrelated update rewrites the document', async () => {
    const coll = t.db.collection<any>('raw_types');
    await coll.insertOne(everyType(2));
    await coll.updateOne({ _id: 2 }, { $set: { touched: true }, $inc: { 'nested.b': 1 } });
    const d: any = await coll.findOne({ _id: 2 }, raw);
    expect(Object.keys(d)).toEqual([...Object.keys(everyType(2)), 'touched']);
    expect(d.double._bsontype).toBe('Double');
    expect(d.double.valueOf()).toBe(5);
    expect(Object.is(d.negZero.valueOf(), -0)).toBe(true);
    expect(d.int._bsontype).toBe('Int32');
    expect(d.longSmall._bsontype).toBe('Long');
    expect(d.longBig.toBigInt()).toBe(BIG);
    expect(d.decimal.toString()).toBe('-1E-30');
    expect(d.bin.sub_type).toBe(0);
    expect(d.uuid.sub_type).toBe(4);
    expect(d.ts._bsontype).toBe('Timestamp');
    expect(d.regex._bsontype).toBe('BSONRegExp');
    expect(d.min._bsontype).toBe('MinKey');
    expect(d.max._bsontype).toBe('MaxKey');
    expect(d.nested.b._bsontype).toBe('Int32');
    expect(d.nested.b.valueOf()).toBe(2);
    expect(d.nested.a.deep[0]._bsontype).toBe('Double');
    expect(d.nested.a.deep[1][1][0]._bsontype).toBe('Long');
    expect(d.arr).toHaveLength(3);
  });

  it('adding 0.5 to an int gives a double, and $inc keeps Long a Long', async () => {
    const coll = t.db.collection<any>('raw_types');
    await coll.insertOne({ _id: 3, i: new Int32(1), l: Long.fromNumber(1) });
    await coll.updateOne({ _id: 3 }, { $inc: { i: 0.5, l: 1 } });
    const d: any = await coll.findOne({ _id: 3 }, raw);
    expect(d.i._bsontype).toBe('Double');
    expect(d.i.valueOf()).toBe(1.5);
    expect(d.l._bsontype).toBe('Long');
    expect(d.l.toNumber()).toBe(2);
  });
});
