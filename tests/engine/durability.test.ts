// Durability of the engine's data directory: SIGKILL at random moments, a corrupt journal tail, and a second
// engine on the same directory. Always the embedded engine (it is its storage that is under test), in children
// started with tsx, each on its own ephemeral port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../server/embedded-mongo/index.ts';
import { spawn } from 'node:child_process';
import { WriterProcess, REPO_ROOT } from './writer-process.ts';

const ROUNDS = 20;
const seed = Number(process.env.DURABILITY_SEED ?? Date.now() % 1_000_000);
// mulberry32: a seeded generator, so a failing sequence of kill moments can be replayed with DURABILITY_SEED.
let s = seed;
function rand(): number {
  s = (s + 0x6d2b79f5) | 0;
  let x = Math.imul(s ^ (s >>> 15), 1 | s);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}
const between = (lo: number, hi: number) => Math.floor(lo + rand() * (hi - lo));

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'binome-durability-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

interface Logged {
  warn: string[];
  error: string[];
}

/** Starts the engine in this process on `dataDir`, hands the `durability` database to `fn`, then stops it. */
async function withEngine<T>(dataDir: string, fn: (db: mongoose.mongo.Db, logged: Logged) => Promise<T>): Promise<T> {
  const logged: Logged = { warn: [], error: [] };
  const engine = await startEmbeddedMongo({
    dataDir,
    port: 0,
    logger: { info() {}, warn: (m) => logged.warn.push(m), error: (m) => logged.error.push(m) }
  });
  const client = new mongoose.mongo.MongoClient(engine.uri);
  try {
    await client.connect();
    return await fn(client.db('durability'), logged);
  } finally {
    await client.close();
    await engine.stop();
  }
}

/** Lists every file under `dir`, recursively, with its size. */
async function listFiles(dir: string): Promise<Array<{ path: string; size: number }>> {
  const out: Array<{ path: string; size: number }> = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push({ path: p, size: (await stat(p)).size });
  }
  return out;
}

/** The active journal: the last non-empty journal/WAL file by name (generations are numbered). */
async function findJournal(dir: string): Promise<string> {
  const files = await listFiles(dir);
  const journals = files.filter((f) => /journal|wal|oplog/i.test(f.path) && f.size > 0).sort((a, b) => a.path.localeCompare(b.path));
  if (journals.length === 0) {
    throw new Error(`no non-empty journal file in ${dir}: ${files.map((f) => `${f.path} (${f.size})`).join(', ')}`);
  }
  return journals[journals.length - 1].path;
}

