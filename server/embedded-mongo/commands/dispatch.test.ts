import { BSON, type Document } from 'bson';
import { describe, expect, it } from 'vitest';
import { CursorRegistry } from '../cursors.ts';
import { QueryEngine } from '../query.ts';
import { Store } from '../storage/store.ts';
import type { CommandContext } from './context.ts';
import { CommandDispatcher } from './dispatch.ts';

function engine() {
  const queries = new QueryEngine();
  const store = new Store(queries);
  const base = { store, cursors: new CursorRegistry(), queries, logger: { info() {}, warn() {}, error() {} }, connectionId: 1 };
  const dispatcher = new CommandDispatcher();
  const run = async (body: Document): Promise<Document> => {
    const ctx: CommandContext = { ...base, typed: () => body };
    const reply = await dispatcher.run(body, 'db', ctx);
    return reply instanceof Uint8Array ? BSON.deserialize(reply) : reply;
  };
  return { run, store };
}

describe('command dispatch', () => {
  it('names unknown commands (59) and refuses transactions (20) with codeName', async () => {
    const { run } = engine();
    expect(await run({ frobnicate: 1 })).toMatchObject({ ok: 0, code: 59, codeName: 'CommandNotFound', errmsg: "no such command: 'frobnicate'" });
    expect(await run({ insert: 'c', documents: [{ a: 1 }], txnNumber: 1, startTransaction: true })).toMatchObject({ ok: 0, code: 20, codeName: 'IllegalOperation' });
  });

  it('reports ordered and unordered duplicate keys as writeErrors', async () => {
    const { run } = engine();
    await run({ createIndexes: 'p', indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }] });
    const docs = [{ _id: 1, email: 'a' }, { _id: 2, email: 'a' }, { _id: 3, email: 'b' }];
    const ordered = await run({ insert: 'p', documents: docs, ordered: true });
    expect(ordered).toMatchObject({ n: 1, writeErrors: [{ index: 1, code: 11000, keyPattern: { email: 1 }, keyValue: { email: 'a' } }] });
    const unordered = await run({ insert: 'q', documents: [{ _id: 1 }, { _id: 1 }, { _id: 2 }], ordered: false });
    expect(unordered).toMatchObject({ n: 2, writeErrors: [{ index: 1, code: 11000 }] });
  });

  it('writes aggregation results with $out and $merge', async () => {
    const { run, store } = engine();
    await run({ insert: 's', documents: [{ m: 'a' }, { m: 'a' }, { m: 'b' }] });
    await run({ aggregate: 's', pipeline: [{ $group: { _id: '$m', n: { $sum: 1 } } }, { $out: 'counts' }], cursor: {} });
    expect([...store.collection('db', 'counts')!.docs.values()].sort((x, y) => String(x._id).localeCompare(String(y._id)))).toEqual([
      { _id: 'a', n: 2 },
      { _id: 'b', n: 1 }
    ]);
    await run({ aggregate: 's', pipeline: [{ $group: { _id: '$m', n: { $sum: 10 } } }, { $match: { _id: 'b' } }, { $merge: { into: 'counts', whenMatched: 'replace' } }], cursor: {} });
    expect(store.collection('db', 'counts')!.getById('b')).toEqual({ _id: 'b', n: 10 });
    expect(await run({ aggregate: 's', pipeline: [{ $out: 'x' }, { $match: {} }], cursor: {} })).toMatchObject({ ok: 0, code: 20 });
  });
});
