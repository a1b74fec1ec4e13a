// Database and collection administration: create, listCollections, listIndexes, drop, dropDatabase, listDatabases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, caught, uniqueDbName, type Target } from './target.ts';

let t: Target;
beforeAll(async () => {
  t = await openTarget('admin');
});
afterAll(async () => t?.close());

describe('administration commands', () => {
  it('ping and buildInfo answer', async () => {
    expect((await t.db.command({ ping: 1 })).ok).toBe(1);
    const info = await t.db.admin().command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+/);
  });

  it("hello describes a writable standalone with MongoDB's size limits", async () => {
    const hello = await t.db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({
      ok: 1,
      isWritablePrimary: true,
      maxBsonObjectSize: 16 * 1024 * 1024,
      maxMessageSizeBytes: 48_000_000,
      maxWriteBatchSize: 100_000
    });
    expect(hello.localTime).toBeInstanceOf(Date);
    expect(hello.minWireVersion).toBeLessThanOrEqual(hello.maxWireVersion);
    expect(hello.setName).toBeUndefined();
    expect(hello.msg).toBeUndefined();
  });

  it('create makes an empty collection; creating it again answers code 48', async () => {
    await t.db.createCollection('programmes');
    expect((await caught(() => t.db.command({ create: 'programmes' }))).code).toBe(48);
    expect(await t.db.collection('programmes').countDocuments()).toBe(0);
  });

  it('listCollections lists names with type, filters by name, and supports nameOnly', async () => {
    await t.db.collection('seekers').insertOne({ name: 'Femke de Vries' });
    const all = await t.db.listCollections().toArray();
    expect(all.map((c) => c.name).sort()).toEqual(['programmes', 'seekers']);
    expect(all.every((c: any) => c.type === 'collection')).toBe(true);
    const filtered = await t.db.listCollections({ name: 'seekers' }).toArray();
    expect(filtered.map((c) => c.name)).toEqual(['seekers']);
    const names = await t.db.listCollections({}, { nameOnly: true }).toArray();
    expect(names.map((c) => c.name).sort()).toEqual(['programmes', 'seekers']);
  });

  it('listIndexes shows _id_ and created indexes; on a missing collection it answers code 26', async () => {
    await t.db.collection('seekers').createIndex({ name: 1, city: -1 }, { name: 'name_city' });
    const idx = await t.db.collection('seekers').listIndexes().toArray();
    expect(idx.map((i: any) => [i.name, i.key])).toEqual([
      ['_id_', { _id: 1 }],
      ['name_city', { name: 1, city: -1 }]
    ]);
    expect(idx.every((i: any) => i.v === 2)).toBe(true);
    const err = await caught(() => t.db.collection('nothing_here').listIndexes().toArray());
    expect(err.code).toBe(26);
    expect(err.codeName).toBe('NamespaceNotFound');
  });

  it('drop removes a collection with its indexes', async () => {
    expect(await t.db.collection('seekers').drop()).toBe(true);
    expect((await t.db.listCollections().toArray()).map((c) => c.name)).toEqual(['programmes']);
    await t.db.collection('seekers').insertOne({ name: 'Oliver Pembroke' });
    expect((await t.db.collection('seekers').listIndexes().toArray()).map((i: any) => i.name)).toEqual(['_id_']);
  });

  it('dropDatabase removes only that database; listDatabases shows the others', async () => {
    const other = t.client.db(uniqueDbName('admin_other'));
    await other.collection('mentors').insertOne({ name: 'Harriet Ashworth' });
    const dbs = await t.client.db('admin').admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toEqual(expect.arrayContaining([t.dbName, other.databaseName]));
    expect((await other.command({ dropDatabase: 1 })).ok).toBe(1);
    expect(await other.listCollections().toArray()).toEqual([]);
    const after = await t.client.db('admin').admin().listDatabases();
    expect(after.databases.map((d) => d.name)).not.toContain(other.databaseName);
    expect((await t.db.listCollections().toArray()).map((c) => c.name).sort()).toEqual(['programmes', 'seekers']);
  });
});
