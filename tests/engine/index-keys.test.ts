// How index keys compare: numbers of different BSON types are one key, array elements are separate keys
// (multikey), nested paths index like top-level ones, and a missing field is the key null.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, caught, type Target } from './target.ts';

const { Long, Double, Decimal128 } = mongoose.mongo;
let t: Target;
beforeAll(async () => {
  t = await openTarget('index_keys');
});
afterAll(async () => t?.close());

describe('unique keys compare by value, not by BSON type', () => {
  it('1, 1.0, Long(1) and Decimal128("1") are the same unique key', async () => {
    const coll = t.db.collection<any>('badge_numbers');
    await coll.createIndex({ badge: 1 }, { unique: true });
    await coll.insertOne({ badge: 1 });
    for (const dup of [new Double(1), Long.fromNumber(1), Decimal128.fromString('1.00')]) {
      expect((await caught(() => coll.insertOne({ badge: dup }))).code).toBe(11000);
    }
    await coll.insertOne({ badge: '1' }); // a string is a different key
    expect(await coll.countDocuments()).toBe(2);
  });

  it('_id 7 and _id 7.0 collide', async () => {
    const coll = t.db.collection<any>('numeric_ids');
    await coll.insertOne({ _id: 7, who: 'Oliver Pembroke' });
    expect((await caught(() => coll.insertOne({ _id: new Double(7), who: 'Harriet Ashworth' }))).code).toBe(11000);
    expect((await coll.findOne({ _id: Long.fromNumber(7) }))!.who).toBe('Oliver Pembroke');
  });

  it('strings are compared exactly (case and accents matter)', async () => {
    const coll = t.db.collection<any>('handles');
    await coll.createIndex({ handle: 1 }, { unique: true });
    await coll.insertMany([{ handle: 'amelie' }, { handle: 'Amelie' }, { handle: 'amélie' }]);
    expect(await coll.countDocuments()).toBe(3);
  });
});

describe('multikey (array) unique indexes', () => {
  it('two documents may not share an element; one document may repeat its own', async () => {
    const coll = t.db.collection<any>('phones');
    await coll.createIndex({ phones: 1 }, { unique: true });
    await coll.insertOne({ _id: 'camille', phones: ['+33 6 12 34 56 78', '+33 4 72 00 00 00'] });
    await coll.insertOne({ _id: 'sander', phones: ['+31 6 1234 5678', '+31 6 1234 5678'] });
    const err = await caught(() => coll.insertOne({ _id: 'theo', phones: ['+33 6 99 99 99 99', '+33 4 72 00 00 00'] }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ phones: '+33 4 72 00 00 00' });
    // After removing the element from its owner, the key is free.
    await coll.updateOne({ _id: 'camille' }, { $pull: { phones: '+33 4 72 00 00 00' } as any });
    await coll.insertOne({ _id: 'theo', phones: ['+33 4 72 00 00 00'] });
    expect(await coll.countDocuments({ phones: '+33 4 72 00 00 00' })).toBe(1);
  });
});

describe('nested and compound keys', () => {
  it('a unique index on a nested path, and lookups through it', async () => {
    const coll = t.db.collection<any>('profiles');
    await coll.createIndex({ 'contact.email': 1 }, { unique: true });
    await coll.insertMany([
      { _id: 1, contact: { email: 'femke@example.nl', phone: '1' } },
      { _id: 2, contact: { email: 'joris@example.be' } }
    ]);
    const err = await caught(() => coll.insertOne({ _id: 3, contact: { email: 'femke@example.nl' } }));
    expect(err.code).toBe(11000);
    expect(err.keyPattern).toEqual({ 'contact.email': 1 });
    expect(err.keyValue).toEqual({ 'contact.email': 'femke@example.nl' });
    expect((await coll.findOne({ 'contact.email': 'joris@example.be' }))!._id).toBe(2);
    await coll.updateOne({ _id: 2 }, { $set: { contact: { email: 'joris.vdb@example.be' } } });
    expect(await coll.findOne({ 'contact.email': 'joris@example.be' })).toBeNull();
    expect((await coll.findOne({ 'contact.email': 'joris.vdb@example.be' }))!._id).toBe(2);
  });

  it('a compound unique index treats a missing field as null in the key', async () => {
    const coll = t.db.collection<any>('slots');
    await coll.createIndex({ mentor: 1, week: 1 }, { unique: true });
    await coll.insertOne({ mentor: 'Grace Whitfield' });
    const err = await caught(() => coll.insertOne({ mentor: 'Grace Whitfield', week: null }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ mentor: 'Grace Whitfield', week: null });
    await coll.insertOne({ mentor: 'Grace Whitfield', week: 1 });
    expect(await coll.countDocuments({ mentor: 'Grace Whitfield' })).toBe(2);
  });

  it('a prefix of a compound index serves lookups and ranges give the same answers as a scan', async () => {
    const coll = t.db.collection<any>('agenda');
    await coll.createIndex({ city: 1, day: 1 });
    const cities = ['Lyon', 'Gent', 'Leeds'];
    await coll.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: i, city: cities[i % 3], day: i % 30 })));
    const viaIndex = (await coll.find({ city: 'Gent', day: { $gte: 10, $lt: 13 } }).sort({ _id: 1 }).toArray()).map((d: any) => d._id);
    const expected = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 === 1 && i % 30 >= 10 && i % 30 < 13);
    expect(viaIndex).toEqual(expected);
    expect(await coll.countDocuments({ city: { $in: ['Lyon', 'Leeds'] }, day: 0 })).toBe(10);
  });
});

describe('multi-document writes through an index on the field they change', () => {
  it('updateMany moving documents along the index updates each exactly once', async () => {
    const coll = t.db.collection<any>('levels_moving');
    await coll.createIndex({ level: 1 });
    await coll.insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: i, level: i })));
    const r = await coll.updateMany({ level: { $gte: 0 } }, { $inc: { level: 1000 } });
    expect(r.matchedCount).toBe(200);
    const docs = await coll.find({}).sort({ _id: 1 }).toArray();
    expect(docs.every((d: any) => d.level === d._id + 1000)).toBe(true);
  });

  it('a large $in on an indexed field finds exactly the listed documents', async () => {
    const coll = t.db.collection<any>('big_in');
    await coll.createIndex({ ref: 1 });
    await coll.insertMany(Array.from({ length: 5000 }, (_, i) => ({ ref: `ref-${i}` })));
    const wanted = Array.from({ length: 2000 }, (_, i) => `ref-${i * 3}`).concat(['ref-missing']);
    const found = await coll.find({ ref: { $in: wanted } }, { projection: { _id: 0, ref: 1 } }).toArray();
    expect(found.map((d: any) => d.ref).sort()).toEqual(wanted.filter((w) => w !== 'ref-missing' && Number(w.slice(4)) < 5000).sort());
    expect(await coll.deleteMany({ ref: { $in: wanted } })).toMatchObject({ deletedCount: 1667 });
    expect(await coll.countDocuments()).toBe(5000 - 1667);
  });
});
