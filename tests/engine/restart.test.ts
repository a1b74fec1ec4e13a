// Restarting on a data directory: a clean restart keeps everything, replay after a crash reproduces the
// server's own choices, a corrupt snapshot is never silently accepted, and the standalone CLI stops cleanly.
import { afterAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import mongoose from 'mongoose';
import { WriterProcess } from './writer-process.ts';
import { startCli } from './cli-process.ts';
import { tempDirs, withEngine, listFiles } from './data-dir.ts';

const dirs = tempDirs();
const freshDir = () => dirs.fresh();
afterAll(() => dirs.removeAll());

describe('a clean restart', () => {
  it('keeps collections, documents of every type, and index definitions that are still enforced', async () => {
    const dir = await freshDir();
    await withEngine(dir, async (db) => {
      const c = db.collection<any>('accounts');
      await c.createIndex({ email: 1 }, { unique: true });
      await c.createIndex({ seenAt: 1 }, { expireAfterSeconds: 3600 });
      await c.createIndex({ team: 1, city: -1 }, { partialFilterExpression: { team: { $exists: true } } });
      await c.insertOne({
        _id: 'femke',
        email: 'femke@example.nl',
        seenAt: new Date('2026-11-28T10:00:00Z'),
        rate: mongoose.mongo.Decimal128.fromString('42.50'),
        big: mongoose.mongo.Long.fromString('9007199254740993'),
        score: new mongoose.mongo.Double(5),
        cv: new mongoose.mongo.Binary(Buffer.from([1, 2, 3]))
      });
      await db.createCollection('empty_but_kept');
    });
    await withEngine(dir, async (db) => {
      expect((await db.listCollections().toArray()).map((c) => c.name).sort()).toEqual(['accounts', 'empty_but_kept']);
      const c = db.collection<any>('accounts');
      const idx = await c.listIndexes().toArray();
      expect(idx.map((i: any) => i.name).sort()).toEqual(['_id_', 'email_1', 'seenAt_1', 'team_1_city_-1']);
      expect(idx.find((i: any) => i.name === 'email_1')!.unique).toBe(true);
      expect(idx.find((i: any) => i.name === 'seenAt_1')!.expireAfterSeconds).toBe(3600);
      expect(idx.find((i: any) => i.name === 'team_1_city_-1')!.partialFilterExpression).toEqual({ team: { $exists: true } });
      const err: any = await c.insertOne({ email: 'femke@example.nl' }).catch((e) => e);
      expect(err?.code).toBe(11000);
      const d = await c.findOne({ _id: 'femke' }, { promoteValues: false, promoteLongs: false } as object);
      expect(d!.rate.toString()).toBe('42.50');
      expect(d!.big.toString()).toBe('9007199254740993');
      expect(d!.score._bsontype).toBe('Double');
      expect(d!.seenAt.toISOString()).toBe('2026-11-28T10:00:00.000Z');
      expect(Buffer.from(d!.cv.buffer).subarray(0, 3)).toEqual(Buffer.from([1, 2, 3]));
    });
  }, 60_000);
});

describe('replay after a crash', () => {
  it('reproduces server-chosen outcomes: generated _id, server clock, statements that failed part-way', async () => {
    const dir = await freshDir();
    const w = new WriterProcess(dir, 0, 'effects');
    expect(await w.until(() => w.done, 30_000), `effects writer did not finish: ${w.stderr}`).toBe(true);
    await w.kill(); // the journal, not a snapshot, must now reproduce every outcome
    const e = w.effects;
    expect(e.get('many')).toBe('11000');
    expect(['14', '2']).toContain(e.get('inc'));
    await withEngine(dir, async (db) => {
      const c = db.collection<any>('effects');
      const docs = await c.find({}).sort({ k: 1 }).toArray();
      expect(docs.map((d) => d.k)).toEqual(['a', 'upsert']);
      expect(String(e.get('count'))).toBe('2');
      const up = docs.find((d) => d.k === 'upsert')!;
      expect(String(up._id)).toBe(e.get('upsertId'));
      expect(String(up.at.getTime())).toBe(e.get('at'));
      expect(String(up.now.getTime())).toBe(e.get('now'));
      expect(up.v).toBe(1);
      const idx = await c.listIndexes().toArray();
      expect(idx.find((i: any) => i.name === 'k_1')?.unique).toBe(true);
    });
  }, 60_000);
});

describe('a corrupt snapshot', () => {
  it('is never silently accepted: the engine refuses to start, or starts with every document intact', async () => {
    const dir = await freshDir();
    const names = ['Amélie Dubois', 'Joris Van den Broeck', 'Grace Whitfield', 'Théo Lemaire', 'Femke de Vries'];
    await withEngine(dir, async (db) => {
      await db.collection<any>('mentors').insertMany(names.map((name, i) => ({ _id: i, name, bio: 'Mentor bénévole. '.repeat(50) })));
    });
    // A clean stop leaves the data in a snapshot (compaction at stop), possibly with an empty journal.
    const files = await listFiles(dir);
    const snapshot = files.find((f) => /snap/i.test(f.path) && f.size > 0);
    expect(snapshot, `no snapshot file in ${files.map((f) => f.path).join(', ')}`).toBeDefined();
    const bytes = await readFile(snapshot!.path);
    // Flip a byte inside a stored name, where only a checksum can notice it.
    const at = bytes.indexOf(Buffer.from('Grace Whitfield'));
    expect(at, 'the snapshot does not hold the documents as plain BSON').toBeGreaterThan(0);
    bytes[at + 2] ^= 0x20;
    await writeFile(snapshot!.path, bytes);

    let started = false;
    let docs: any[] = [];
    try {
      await withEngine(dir, async (db) => {
        started = true;
        docs = await db.collection<any>('mentors').find({}).sort({ _id: 1 }).toArray();
      });
    } catch (err) {
      expect(String((err as Error).message)).toMatch(/snapshot|corrupt|checksum/i);
    }
    if (started) expect(docs.map((d) => d.name)).toEqual(names);
  }, 60_000);
});

describe('the standalone CLI (npm run db)', () => {
  it('prints its URI first, serves, and on SIGTERM exits 0 with the data kept and the directory unlocked', async () => {
    const dir = await freshDir();
    const cli = await startCli(['--data-dir', dir, '--port', '0']);
    let code: number | null;
    try {
      expect(cli.uri).toMatch(/^mongodb:\/\/[^@\s]+@127\.0\.0\.1:\d+\/\?authSource=admin$/);
      const client = new mongoose.mongo.MongoClient(cli.uri);
      await client.connect();
      await client.db('durability').collection<any>('cli').insertMany([{ _id: 'oliver', who: 'Oliver Pembroke' }, { _id: 'harriet', who: 'Harriet Ashworth' }]);
      await client.close();
    } finally {
      code = await cli.stop();
    }
    expect(code, cli.output()).toBe(0);
    await withEngine(dir, async (db, logged) => {
      expect(await db.collection<any>('cli').countDocuments()).toBe(2);
      expect(logged.warn.join('\n')).not.toMatch(/stale lock|truncat|corrupt/i);
    });
  }, 60_000);
});
