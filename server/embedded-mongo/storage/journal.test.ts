import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from './journal.ts';
import { scanRecords } from './records.ts';

describe('Journal', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('group-commits concurrent appends into fewer fsyncs, in order', async () => {
    dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await Journal.open(join(dir, 'j.log'));
    const n = 200;
    await Promise.all(Array.from({ length: n }, (_, i) => journal.append(Buffer.from(`r${i}`))));
    expect(journal.syncs).toBeGreaterThan(0);
    expect(journal.syncs).toBeLessThan(n / 2);
    await journal.close();
    const scan = scanRecords(await readFile(join(dir, 'j.log')));
    expect(scan.problem).toBeNull();
    expect(scan.records.map(String)).toEqual(Array.from({ length: n }, (_, i) => `r${i}`));
  });

  it('resolves an append only after its record is in the file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'journal-'));
    const journal = await Journal.open(join(dir, 'j.log'));
    await journal.append(Buffer.from('durable'));
    const scan = scanRecords(await readFile(join(dir, 'j.log')));
    expect(scan.records.map(String)).toEqual(['durable']);
    await journal.close();
  });
});