describe('SIGKILL at random moments', () => {
  it(`${ROUNDS} rounds in one data directory: acknowledged writes survive, nothing is half-applied (seed ${seed})`, async () => {
    const dir = await freshDir();
    const mustExist = new Set<string>();
    const deleted = new Set<string>();
    const groups = new Set<string>();
    const counters = new Map<string, number>([['c0', 0], ['c1', 0]]);
    let pair: string | null = null;
    let blob: string | null = null;
    let totalAcks = 0;

    // A fixed mix of kill moments in a seeded random order: during start-up and replay, around compaction, and
    // after a random number of acknowledged writes.
    const kinds = [
      ...Array(4).fill('early'),
      ...Array(1).fill('bulky'),
      ...Array(2).fill('compaction'),
      ...Array(ROUNDS - 7).fill('acks')
    ] as Array<'early' | 'bulky' | 'compaction' | 'acks'>;
    let compactionKills = 0;
    for (let i = kinds.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
    }
    for (let round = 0; round < ROUNDS; round++) {
      const kind = kinds[round];
      const bulky = kind === 'bulky' || kind === 'compaction';
      const w = new WriterProcess(dir, round, bulky ? 'bulky' : 'continuous');
      const where = `round ${round} (${kind}, seed ${seed})`;
      let killedByUs = false;
      if (kind === 'compaction') {
        // Kill the instant the engine creates its temporary snapshot file: in the middle of a compaction.
        expect(await w.until(() => w.ready, 20_000), `${where}: writer never became ready: ${w.stderr}`).toBe(true);
        const watcher = watch(dir, (_event, name) => {
          if (!killedByUs && name && /tmp|temp|\.new$|partial/i.test(String(name))) {
            killedByUs = true;
            w.child.kill('SIGKILL');
          }
        });
        await w.until(() => killedByUs, 20_000);
        watcher.close();
        if (killedByUs) compactionKills++;
      } else if (kind === 'early') {
        // Kill at a moment that may fall inside start-up or the replay of the previous rounds' data.
        await w.until(() => false, between(100, 1000));
      } else if (bulky) {
        // 512 KB updates fill the journal within a second or two, so the kill may land before, during or after
        // the engine compacts it into a snapshot.
        expect(await w.until(() => w.ready, 20_000), `${where}: writer never became ready: ${w.stderr}`).toBe(true);
        await w.until(() => false, between(300, 2500));
      } else {
        expect(await w.until(() => w.ready, 20_000), `${where}: writer never became ready: ${w.stderr}`).toBe(true);
        const target = between(1, 300);
        await w.until(() => w.acks.total >= target, 4_000);
      }
      if (!killedByUs) expect(w.exited, `${where}: writer died on its own: ${w.stderr}`).toBeNull();
      await w.kill();
      totalAcks += w.acks.total;
      for (const id of w.acks.ins) mustExist.add(id);
      for (const g of w.acks.many) groups.add(g);
      for (const id of w.acks.del) deleted.add(id);

      await withEngine(dir, async (db) => {
        const docs = new Map((await db.collection<any>('docs').find({}).toArray()).map((d) => [d._id as string, d]));
        const missing = [...mustExist].filter((id) => !docs.has(id));
        expect(missing, `${where}: acknowledged inserts lost`).toEqual([]);
        for (const id of w.acks.ins) {
          const d = docs.get(id);
          const [, wk, k] = /-w(\d+)-(\d+)$/.exec(id)!;
          expect(d, where).toMatchObject({ round, w: Number(wk), k: Number(k), name: 'Amélie Dubois' });
          expect(d.note.length, where).toBe(Number(k) % 200);
        }
        expect([...deleted].filter((id) => docs.has(id)), `${where}: acknowledged deletes undone`).toEqual([]);

        const byGroup = new Map<string, number>();
        for (const d of docs.values()) if (d.group) byGroup.set(d.group, (byGroup.get(d.group) ?? 0) + 1);
        expect([...groups].filter((g) => byGroup.get(g) !== 3), `${where}: acknowledged insertMany incomplete`).toEqual([]);
        expect([...byGroup].filter(([, n]) => n !== 3), `${where}: insertMany half-applied`).toEqual([]);

        const stored = new Map((await db.collection<any>('counters').find({}).toArray()).map((d) => [d._id as string, d]));
        for (const [c, known] of counters) {
          const acked = Math.max(known, w.acks.inc.get(c) ?? 0);
          const d = stored.get(c);
          if (!d) {
            expect(acked, `${where}: counter ${c} lost`).toBe(0);
            continue;
          }
          expect(d.a, `${where}: counter ${c} half-applied`).toBe(d.b);
          expect([acked, acked + 1], `${where}: counter ${c} is ${d.a}, acknowledged ${acked}`).toContain(d.a);
          counters.set(c, d.a);
        }
        const lastBlob = w.acks.blob.length ? w.acks.blob[w.acks.blob.length - 1] : blob;
        const b = stored.get('blob');
        if (!b) expect(lastBlob, `${where}: blob lost`).toBeNull();
        else {
          expect(b.check, `${where}: blob update half-applied`).toBe(b.v);
          expect(b.payload.length, `${where}: blob payload damaged`).toBe(512 * 1024);
          expect([lastBlob, `${round}:${w.acks.blob.length + 1}`], `${where}: blob is ${b.v}`).toContain(b.v);
          blob = b.v;
        }
        const lastAcked = w.acks.pair.length ? w.acks.pair[w.acks.pair.length - 1] : pair;
        const next = `${round}:${w.acks.pair.length + 1}`;
        const p = stored.get('p0');
        if (!p) expect(lastAcked, `${where}: pair lost`).toBeNull();
        else {
          expect(p.x, `${where}: pair half-applied`).toBe(p.y);
          expect([lastAcked, next], `${where}: pair is ${p.x}`).toContain(p.x);
          pair = p.x;
        }
      });
    }
    // The rounds must really have written something, or the test proves nothing.
    console.log(`durability: ${ROUNDS} rounds (${kinds.join(' ')}), ${compactionKills} killed mid-compaction, ${totalAcks} acknowledged writes, ${mustExist.size} documents kept (seed ${seed})`);
    expect(totalAcks).toBeGreaterThan(ROUNDS * 20);
    // The engine compacts through a temporary file (write, fsync, rename); both compaction rounds must have
    // caught one, or the crash-during-compaction case was not exercised.
    expect(compactionKills, 'no temporary snapshot file appeared while the journal grew past its limit').toBe(2);
  }, 120_000);
});

