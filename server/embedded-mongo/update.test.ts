import { Double, Int32, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { promote } from './promote.ts';
import { QueryEngine } from './query.ts';
import { applyUpdate, buildUpsertDocument, equalityFields, parseUpdate } from './update.ts';

const queries = new QueryEngine();

describe('upsert document construction', () => {
  it('takes equality fields of the filter (incl. $eq, $and, dotted paths) and skips operators', () => {
    expect(equalityFields({ a: 1, 'b.c': 'x', d: { $gt: 3 }, e: { $eq: 5 }, $and: [{ f: true }], $or: [{ g: 1 }] })).toEqual({
      a: 1,
      b: { c: 'x' },
      e: 5,
      f: true
    });
  });

  it('applies the update and $setOnInsert, puts _id first and generates it when absent', () => {
    const doc = buildUpsertDocument({ name: 'x' }, parseUpdate({ $set: { age: 3 }, $setOnInsert: { createdAt: 1 } }), undefined, queries);
    expect(Object.keys(doc)).toEqual(['_id', 'name', 'age', 'createdAt']);
    expect(doc._id).toBeInstanceOf(ObjectId);
  });

  it('keeps the filter _id, and only the _id for replacements', () => {
    const doc = buildUpsertDocument({ _id: 7, name: 'x' }, parseUpdate({ other: 1 }), undefined, queries);
    expect(doc).toEqual({ _id: 7, other: 1 });
    expect(Object.keys(doc)[0]).toBe('_id');
  });

  it('keeps the widths of typed filter values and computes on them', () => {
    const fast = buildUpsertDocument({ _id: 1, count: new Int32(5), rate: new Double(2) }, parseUpdate({ $inc: { count: new Int32(1) } }), undefined, queries);
    expect(fast).toEqual({ _id: 1, count: new Int32(6), rate: new Double(2) });
    const slow = buildUpsertDocument({ _id: 1, rate: new Double(2) }, parseUpdate({ $push: { list: new Int32(1) }, $mul: { rate: new Int32(3) } }), undefined, queries);
    expect(slow.rate).toEqual(new Double(6));
    expect(slow.list).toEqual([new Int32(1)]);
  });

  it('lets $setOnInsert or $set choose the new _id unless the filter fixed another', () => {
    expect(buildUpsertDocument({ name: 'F' }, parseUpdate({ $setOnInsert: { _id: 'femke' } }), undefined, queries)).toEqual({ _id: 'femke', name: 'F' });
    expect(() => buildUpsertDocument({ _id: 1 }, parseUpdate({ $set: { _id: 2 } }), undefined, queries)).toThrow(/immutable/);
  });

  it('runs pipeline updates on the filter equalities', () => {
    const doc = buildUpsertDocument({ _id: 1, a: 2 }, parseUpdate([{ $set: { b: { $add: ['$a', 1] } } }]), undefined, queries);
    expect(doc).toEqual({ _id: 1, a: 2, b: 3 });
  });
});

describe('applyUpdate', () => {
  const stored = Object.freeze({ _id: 1, a: 1, list: [{ k: 1, v: 'a' }, { k: 2, v: 'b' }] });

  it('never mutates the stored document and ignores $setOnInsert', () => {
    const { doc, modified } = applyUpdate(stored, parseUpdate({ $inc: { a: 1 }, $setOnInsert: { z: 1 } }), undefined, {}, queries);
    expect(modified).toBe(true);
    expect(promote(doc)).toEqual({ _id: 1, a: 2, list: stored.list });
    expect(stored.a).toBe(1);
  });

  it('supports arrayFilters', () => {
    const { doc } = applyUpdate(stored, parseUpdate({ $set: { 'list.$[e].v': 'z' } }), [{ 'e.k': 2 }], {}, queries);
    expect(doc.list).toEqual([{ k: 1, v: 'a' }, { k: 2, v: 'z' }]);
    expect(stored.list[1].v).toBe('b');
  });

  it('reports unchanged documents as not modified', () => {
    expect(applyUpdate(stored, parseUpdate({ $set: { a: 1 } }), undefined, {}, queries).modified).toBe(false);
    expect(applyUpdate(stored, parseUpdate({ a: 1, list: stored.list }), undefined, {}, queries).modified).toBe(false);
  });

  it('refuses array operators on non-array fields', () => {
    const doc = { _id: 1, name: 'x', n: 5 };
    expect(() => applyUpdate(doc, parseUpdate({ $push: { name: 'y' } }), undefined, {}, queries)).toThrow(/must be an array/);
    expect(() => applyUpdate(doc, parseUpdate({ $pop: { n: 1 } }), undefined, {}, queries)).toThrow(/non-array type/);
  });

  it('refuses changes to _id and unknown or mixed modifiers', () => {
    expect(() => applyUpdate(stored, parseUpdate({ $set: { _id: 2 } }), undefined, {}, queries)).toThrow(/immutable field '_id'/);
    expect(() => parseUpdate({ $foo: { a: 1 } })).toThrow(/Unknown modifier: \$foo/);
    expect(() => parseUpdate({ $set: { a: 1 }, b: 2 })).toThrow(/Unknown modifier: b/);
  });
});
