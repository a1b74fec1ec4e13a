// One durable write per window for every document, on the embedded engine: the insert commands that reach the
// database are counted with the driver's command monitoring. Many dirty documents make one insert; a record the
// database refuses fails only its own document, which is stored on a later try; a graceful stop stores what is
// pending before its window ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import * as Y from 'yjs';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/index.ts';
import { MongoCollabPersistence } from '../../server/data/collab-store.ts';
import { createCollabServer } from '../../server/collab/index.ts';
import { textTypes, quietLog } from '../../server/collab/fixtures.ts';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';

let engine: EmbeddedMongo | null = null;
let conn: mongoose.Connection;
/** Insert commands sent to the database, with the documents each carried. */
const inserts: { docs: string[] }[] = [];

beforeAll(async () => {
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    engine = await startEmbeddedMongo({ port: 0 });
    uri = engine.uri;
  }
  conn = mongoose.createConnection(uri, { dbName: `binome_collab_window_${process.pid}`, monitorCommands: true });
  conn.getClient().on('commandStarted', (event) => {
    if (event.commandName === 'insert' && event.command.insert === 'collab_updates') {
      inserts.push({ docs: (event.command.documents as { doc: string }[]).map((d) => d.doc) });
    }
  });
  await conn.asPromise();
});

afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
  await engine?.stop();
});

/** A collaboration server on its own persistence (and so its own sequence numbers), with a long window. */
async function server(batchMs: number) {
  const persistence = new MongoCollabPersistence(conn);
  await persistence.init();
  const collab = createCollabServer({
    persistence,
    types: textTypes(),
    authorize: async () => ({ ok: false, code: CLOSE_CODES.forbidden, reason: 'forbidden' }),
    log: quietLog,
    options: { batchMs }
  });
  return { persistence, collab };
}

/** Opens documents and holds them open (as connected peers would) until `release` is called. */
async function holdOpen(collab: Awaited<ReturnType<typeof server>>['collab'], names: string[]) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const docs = await Promise.all(
    names.map(
      (name) =>
        new Promise<Y.Doc>((opened) => {
          void collab.withDocument(name, async (doc) => {
            opened(doc);
            await released;
          });
        })
    )
  );
  return { docs, release };
}

async function storedText(name: string): Promise<string> {
  const doc = new Y.Doc();
  for (const u of (await new MongoCollabPersistence(conn).load(name)).updates) Y.applyUpdate(doc, u);
  return doc.getText('t').toString();
}

async function waitFor(condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > ms) throw new Error(`${what}: not met in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Opens the documents, then changes every one in the same turn; `before` counts the inserts until then. */
async function openAndChange(collab: Awaited<ReturnType<typeof server>>['collab'], docs: string[]) {
  const held = await holdOpen(collab, docs);
  const before = inserts.length;
  held.docs.forEach((doc, i) => doc.getText('t').insert(0, cvOf(docs[i])));
  return { held, before };
}

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `cv:${prefix}-${i}`);
const cvOf = (name: string) => `Curriculum de ${name}`;

describe('one durable write per window', () => {
  it('stores 40 documents changed within one window with one insert, one record per document', async () => {
    const { collab } = await server(100);
    const docs = names('fenna', 40);
    const { held, before } = await openAndChange(collab, docs);
    await Promise.all(docs.map((name) => collab.stored(name)));
    const mine = inserts.slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0].docs.sort()).toEqual([...docs].sort());
    expect(collab.stats().writes).toBe(1);
    for (const name of docs) expect(await storedText(name)).toBe(cvOf(name));
    held.release();
    await collab.stop();
  });

  it('stores the others when the database refuses one document’s record, and that one on a later try', async () => {
    const { collab } = await server(100);
    const docs = names('gijs', 5);
    const refused = docs[2];
    const held = await holdOpen(collab, docs);
    // Someone else wrote the sequence number this server is about to use for one document (its load said 0):
    // the database refuses that record with a duplicate key.
    await conn.collection('collab_updates').insertOne({ doc: refused, seq: 1, data: Buffer.from(Y.encodeStateAsUpdate(new Y.Doc())), createdAt: new Date() });
    const before = inserts.length;
    held.docs.forEach((doc, i) => doc.getText('t').insert(0, cvOf(docs[i])));
    await Promise.all(docs.filter((n) => n !== refused).map((name) => collab.stored(name)));
    expect(inserts.length - before).toBe(1);
    for (const name of docs.filter((n) => n !== refused)) expect(await storedText(name)).toBe(cvOf(name));
    // it was in that one write with the others, and refused there: written again later
    expect(inserts[before].docs).toContain(refused);
    await collab.stored(refused);
    expect(inserts.length - before).toBeGreaterThanOrEqual(2);
    expect(inserts.slice(before + 1).some((i) => i.docs.includes(refused))).toBe(true);
    expect(await storedText(refused)).toBe(cvOf(refused));
    held.release();
    await collab.stop();
  });

  it('stores what is pending, in one insert, at a graceful stop long before the window ends', async () => {
    const { collab } = await server(60_000);
    const docs = names('hannah', 12);
    const { held, before } = await openAndChange(collab, docs);
    expect(await storedText(docs[0])).toBe('');
    await collab.stop();
    expect(inserts.length - before).toBe(1);
    for (const name of docs) expect(await storedText(name)).toBe(cvOf(name));
    held.release();
  });

  it('writes a busy document and the quiet ones of the same window together', async () => {
    const { collab } = await server(100);
    const quiet = names('ivo', 10);
    const busy = 'cv:jasmijn';
    const held = await holdOpen(collab, [busy, ...quiet]);
    const busyDoc = held.docs[0];
    const before = inserts.length;
    held.docs.slice(1).forEach((doc, i) => doc.getText('t').insert(0, cvOf(quiet[i])));
    // the busy one types every 20 ms while the quiet ones each changed once
    const started = performance.now();
    for (let i = 0; i < 25; i++) {
      busyDoc.getText('t').insert(busyDoc.getText('t').length, 'x');
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all([busy, ...quiet].map((name) => collab.stored(name)));
    const windows = Math.ceil((performance.now() - started) / 100);
    const mine = inserts.slice(before);
    expect(mine.filter((i) => quiet.some((q) => i.docs.includes(q)))).toHaveLength(1);
    // about one write per window however slow the machine ran the loop, not one per update
    expect(mine.length).toBeLessThanOrEqual(windows + 1);
    expect(mine.length).toBeLessThan(25);
    await waitFor(async () => (await storedText(busy)) === 'x'.repeat(25), 2_000, 'busy document stored');
    held.release();
    await collab.stop();
  });
});
