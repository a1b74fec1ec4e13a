// MongoCollabPersistence on the embedded engine (or MONGODB_URI): the append-only history, compaction and what
// a load returns, including after a compaction that stopped between writing the state and deleting the records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import * as Y from 'yjs';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/index.ts';
import { MongoCollabPersistence } from '../../server/data/collab-store.ts';

let engine: EmbeddedMongo | null = null;
let conn: mongoose.Connection;

beforeAll(async () => {
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    engine = await startEmbeddedMongo({ port: 0 });
    uri = engine.uri;
  }
  conn = mongoose.createConnection(uri, { dbName: `binome_collab_store_${process.pid}` });
  await conn.asPromise();
});

afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
  await engine?.stop();
});

/** One update per word, each appending it to the text `t` of one Y.Doc. */
function history(words: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const w of words) doc.getText('t').insert(doc.getText('t').length, w);
  return updates;
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  Y.transact(doc, () => updates.forEach((u) => Y.applyUpdate(doc, u)));
  return doc.getText('t').toString();
}

describe('MongoCollabPersistence', () => {
  it('loads appended updates in order, across instances, and continues the sequence', async () => {
    const [a, b, c] = history(['Anouk ', 'Peeters ', 'Gent']);
    const first = new MongoCollabPersistence(conn);
    await first.init();
    await first.append('cv:order', [a, b]);
    // A new instance (a restart) finds the last sequence number in the database, not from 1 again.
    const second = new MongoCollabPersistence(conn);
    await second.append('cv:order', [c]);
    const loaded = await new MongoCollabPersistence(conn).load('cv:order');
    expect(loaded.pendingCount).toBe(3);
    expect(textOf(loaded.updates)).toBe('Anouk Peeters Gent');
    expect(await new MongoCollabPersistence(conn).load('cv:nothing')).toEqual({ updates: [], pendingCount: 0, clients: [] });
  });

  it('compacts into one state record; later appends come after it', async () => {
    const [a, b, c] = history(['Élodie ', 'Lambert ', 'Namur']);
    const store = new MongoCollabPersistence(conn);
    await store.append('cv:compact', [a, b]);
    await store.compact('cv:compact', Y.mergeUpdates([a, b]));
    await store.append('cv:compact', [c]);
    const loaded = await new MongoCollabPersistence(conn).load('cv:compact');
    expect(loaded.updates).toHaveLength(2); // the state, then the one later update
    expect(loaded.pendingCount).toBe(1);
    expect(textOf(loaded.updates)).toBe('Élodie Lambert Namur');
    expect(await conn.collection('collab_updates').countDocuments({ doc: 'cv:compact' })).toBe(1);
  });

  it('loads a compaction that stopped before deleting what it folded, and the next compaction clears it', async () => {
    const [a, b, c] = history(['Sanne ', 'de ', 'Vries']);
    const store = new MongoCollabPersistence(conn);
    await store.append('cv:torn', [a, b, c]);
    // What a crash between the two steps of compact() leaves: the new state, and the records it covers.
    await conn.collection('collab_states').insertOne({ _id: 'cv:torn' as never, seq: 2, data: Buffer.from(Y.mergeUpdates([a, b])), updatedAt: new Date() });
    const loaded = await new MongoCollabPersistence(conn).load('cv:torn');
    expect(textOf(loaded.updates)).toBe('Sanne de Vries');
    const again = new MongoCollabPersistence(conn);
    await again.compact('cv:torn', Y.mergeUpdates(loaded.updates));
    expect(await conn.collection('collab_updates').countDocuments({ doc: 'cv:torn' })).toBe(0);
    expect(textOf((await again.load('cv:torn')).updates)).toBe('Sanne de Vries');
  });

  describe('with several nodes writing one history', () => {
    // Two nodes' stores on one database; each node's state is its Y.Doc, which may lack what the other wrote.
    const node = (slot: number) => new MongoCollabPersistence(conn, { slot });

    it('keeps another node’s record written just before a compaction, even stamped by a clock that lags', async () => {
      const doc = new Y.Doc();
      const mine: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => mine.push(u));
      doc.getText('t').insert(0, 'Bonjour ');
      const a = node(1);
      await a.append('cv:skew', mine.splice(0));
      // Node B edits from a copy: its update has not reached node A (the relay is behind), and B's clock is
      // 8 s late, so its record's number sorts before A's own records.
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      const theirs: Uint8Array[] = [];
      other.on('update', (u: Uint8Array) => theirs.push(u));
      other.getText('t').insert(8, 'Maarten');
      await conn.collection('collab_updates').insertOne({ doc: 'cv:skew', seq: (Date.now() - 8_000) * 1024 + 2, data: Buffer.from(theirs[0]), createdAt: new Date() });
      // A compacts its own state, which does not hold B's update.
      await a.compact('cv:skew', Y.encodeStateAsUpdate(doc));
      const loaded = await node(3).load('cv:skew');
      expect(textOf(loaded.updates)).toBe('Bonjour Maarten');
    });

    /** Runs `fn` once, just before the next call of `method` on the collection (what another node did meanwhile). */
    function beforeNext(collection: 'collab_updates' | 'collab_states', method: 'deleteMany' | 'updateOne', fn: () => Promise<void>) {
      const target = conn.collection(collection) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const original = target[method];
      target[method] = async function (this: unknown, ...args: unknown[]) {
        delete target[method];
        await fn();
        return original.apply(this, args);
      };
    }

    it('deletes only the records it read: one written after its read stays', async () => {
      const [first, second] = history(['Inès ', 'Vermeulen']);
      const a = node(4);
      await a.append('cv:after-read', [first]);
      // Node B's record lands between A's read and A's delete.
      beforeNext('collab_updates', 'deleteMany', () => node(5).append('cv:after-read', [second]));
      await a.compact('cv:after-read', first);
      expect(textOf((await node(6).load('cv:after-read')).updates)).toBe('Inès Vermeulen');
    });

    it('leaves the state of a compaction that ran meanwhile: the slower one, holding less, writes nothing', async () => {
      const [first, second] = history(['Jonas ', 'Claes']);
      const a = node(7);
      const b = node(8);
      await a.append('cv:race', [first]);
      // A has read; before A writes its state, B appends and compacts all (its lock expired on A, say).
      beforeNext('collab_states', 'updateOne', async () => {
        await b.append('cv:race', [second]);
        await b.compact('cv:race', Y.mergeUpdates([first, second]));
      });
      await a.compact('cv:race', first);
      expect(textOf((await node(9).load('cv:race')).updates)).toBe('Jonas Claes');
    });
  });
});
