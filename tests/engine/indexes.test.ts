// Unique, compound, sparse and partial indexes, their duplicate-key errors, and index-served lookups staying right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, caught, type Target } from './target.ts';

let t: Target;
beforeAll(async () => {
  t = await openTarget('indexes');
});
afterAll(async () => t?.close());

describe('unique indexes', () => {
  it('a schema unique index refuses duplicates with code 11000, keyPattern and keyValue', async () => {
    const Account = t.conn.model<any>('Account', new mongoose.Schema({ email: { type: String, unique: true }, name: String }));
    await Account.init();
    await Account.create({ email: 'amelie.dubois@example.fr', name: 'Amélie Dubois' });
    const err = await caught(() => Account.create({ email: 'amelie.dubois@example.fr', name: 'Usurpatrice' }));
    expect(err.code).toBe(11000);
    expect(err.keyPattern).toEqual({ email: 1 });
    expect(err.keyValue).toEqual({ email: 'amelie.dubois@example.fr' });
    expect(err.message).toMatch(/E11000 duplicate key error/);
    expect(await Account.countDocuments()).toBe(1);
  });

  it('of many concurrent inserts of one key exactly one succeeds', async () => {
    const coll = t.db.collection<any>('unique_race');
    await coll.createIndex({ email: 1 }, { unique: true });
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => coll.insertOne({ email: 'sander.jansen@example.nl', attempt: i }))
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && (r.reason as any).code === 11000)).toHaveLength(29);
    expect(await coll.countDocuments()).toBe(1);
  });

  it('an update that would create a duplicate is refused; updating a document onto its own key is fine', async () => {
    const coll = t.db.collection<any>('unique_updates');
    await coll.createIndex({ handle: 1 }, { unique: true });
    await coll.insertMany([{ _id: 1, handle: 'joris' }, { _id: 2, handle: 'grace' }]);
    const err = await caught(() => coll.updateOne({ _id: 2 }, { $set: { handle: 'joris' } }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ handle: 'joris' });
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, handle: 'grace' });
    await coll.updateOne({ _id: 1 }, { $set: { handle: 'joris', seen: true } });
    // A freed key can be taken.
    await coll.updateOne({ _id: 1 }, { $set: { handle: 'joris2' } });
    await coll.updateOne({ _id: 2 }, { $set: { handle: 'joris' } });
    expect((await coll.findOne({ handle: 'joris' }))!._id).toBe(2);
  });

  it('a non-sparse unique index treats a missing field as null, so only one document may lack it', async () => {
    const coll = t.db.collection<any>('unique_missing');
    await coll.createIndex({ badge: 1 }, { unique: true });
    await coll.insertOne({ name: 'Théo Lemaire' });
    const err = await caught(() => coll.insertOne({ name: 'Femke de Vries' }));
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ badge: null });
  });

  it('creating a unique index over existing duplicates fails with 11000 and creates nothing', async () => {
    const coll = t.db.collection<any>('unique_late');
    await coll.insertMany([{ city: 'Gent' }, { city: 'Gent' }]);
    const err = await caught(() => coll.createIndex({ city: 1 }, { unique: true }));
    expect(err.code).toBe(11000);
    const names = (await coll.listIndexes().toArray()).map((i: any) => i.name);
    expect(names).toEqual(['_id_']);
  });
});

