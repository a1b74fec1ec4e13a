// Durability of the engine's data directory: SIGKILL at random moments (20 rounds in one directory), a corrupt
// journal tail, and a second engine on the same directory. Always the embedded engine (its storage is what is
// under test), in children started with tsx, each on its own ephemeral port. Restarts, replay and the CLI are in
// restart.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { watch } from 'node:fs';
import { startEmbeddedMongo } from '../../server/embedded-mongo/index.ts';
import { WriterProcess } from './writer-process.ts';
import { tempDirs, withEngine, findJournal } from './data-dir.ts';

// DURABILITY_ROUNDS=<n> (at least 7) runs more rounds, to hunt rare failures.
const ROUNDS = Math.max(7, Number(process.env.DURABILITY_ROUNDS ?? 20));
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

const dirs = tempDirs();
const freshDir = () => dirs.fresh();
afterAll(() => dirs.removeAll());

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
        expect(await w.until(() => w.ready, 60_000), `${where}: writer never became ready: ${w.stderr}`).toBe(true);
        const watcher = watch(dir, (_event, name) => {
          if (!killedByUs && name && /tmp|temp|\.new$|partial/i.test(String(name))) {
            killedByUs = true;
            w.child.kill('SIGKILL');
          }
        });
        await w.until(() => killedByUs, 60_000);
        watcher.close();
        if (killedByUs) compactionKills++;
      } else if (kind === 'early') {
        // Kill at a moment that may fall inside start-up or the replay of the previous rounds' data.
        await w.until(() => false, between(100, 1000));
      } else if (bulky) {
        // 512 KB updates fill the journal within a second or two, so the kill may land before, during or after
        // the engine compacts it into a snapshot.
        expect(await w.until(() => w.ready, 60_000), `${where}: writer never became ready: ${w.stderr}`).toBe(true);
        await w.until(() => false, between(300, 2500));
      } else {
        expect(await w.until(() => w.ready, 60_000), `${where}: writer never became ready: ${w.stderr}`).toBe(true);
        const target = between(1, 300);
        await w.until(() => w.acks.total >= target, 4_000);
      }
      if (!killedByUs) expect(w.exited, `${where}: writer died on its own: ${w.stderr}`).toBeNull();
      // The engine restarts at once, while the killed writer may not even be reaped yet (its lock must not
      // stand in the way); its acknowledgements are counted once all its output is read.
      const gone = w.crash();
      await withEngine(dir, async (db) => {
        expect(await gone, `${where}: the killed writer's output never closed`).toBe(true);
        totalAcks += w.acks.total;
        for (const id of w.acks.ins) mustExist.add(id);
        for (const g of w.acks.many) groups.add(g);
        for (const id of w.acks.del) deleted.add(id);
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
  }, 60_000 + ROUNDS * 20_000);
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
