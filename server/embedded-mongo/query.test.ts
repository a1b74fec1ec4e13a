import { Binary, Decimal128, Double, Int32, Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { QueryEngine } from './query.ts';
import { sortDocuments, topDocuments } from './sort.ts';

const queries = new QueryEngine();
const match = (filter: object, doc: object) => queries.compile(filter).test(doc);

describe('BSON-aware filters', () => {
  it('matches $type by BSON type name', () => {
    expect(match({ a: { $type: 'objectId' } }, { a: new ObjectId() })).toBe(true);
    expect(match({ a: { $type: 'binData' } }, { a: new Binary(Buffer.from('x')) })).toBe(true);
    expect(match({ a: { $type: 'long' } }, { a: Long.fromNumber(1) })).toBe(true);
    expect(match({ a: { $type: 'decimal' } }, { a: Decimal128.fromString('1') })).toBe(true);
    expect(match({ a: { $type: 'int' } }, { a: 1 })).toBe(true);
    expect(match({ a: { $type: 'double' } }, { a: 1.5 })).toBe(true);
    expect(match({ a: { $type: 'string' } }, { a: ['x'] })).toBe(true);
    expect(match({ a: { $type: 'number' } }, { a: 'x' })).toBe(false);
  });

  it('compares Long and Decimal128 with numbers', () => {
    expect(match({ a: { $gt: 5 } }, { a: Long.fromNumber(6) })).toBe(true);
    expect(match({ a: { $lt: Long.fromNumber(6) } }, { a: 5.5 })).toBe(true);
    expect(match({ a: 2 }, { a: Decimal128.fromString('2.0') })).toBe(true);
    expect(match({ a: { $in: [Long.fromNumber(3)] } }, { a: 3 })).toBe(true);
    expect(match({ a: { $gt: 'a' } }, { a: 5 })).toBe(false);
  });

  it('keeps array and null semantics', () => {
    expect(match({ tags: 'b' }, { tags: ['a', 'b'] })).toBe(true);
    expect(match({ a: null }, {})).toBe(true);
    expect(match({ a: { $ne: 1 } }, { a: [1, 2] })).toBe(false);
    expect(match({ a: { $gte: 2 } }, { a: [1, 3] })).toBe(true);
  });

  it('refuses server-side JavaScript without running it', () => {
    expect(() => queries.compile({ $where: 'this.a == 1' })).toThrow(/\$where is not allowed/);
    expect(() => queries.compile({ $expr: { $function: { body: 'x', args: [], lang: 'js' } } })).toThrow(/\$function/);
    expect(() => queries.aggregate([], [{ $group: { _id: null, x: { $accumulator: {} } } }], () => [])).toThrow(/\$accumulator/);
  });
});

describe('sortDocuments', () => {
  it('sorts across types in MongoDB order, Longs by value, missing as null', () => {
    const docs = [{ v: 'b' }, { v: Long.fromNumber(10) }, {}, { v: 2 }, { v: new Date(0) }, { v: null }];
    const sorted = sortDocuments(docs, { v: 1 }).map((d) => d.v);
    expect(sorted).toEqual([undefined, null, 2, Long.fromNumber(10), 'b', new Date(0)]);
    expect(sortDocuments([{ a: 1, b: 2 }, { a: 1, b: 1 }, { a: 0, b: 9 }], { a: -1, b: 1 })).toEqual([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
      { a: 0, b: 9 }
    ]);
  });
});

describe('topDocuments', () => {
  it('agrees with a full stable sort for every k', () => {
    const docs = Array.from({ length: 200 }, (_, i) => ({ i, v: (i * 37) % 11, w: i % 3 === 0 ? 'x' : i }));
    const spec = { v: -1, w: 1 };
    const full = sortDocuments(docs, spec);
    for (const k of [1, 5, 17, 50]) expect(topDocuments(docs, spec, k)).toEqual(full.slice(0, k));
  });
});

describe('aggregation and BSON widths', () => {
  it('gives reshaped documents their source widths back, computes with plain numbers', () => {
    const docs = [{ _id: 1, score: new Double(5), n: new Int32(2), tag: 'a' }];
    const [projected] = queries.aggregate(docs, [{ $project: { score: 1, twice: { $multiply: ['$n', 2] } } }], () => []);
    expect(projected.score).toEqual(new Double(5));
    expect(projected.twice).toBe(4);
    const [grouped] = queries.aggregate(docs, [{ $group: { _id: null, total: { $sum: '$score' } } }], () => []);
    expect(grouped.total).toBe(5);
  });
});

describe('unsupported operators', () => {
  it('refuses geo queries, and $text where only the text path may take it, with a clear message', () => {
    expect(() => queries.compile({ $or: [{ $text: { $search: 'cv' } }, { a: 1 }] })).toThrow(/\$text is only allowed at the top level/);
    expect(() => queries.compile({ loc: { $near: [0, 0] } })).toThrow(/\$near is not supported/);
  });
});

describe('projection', () => {
  const docs = [{ _id: 1, name: 'Amélie', email: 'a@x', cv: 'big', nested: { a: 1, b: 2 } }];
  it('does plain inclusion and exclusion in document order', () => {
    expect(queries.project(docs, {}, { email: 1, name: 1 })).toEqual([{ _id: 1, name: 'Amélie', email: 'a@x' }]);
    expect(Object.keys(queries.project(docs, {}, { email: 1, name: 1 })[0])).toEqual(['_id', 'name', 'email']);
    expect(queries.project(docs, {}, { cv: 0, nested: 0 })).toEqual([{ _id: 1, name: 'Amélie', email: 'a@x' }]);
    expect(queries.project(docs, {}, { name: 1, _id: 0 })).toEqual([{ name: 'Amélie' }]);
    expect(queries.project(docs, {}, { 'nested.a': 1 })).toEqual([{ _id: 1, nested: { a: 1 } }]);
  });
});
