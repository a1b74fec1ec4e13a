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

  it('skips records a state already covers when a compaction stopped before deleting them', async () => {
    const [a, b, c] = history(['Sanne ', 'de ', 'Vries']);
    const store = new MongoCollabPersistence(conn);
    await store.append('cv:torn', [a, b, c]);
    // What a crash between the two steps of compact() leaves: the new state, and the records it covers.
    await conn.collection('collab_states').insertOne({ _id: 'cv:torn' as never, seq: 2, data: Buffer.from(Y.mergeUpdates([a, b])), updatedAt: new Date() });
    const loaded = await new MongoCollabPersistence(conn).load('cv:torn');
    expect(loaded.pendingCount).toBe(1);
    expect(loaded.updates).toHaveLength(2);
    expect(textOf(loaded.updates)).toBe('Sanne de Vries');
  });
});