describe('compound, sparse and partial indexes', () => {
  it('a compound unique index refuses only the same combination', async () => {
    const Enrolment = t.conn.model<any>(
      'Enrolment',
      new mongoose.Schema({ programme: String, seeker: String, week: Number }).index(
        { programme: 1, seeker: 1 },
        { unique: true }
      )
    );
    await Enrolment.init();
    await Enrolment.create([
      { programme: 'Lyon', seeker: 'Camille Rousseau' },
      { programme: 'Gent', seeker: 'Camille Rousseau' },
      { programme: 'Lyon', seeker: 'Sander Jansen' }
    ]);
    const err = await caught(() => Enrolment.create({ programme: 'Gent', seeker: 'Camille Rousseau' }));
    expect(err.code).toBe(11000);
    expect(err.keyPattern).toEqual({ programme: 1, seeker: 1 });
    expect(err.keyValue).toEqual({ programme: 'Gent', seeker: 'Camille Rousseau' });
  });

  it('a sparse unique index allows many documents without the field', async () => {
    const coll = t.db.collection<any>('sparse');
    await coll.createIndex({ linkedin: 1 }, { unique: true, sparse: true });
    await coll.insertMany([{ name: 'Oliver Pembroke' }, { name: 'Harriet Ashworth' }, { linkedin: 'in/grace-w' }]);
    const err = await caught(() => coll.insertOne({ linkedin: 'in/grace-w' }));
    expect(err.code).toBe(11000);
    expect(await coll.countDocuments()).toBe(3);
    const spec = (await coll.listIndexes().toArray()).find((i: any) => i.name === 'linkedin_1');
    expect(spec).toMatchObject({ key: { linkedin: 1 }, unique: true, sparse: true });
  });

  it('a partial unique index (equality) only constrains documents matching its filter', async () => {
    const coll = t.db.collection<any>('partial_eq');
    await coll.createIndex({ seeker: 1 }, { unique: true, partialFilterExpression: { status: 'active' } });
    await coll.insertMany([
      { seeker: 'Joris Van den Broeck', status: 'closed' },
      { seeker: 'Joris Van den Broeck', status: 'closed' },
      { seeker: 'Joris Van den Broeck', status: 'active' }
    ]);
    const err = await caught(() => coll.insertOne({ seeker: 'Joris Van den Broeck', status: 'active' }));
    expect(err.code).toBe(11000);
    // Moving a document into the filter is checked too.
    const err2 = await caught(() => coll.updateOne({ status: 'closed' }, { $set: { status: 'active' } }));
    expect(err2.code).toBe(11000);
    const spec = (await coll.listIndexes().toArray()).find((i: any) => i.name === 'seeker_1');
    expect(spec!.partialFilterExpression).toEqual({ status: 'active' });
  });

  it('a partial unique index with $exists', async () => {
    const coll = t.db.collection<any>('partial_exists');
    await coll.createIndex({ phone: 1 }, { unique: true, partialFilterExpression: { phone: { $exists: true } } });
    await coll.insertMany([{ n: 1 }, { n: 2 }, { phone: '+32 470 12 34 56' }]);
    expect((await caught(() => coll.insertOne({ phone: '+32 470 12 34 56' }))).code).toBe(11000);
  });
});

describe('lookups on indexed fields stay correct', () => {
  it('after inserts, updates and deletes, for equality and $in, including array elements', async () => {
    const coll = t.db.collection<any>('lookups');
    await coll.createIndex({ city: 1 });
    await coll.createIndex({ tags: 1 });
    await coll.insertMany([
      { _id: 1, city: 'Lyon', tags: ['cv', 'uk'] },
      { _id: 2, city: 'Gent', tags: ['cv'] },
      { _id: 3, city: 'Lyon', tags: [] },
      { _id: 4, city: 'Leeds' }
    ]);
    const ids = async (filter: object) => (await coll.find(filter).sort({ _id: 1 }).toArray()).map((d: any) => d._id);
    expect(await ids({ city: 'Lyon' })).toEqual([1, 3]);
    expect(await ids({ city: { $in: ['Gent', 'Leeds'] } })).toEqual([2, 4]);
    expect(await ids({ tags: 'cv' })).toEqual([1, 2]);
    expect(await ids({ city: null })).toEqual([]);
    await coll.updateOne({ _id: 3 }, { $set: { city: 'Gent' }, $push: { tags: 'cv' } as any });
    await coll.deleteOne({ _id: 2 });
    await coll.updateOne({ _id: 1 }, { $unset: { city: 1 } });
    expect(await ids({ city: 'Lyon' })).toEqual([]);
    expect(await ids({ city: 'Gent' })).toEqual([3]);
    expect(await ids({ tags: 'cv' })).toEqual([1, 3]);
    expect(await ids({ city: null })).toEqual([1]);
    expect(await ids({ _id: { $in: [1, 2, 3] } })).toEqual([1, 3]);
  });

  it('numbers of different BSON types compare equal through an index', async () => {
    const coll = t.db.collection<any>('numeric_keys');
    await coll.createIndex({ level: 1 });
    await coll.insertMany([
      { _id: 'int', level: 2 },
      { _id: 'double', level: new mongoose.mongo.Double(2) },
      { _id: 'long', level: mongoose.mongo.Long.fromNumber(2) },
      { _id: 'decimal', level: mongoose.mongo.Decimal128.fromString('2.0') },
      { _id: 'string', level: '2' }
    ]);
    const found = (await coll.find({ level: 2 }).toArray()).map((d: any) => d._id).sort();
    expect(found).toEqual(['decimal', 'double', 'int', 'long']);
  });
});

