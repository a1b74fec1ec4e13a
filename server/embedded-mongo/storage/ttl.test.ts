import { describe, expect, it } from 'vitest';
import { CursorRegistry } from '../cursors.ts';
import { QueryEngine } from '../query.ts';
import { Store } from './store.ts';
import { expiredDocuments, TtlSweeper } from './ttl.ts';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe('TTL', () => {
  it('expires by the earliest date of a field, ignoring non-dates', () => {
    const now = Date.UTC(2026, 0, 1);
    const docs = [
      { _id: 1, at: new Date(now - 61_000) },
      { _id: 2, at: new Date(now - 59_000) },
      { _id: 3, at: [new Date(now), new Date(now - 120_000)] },
      { _id: 4, at: 'yesterday' },
      { _id: 5 }
    ];
    expect(expiredDocuments(docs, 'at', 60, now).map((d) => d._id)).toEqual([1, 3]);
  });

  it('the sweeper deletes expired documents through a journaled batch', async () => {
    const store = new Store(new QueryEngine());
    const committed: unknown[] = [];
    store.durability = { commit: async (ops) => void committed.push(...ops) };
    const batch = store.begin();
    const coll = batch.ensureCollection('db', 'sessions');
    batch.record({ op: 'index', db: 'db', coll: 'sessions', spec: { v: 2, key: { at: 1 }, name: 'at_1', expireAfterSeconds: 10 } });
    batch.put(coll, { _id: 'old', at: new Date(0) });
    batch.put(coll, { _id: 'new', at: new Date(Date.now() + 60_000) });
    await batch.commit();
    committed.length = 0;
    const sweeper = new TtlSweeper(store, new CursorRegistry(), silent, 30_000);
    await sweeper.sweep();
    expect([...coll.docs.values()].map((d) => d._id)).toEqual(['new']);
    expect(committed).toEqual([{ op: 'del', db: 'db', coll: 'sessions', id: 'old' }]);
  });
});