describe('a corrupt journal tail', () => {
  const COUNT = 40;
  let dir: string;
  let journal: string;

  beforeAll(async () => {
    dir = await freshDir();
    const w = new WriterProcess(dir, 0, 'fixed', COUNT);
    expect(await w.until(() => w.done, 30_000), `fixed writer did not finish: ${w.stderr}`).toBe(true);
    await w.kill(); // no clean shutdown: the records stay in the journal
    journal = await findJournal(dir);
  }, 60_000);

  it('a flipped byte inside the last record: the engine starts, warns, drops that record and keeps all earlier ones', async () => {
    const bytes = await readFile(journal);
    // The last record holds the last insert; its payload contains the name, stored as plain BSON text.
    const at = bytes.lastIndexOf(Buffer.from('Grace Whitfield'));
    expect(at, 'the last insert was not found in the journal').toBeGreaterThan(0);
    bytes[at + 3] ^= 0xff;
    await writeFile(journal, bytes);

    await withEngine(dir, async (db, logged) => {
      expect([...logged.warn, ...logged.error].join('\n')).toMatch(/truncat|corrupt|checksum|torn/i);
      const ids = new Set((await db.collection<any>('docs').find({}).toArray()).map((d) => d._id));
      const earlier = Array.from({ length: COUNT - 1 }, (_, k) => `r0-f${k}`);
      expect(earlier.filter((id) => !ids.has(id))).toEqual([]);
      expect(ids.has(`r0-f${COUNT - 1}`)).toBe(false);
      await db.collection<any>('docs').insertOne({ _id: 'after-repair', who: 'Femke de Vries' });
    });
    // The repaired journal takes new records and replays cleanly.
    await withEngine(dir, async (db, logged) => {
      expect(await db.collection<any>('docs').countDocuments()).toBe(COUNT);
      expect(await db.collection<any>('docs').findOne({ _id: 'after-repair' })).toMatchObject({ who: 'Femke de Vries' });
      expect(logged.error).toEqual([]);
    });
  });

  it('a flipped last byte of the journal file: the engine starts, warns, and keeps every earlier record', async () => {
    const w = new WriterProcess(dir, 1, 'fixed', 10);
    expect(await w.until(() => w.done, 30_000), w.stderr).toBe(true);
    await w.kill();
    const file = await findJournal(dir);
    const bytes = await readFile(file);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(file, bytes);
    await withEngine(dir, async (db, logged) => {
      expect([...logged.warn, ...logged.error].join('\n')).toMatch(/truncat|corrupt|checksum|torn/i);
      const ids = new Set((await db.collection<any>('docs').find({}).toArray()).map((d) => d._id));
      const earlier = [...Array.from({ length: COUNT - 1 }, (_, k) => `r0-f${k}`), 'after-repair', ...Array.from({ length: 9 }, (_, k) => `r1-f${k}`)];
      expect(earlier.filter((id) => !ids.has(id))).toEqual([]);
      // The last insert is either intact or gone, never altered.
      const last = await db.collection<any>('docs').findOne({ _id: 'r1-f9' });
      if (last) expect(last).toEqual({ _id: 'r1-f9', round: 1, k: 9, who: 'Grace Whitfield' });
    });
  }, 60_000);
});

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
  it('prints its URI, serves, and on SIGTERM exits 0 with the data kept and the directory unlocked', async () => {
    const dir = await freshDir();
    const cli = spawn(process.execPath, ['--import', 'tsx', 'server/embedded-mongo/cli.ts', '--data-dir', dir, '--port', '0'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let out = '';
    cli.stdout!.on('data', (d) => (out += String(d)));
    cli.stderr!.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)));
    try {
      const uri = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URI printed within 30 s: ${out}`)), 30_000);
        const check = () => {
          const m = /mongodb:\/\/127\.0\.0\.1:\d+\/?/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          }
        };
        cli.stdout!.on('data', check);
        cli.stderr!.on('data', check);
        cli.once('exit', () => reject(new Error(`the CLI exited: ${out}`)));
      });
      const client = new mongoose.mongo.MongoClient(uri);
      await client.connect();
      await client.db('durability').collection<any>('cli').insertMany([{ _id: 'oliver', who: 'Oliver Pembroke' }, { _id: 'harriet', who: 'Harriet Ashworth' }]);
      await client.close();
    } finally {
      cli.kill('SIGTERM');
    }
    expect(await exited, out).toBe(0);
    await withEngine(dir, async (db, logged) => {
      expect(await db.collection<any>('cli').countDocuments()).toBe(2);
      expect(logged.warn.join('\n')).not.toMatch(/stale lock|truncat|corrupt/i);
    });
  }, 60_000);
});

describe('one engine per data directory', () => {
  it('a second engine, in this process or another, is refused with a clear error', async () => {
    const dir = await freshDir();
    const first = await startEmbeddedMongo({ dataDir: dir, port: 0, logger: { info() {}, warn() {}, error() {} } });
    try {
      let err: any = null;
      try {
        const second = await startEmbeddedMongo({ dataDir: dir, port: 0, logger: { info() {}, warn() {}, error() {} } });
        await second.stop();
      } catch (e) {
        err = e;
      }
      expect(err, 'a second engine started on the same data directory').not.toBeNull();
      expect(String(err?.message)).toMatch(/lock|already|in use|another/i);

      const other = new WriterProcess(dir, 99, 'fixed', 1);
      await other.until(() => other.exited !== null, 30_000);
      expect(other.ready).toBe(false);
      expect(other.exited?.code).not.toBe(0);
      expect(other.stderr).toMatch(/lock|already|in use|another/i);
    } finally {
      await first.stop();
    }
    // Once the holder stops, the directory opens again.
    await withEngine(dir, async (db) => {
      expect((await db.command({ ping: 1 })).ok).toBe(1);
    });
  }, 60_000);
});