describe('syncIndexes', () => {
  it('adds missing schema indexes and drops ones the schema no longer declares', async () => {
    const v1 = new mongoose.Schema({ email: String, city: String, lang: String });
    v1.index({ email: 1 }, { unique: true });
    v1.index({ city: 1 });
    const M1 = t.conn.model<any>('Volunteer', v1, 'volunteers');
    await M1.init();
    await M1.collection.createIndex({ lang: 1 }); // created by hand, unknown to the schema
    const names = async () => (await M1.collection.listIndexes().toArray()).map((i: any) => i.name).sort();
    expect(await names()).toEqual(['_id_', 'city_1', 'email_1', 'lang_1']);

    t.conn.deleteModel('Volunteer');
    const v2 = new mongoose.Schema({ email: String, city: String, lang: String });
    v2.index({ email: 1 }, { unique: true });
    v2.index({ lang: 1, city: -1 });
    const M2 = t.conn.model<any>('Volunteer', v2, 'volunteers');
    const dropped = await M2.syncIndexes();
    expect([...dropped].sort()).toEqual(['city_1', 'lang_1']);
    expect(await names()).toEqual(['_id_', 'email_1', 'lang_1_city_-1']);
    // Nothing to do the second time.
    expect(await M2.syncIndexes()).toEqual([]);
    const diff = await M2.diffIndexes();
    expect(diff).toEqual({ toDrop: [], toCreate: [] });
  });

  it('indexes with options read back exactly as declared, so mongoose sees nothing to change', async () => {
    const schema = new mongoose.Schema({ email: String, seenAt: Date, team: String, city: String, status: String });
    schema.index({ email: 1 }, { unique: true, sparse: true });
    schema.index({ seenAt: 1 }, { expireAfterSeconds: 86_400 });
    schema.index({ team: 1, city: -1 }, { partialFilterExpression: { status: 'active' } });
    schema.index({ city: 1 }, { name: 'by_city' });
    const Seeker = t.conn.model<any>('SyncSeeker', schema);
    await Seeker.init();
    expect(await Seeker.diffIndexes()).toEqual({ toDrop: [], toCreate: [] });
    expect(await Seeker.syncIndexes()).toEqual([]);
  });

  it('an index whose options changed in the schema is dropped and created again', async () => {
    const v1 = new mongoose.Schema({ email: String });
    v1.index({ email: 1 }, { unique: true });
    const A = t.conn.model<any>('Changing', v1, 'changing');
    await A.init();
    t.conn.deleteModel('Changing');
    const v2 = new mongoose.Schema({ email: String });
    v2.index({ email: 1 });
    const B = t.conn.model<any>('Changing', v2, 'changing');
    expect(await B.syncIndexes()).toEqual(['email_1']);
    const spec = (await B.collection.listIndexes().toArray()).find((i: any) => i.name === 'email_1');
    expect(spec!.unique).toBeUndefined();
    await B.create([{ email: 'twice@example.fr' }, { email: 'twice@example.fr' }]);
  });

  it('dropIndexes by name, and dropping an unknown index fails with code 27', async () => {
    const coll = t.db.collection<any>('drops');
    await coll.createIndex({ a: 1 });
    await coll.dropIndex('a_1');
    expect((await coll.listIndexes().toArray()).map((i: any) => i.name)).toEqual(['_id_']);
    expect((await caught(() => coll.dropIndex('nope_1'))).code).toBe(27);
  });

  it('collMod hides and unhides an index', async () => {
    const coll = t.db.collection<any>('hidden');
    await coll.createIndex({ city: 1 });
    await t.db.command({ collMod: 'hidden', index: { name: 'city_1', hidden: true } });
    const spec = (await coll.listIndexes().toArray()).find((i: any) => i.name === 'city_1');
    expect(spec!.hidden).toBe(true);
    await coll.insertOne({ city: 'Lille' });
    expect(await coll.countDocuments({ city: 'Lille' })).toBe(1);
    await t.db.command({ collMod: 'hidden', index: { name: 'city_1', hidden: false } });
    const again = (await coll.listIndexes().toArray()).find((i: any) => i.name === 'city_1');
    expect(again!.hidden ?? false).toBe(false);
  });

  it('creating the same index again is a no-op; the same name with other options is refused (85/86)', async () => {
    const coll = t.db.collection<any>('conflicts');
    await coll.createIndex({ email: 1 });
    await coll.createIndex({ email: 1 });
    const err = await caught(() => coll.createIndex({ email: 1 }, { unique: true }));
    expect([85, 86]).toContain(err.code);
    const err2 = await caught(() => coll.createIndex({ city: 1 }, { name: 'email_1' }));
    expect([85, 86]).toContain(err2.code);
    const idx = await coll.listIndexes().toArray();
    expect(idx.map((i: any) => [i.name, i.key, i.unique ?? false])).toEqual([
      ['_id_', { _id: 1 }, false],
      ['email_1', { email: 1 }, false]
    ]);
  });

  it('dropIndexes "*" drops every index but _id_', async () => {
    const coll = t.db.collection<any>('drop_all');
    await coll.createIndexes([{ key: { a: 1 } }, { key: { b: -1 }, unique: true }]);
    await t.db.command({ dropIndexes: 'drop_all', index: '*' });
    expect((await coll.listIndexes().toArray()).map((i: any) => i.name)).toEqual(['_id_']);
  });
});
