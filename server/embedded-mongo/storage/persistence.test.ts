import { BSON, ObjectId } from 'bson';
import { promote } from '../promote.ts';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QueryEngine } from '../query.ts';
import { LOCK_FILE } from './lock.ts';
import { Persistence } from './persistence.ts';
import { Store } from './store.ts';

function collect() {
  const lines: string[] = [];
  return { lines, logger: { info: () => {}, warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) } };
}

async function openStore(dir: string, compactBytes?: number) {
  const store = new Store(new QueryEngine());
  const log = collect();
  const persistence = await Persistence.open(dir, store, log.logger, { compactBytes });
  return { store, persistence, warnings: log.lines };
}

async function writeDocs(store: Store, from: number, to: number) {
  for (let i = from; i < to; i++) {
    const batch = store.begin();
    const coll = batch.ensureCollection('db', 'c');
    batch.put(coll, { _id: i, v: `doc${i}` });
    await batch.commit();
  }
}

const journals = async (dir: string) => (await readdir(dir)).filter((f) => f.startsWith('journal-')).sort();

describe('Persistence', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('replays the journal after an unclean exit (no compaction)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'persist-'));
    const first = await openStore(dir);
    await writeDocs(first.store, 0, 10);
    const batch = first.store.begin();
    batch.del(first.store.collection('db', 'c')!, 3);
    batch.record({ op: 'index', db: 'db', coll: 'c', spec: { v: 2, key: { v: 1 }, name: 'v_1', unique: true } });
    await batch.commit();
    // Simulate a crash: drop the lock without compacting.
    await rm(join(dir, LOCK_FILE));
    const second = await openStore(dir);
    const coll = second.store.collection('db', 'c')!;
    expect(coll.docs.size).toBe(9);
    expect(coll.getById(3)).toBeUndefined();
    expect(promote(coll.getById(4))).toEqual({ _id: 4, v: 'doc4' });
    expect([...coll.indexes.keys()]).toEqual(['v_1']);
    await second.persistence.close();
  });

  it('compacts into a snapshot on close and loads it back', async () => {
    dir = await mkdtemp(join(tmpdir(), 'persist-'));
    const first = await openStore(dir);
    await writeDocs(first.store, 0, 20);
    await first.persistence.close();
    expect((await readdir(dir)).includes('snapshot.bin')).toBe(true);
    for (const j of await journals(dir)) expect((await stat(join(dir, j))).size).toBe(0);
    const second = await openStore(dir);
    expect(second.store.collection('db', 'c')!.docs.size).toBe(20);
    await writeDocs(second.store, 20, 25);
    await rm(join(dir, LOCK_FILE));
    const third = await openStore(dir);
    expect(third.store.collection('db', 'c')!.docs.size).toBe(25);
    await third.persistence.close();
  });

  it('compacts when the journal outgrows its threshold, keeping every write', async () => {
    dir = await mkdtemp(join(tmpdir(), 'persist-'));
    const first = await openStore(dir, 2_000);
    await writeDocs(first.store, 0, 200);
    await first.persistence.compact();
    expect((await readdir(dir)).includes('snapshot.bin')).toBe(true);
    await writeDocs(first.store, 200, 210);
    await rm(join(dir, LOCK_FILE));
    const second = await openStore(dir);
    expect(second.store.collection('db', 'c')!.docs.size).toBe(210);
    await second.persistence.close();
  });

  it('detects, logs and truncates a torn or corrupt journal tail', async () => {
    dir = await mkdtemp(join(tmpdir(), 'persist-'));
    const first = await openStore(dir);
    await writeDocs(first.store, 0, 5);
    await rm(join(dir, LOCK_FILE));
    const [journal] = await journals(dir);
    const path = join(dir, journal);
    const intact = (await stat(path)).size;
    // Corrupt the last byte of the last record, then add a torn partial record.
    const bytes = await readFile(path);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(path, bytes);
    await appendFile(path, Buffer.from([200, 0, 0, 0, 1, 2]));
    const second = await openStore(dir);
    expect(second.warnings.join('\n')).toMatch(/checksum mismatch.*truncating/);
    const coll = second.store.collection('db', 'c')!;
    expect(coll.docs.size).toBe(4);
    expect(coll.getById(4)).toBeUndefined();
    expect((await stat(path)).size).toBeLessThan(intact);
    await writeDocs(second.store, 10, 11);
    await rm(join(dir, LOCK_FILE));
    const third = await openStore(dir);
    expect(third.warnings).toEqual([]);
    expect(third.store.collection('db', 'c')!.docs.size).toBe(5);
    await third.persistence.close();
  });

  it('refuses a second opener while the owner lives, and takes over a dead owner\'s lock', async () => {
    dir = await mkdtemp(join(tmpdir(), 'persist-'));
    const first = await openStore(dir);
    await expect(openStore(dir)).rejects.toThrow(/already in use by process \d+/);
    await first.persistence.close();
    await writeFile(join(dir, LOCK_FILE), '999999999\n');
    const second = await openStore(dir);
    expect(second.warnings.join('\n')).toMatch(/stale lock/);
    await second.persistence.close();
  });

  it('round-trips BSON types through the journal', async () => {
    dir = await mkdtemp(join(tmpdir(), 'persist-'));
    const first = await openStore(dir);
    const { Binary, Decimal128, Long, UUID } = await import('bson');
    const doc = {
      _id: new ObjectId(),
      when: new Date(1_700_000_000_000),
      dec: Decimal128.fromString('12.50'),
      long: Long.fromNumber(42),
      big: Long.fromString('9007199254740993'),
      bin: new Binary(Buffer.from([1, 2, 3])),
      uuid: new UUID(),
      nested: { list: [[1, 'a'], { x: null }] }
    };
    const batch = first.store.begin();
    batch.put(batch.ensureCollection('db', 't'), doc);
    await batch.commit();
    await rm(join(dir, LOCK_FILE));
    const second = await openStore(dir);
    const back = second.store.collection('db', 't')!.getById(doc._id)!;
    expect(back.long).toBeInstanceOf(Long);
    expect(back.long.toString()).toBe('42');
    expect(back.big.toString()).toBe('9007199254740993');
    expect(back.dec.toString()).toBe('12.50');
    expect(back.when.getTime()).toBe(1_700_000_000_000);
    expect(Buffer.from(back.bin.buffer).equals(Buffer.from([1, 2, 3]))).toBe(true);
    expect(back.uuid.toHexString()).toBe(doc.uuid.toHexString());
    expect(promote(back.nested)).toEqual(doc.nested);
    expect(Object.keys(back)).toEqual(Object.keys(doc));
    // Byte for byte, with each value's BSON width (a stored int32 1 stays an int32, not a double).
    expect(Buffer.from(BSON.serialize(back)).equals(BSON.serialize(doc))).toBe(true);
    await second.persistence.close();
  });
});
