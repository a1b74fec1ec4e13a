import { describe, expect, it } from 'vitest';
import { collationFrom } from './collation.ts';
import { QueryEngine } from './query.ts';
import { sortDocuments } from './sort.ts';

describe('collations', () => {
  const docs = [{ _id: 4, name: 'Zoé' }, { _id: 3, name: 'Émile' }, { _id: 2, name: 'amelie' }, { _id: 1, name: 'Amélie' }];

  it('strength 1 ignores case and accents when matching and sorting', () => {
    const fr = collationFrom({ locale: 'fr', strength: 1 })!;
    const queries = new QueryEngine();
    expect(queries.filter(docs, { name: 'AMELIE' }, fr).map((d) => d._id)).toEqual([2, 1]);
    expect(queries.filter(docs, { name: { $in: ['emile'] } }, fr).map((d) => d._id)).toEqual([3]);
    expect(sortDocuments(docs, { name: 1, _id: 1 }, fr.strings).map((d) => d._id)).toEqual([1, 2, 3, 4]);
    expect(queries.filter(docs, { name: 'AMELIE' }).length).toBe(0);
  });

  it('treats "simple" as binary and refuses bad specs', () => {
    expect(collationFrom({ locale: 'simple' })).toBeNull();
    expect(collationFrom(undefined)).toBeNull();
    expect(() => collationFrom({ strength: 1 })).toThrow(/locale/);
    expect(() => collationFrom({ locale: 'fr', strength: 9 })).toThrow(/strength/);
  });
});
