import { ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { QueryEngine } from '../query.ts';
import { Collection } from './collection.ts';
import { defaultIndexName, duplicateKeyError, Index } from './indexes.ts';

const queries = new QueryEngine();

describe('index key extraction', () => {
  it('names indexes like MongoDB', () => {
    expect(defaultIndexName({ a: 1, 'b.c': -1 })).toBe('a_1_b.c_-1');
  });

  it('expands arrays (multikey) and dotted paths through arrays', () => {
    const index = new Index({ v: 2, key: { 'tags.name': 1 }, name: 't' }, null);
    const keys = index.entries({ _id: 1, tags: [{ name: 'a' }, { name: 'b' }, { name: 'a' }] });
    expect(keys.map((k) => k.values)).toEqual([['a'], ['b']]);
  });

  it('indexes a missing field as null unless sparse', () => {
    const plain = new Index({ v: 2, key: { a: 1 }, name: 'a_1' }, null);
    expect(plain.entries({ _id: 1 }).map((k) => k.values)).toEqual([[null]]);
    const sparse = new Index({ v: 2, key: { a: 1 }, name: 'a_1', sparse: true }, null);
    expect(sparse.entries({ _id: 1 })).toEqual([]);
  });

  it('builds compound keys', () => {
    const index = new Index({ v: 2, key: { a: 1, b: -1 }, name: 'ab' }, null);
    expect(index.entries({ a: 1, b: [2, 3] }).map((k) => k.values)).toEqual([[1, 2], [1, 3]]);
  });

  it('leaves out documents outside a partial filter', () => {
    const index = new Index(
      { v: 2, key: { email: 1 }, name: 'e', unique: true, partialFilterExpression: { email: { $exists: true } } },
      queries.compile({ email: { $exists: true } })
    );
    expect(index.entries({ _id: 1 })).toEqual([]);
    expect(index.entries({ _id: 1, email: 'x' }).length).toBe(1);
  });
});

describe('unique enforcement and lookups', () => {
  it('answers equality and $in through the index', () => {
    const coll = new Collection('db', 'c', queries);
    coll.addIndex({ v: 2, key: { name: 1 }, name: 'name_1' });
    for (let i = 0; i < 100; i++) coll.put({ _id: i, name: `n${i % 10}` });
    expect([...coll.candidates({ name: 'n3' })].length).toBe(10);
    expect([...coll.candidates({ name: { $in: ['n1', 'n2'] } })].length).toBe(20);
    expect([...coll.candidates({ _id: { $in: [1, 2, 500] } })].map((d) => d._id)).toEqual([1, 2]);
    expect([...coll.candidates({ name: { $gt: 'n1' } })].length).toBe(100); // ranges scan
  });

  it('reports E11000 with keyPattern and keyValue as MongoDB does', () => {
    const coll = new Collection('db', 'people', queries);
    coll.addIndex({ v: 2, key: { name: 1 }, name: 'name_1', unique: true });
    coll.put({ _id: 1, name: 'x' });
    let error: unknown;
    try {
      coll.checkUnique({ _id: 2, name: 'x' });
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({
      code: 11000,
      message: 'E11000 duplicate key error collection: db.people index: name_1 dup key: { name: "x" }',
      extra: { keyPattern: { name: 1 }, keyValue: { name: 'x' } }
    });
    expect(() => coll.checkUnique({ _id: 1, name: 'x' }, coll.getById(1))).not.toThrow();
    const id = new ObjectId('65a000000000000000000001');
    coll.put({ _id: id });
    expect(() => coll.checkUnique({ _id: id })).toThrow("dup key: { _id: ObjectId('65a000000000000000000001') }");
  });

  it('refuses to build a unique index over duplicates', () => {
    const coll = new Collection('db', 'c', queries);
    coll.put({ _id: 1, a: 1 });
    coll.put({ _id: 2, a: 1 });
    expect(() => coll.addIndex({ v: 2, key: { a: 1 }, name: 'a_1', unique: true })).toThrow(/E11000/);
    expect(coll.indexes.size).toBe(0);
  });

  it('formats compound duplicate keys', () => {
    const index = new Index({ v: 2, key: { a: 1, b: 1 }, name: 'a_1_b_1', unique: true }, null);
    const err = duplicateKeyError('d.c', index, [1, 'z']);
    expect(err.message).toBe('E11000 duplicate key error collection: d.c index: a_1_b_1 dup key: { a: 1, b: "z" }');
    expect(err.extra.keyValue).toEqual({ a: 1, b: 'z' });
  });
});

describe('compound index prefix', () => {
  it('answers a query pinning only the first field of a compound index', () => {
    const coll = new Collection('db', 'msgs', queries);
    coll.addIndex({ v: 2, key: { duo: 1, at: -1 }, name: 'duo_1_at_-1' });
    for (let i = 0; i < 50; i++) coll.put({ _id: i, duo: `d${i % 5}`, at: i });
    const found = [...coll.candidates({ duo: 'd2', at: { $gt: 10 } })];
    expect(found.length).toBe(10);
    expect(found.every((d) => d.duo === 'd2')).toBe(true);
    coll.remove(2);
    expect([...coll.candidates({ duo: 'd2' })].length).toBe(9);
  });
});
