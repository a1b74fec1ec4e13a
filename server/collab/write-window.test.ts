// The process's one write window: every dirty document of a window in one write, each in its own batch; the
// durability window held for all of them; a document whose write failed kept and tried again without holding
// back the others.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { textDocumentType } from './fixtures';
import { MemoryPersistence } from './persistence';
import { SharedDoc } from './shared-doc';
import { WriteWindow } from './write-window';

const log = { error() {}, warn() {} };

/** Refuses the appends of one document while `refusing` is set, as a database refusing its record would. */
class RefusingPersistence extends MemoryPersistence {
  refusing = true;
  constructor(private readonly refused: string) {
    super();
  }
  override async append(docName: string, updates: Uint8Array[], clients?: [number, string][]): Promise<void> {
    if (this.refusing && docName === this.refused) throw new Error('document refused');
    return super.append(docName, updates, clients);
  }
}

async function openAll(persistence: MemoryPersistence, names: string[], batchMs = 100) {
  vi.useFakeTimers();
  const window = new WriteWindow(persistence, { batchMs, retryMs: 50 }, log);
  const docs = await Promise.all(
    names.map(async (name) => new SharedDoc(name, await persistence.load(name), persistence, window, { compactAfter: 1_000 }, { type: textDocumentType(), log }))
  );
  return { window, docs, appendMany: vi.spyOn(persistence, 'appendMany') };
}

async function storedText(persistence: MemoryPersistence, name: string): Promise<string> {
  const doc = new SharedDoc(name, await persistence.load(name), persistence, new WriteWindow(persistence, { batchMs: 100, retryMs: 10 }, log), { compactAfter: 1_000 }, { type: textDocumentType(), log });
  const text = doc.doc.getText('t').toString();
  doc.destroy();
  return text;
}

/** One update every 4 ms (250 a second), round-robin over the documents. */
async function typeRoundRobin(docs: SharedDoc[], count: number, letter: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    docs[i % docs.length].doc.getText('t').insert(0, letter);
    await vi.advanceTimersByTimeAsync(4);
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('WriteWindow', () => {
  it('writes every document changed within one window in one write, each in its own batch, when the window ends', async () => {
    const persistence = new MemoryPersistence();
    const names = ['cv:amelie', 'cv:bram', 'cv:chloe'];
    const { docs, appendMany } = await openAll(persistence, names);
    // changes at 0, 30 and 60 ms: the window opened by the first ends at 100 ms for all three (at 60 ms the next
    // change would still fall within it, so it is not written early)
    for (const [i, doc] of docs.entries()) {
      if (i > 0) await vi.advanceTimersByTimeAsync(30);
      doc.doc.getText('t').insert(0, `${names[i]} `);
    }
    await vi.advanceTimersByTimeAsync(39);
    expect(appendMany).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(appendMany).toHaveBeenCalledTimes(1);
    expect(appendMany.mock.calls[0][0].map((b) => b.docName)).toEqual(names);
    for (const name of names) expect(await storedText(persistence, name)).toBe(`${name} `);
    // a change after the write opens a window of its own
    docs[0].doc.getText('t').insert(0, 'x');
    await vi.advanceTimersByTimeAsync(100);
    expect(appendMany).toHaveBeenCalledTimes(2);
    expect(appendMany.mock.calls[1][0].map((b) => b.docName)).toEqual(['cv:amelie']);
    for (const doc of docs) doc.destroy();
  });

  it('keeps about one write per window for 50 documents typed in at 5 updates a second each', async () => {
    const persistence = new MemoryPersistence();
    const names = Array.from({ length: 50 }, (_, i) => `cv:duo-${i}`);
    const { docs, appendMany } = await openAll(persistence, names);
    // 250 updates a second, one every 4 ms, round-robin over the documents, for one second
    await typeRoundRobin(docs, 250, 'y');
    await vi.advanceTimersByTimeAsync(100);
    expect(appendMany.mock.calls.length).toBeGreaterThanOrEqual(9);
    expect(appendMany.mock.calls.length).toBeLessThanOrEqual(11);
    expect(persistence.appendCalls).toBeGreaterThan(appendMany.mock.calls.length * 10);
    for (const name of names) expect(await storedText(persistence, name)).toBe('yyyyy');
    for (const doc of docs) doc.destroy();
  });

  it('keeps one write per window when the database is slow: updates arriving during a write wait for their window', async () => {
    /** Each write takes 60 ms, as a busy database's would. */
    class SlowPersistence extends MemoryPersistence {
      override async appendMany(batches: Parameters<MemoryPersistence['appendMany']>[0]) {
        await new Promise((resolve) => setTimeout(resolve, 60));
        return super.appendMany(batches);
      }
    }
    const persistence = new SlowPersistence();
    const names = Array.from({ length: 20 }, (_, i) => `cv:atelier-${i}`);
    const { docs, appendMany } = await openAll(persistence, names);
    await typeRoundRobin(docs, 250, 'z');
    await vi.advanceTimersByTimeAsync(300);
    expect(appendMany.mock.calls.length).toBeGreaterThanOrEqual(8);
    expect(appendMany.mock.calls.length).toBeLessThanOrEqual(11);
    for (const doc of docs) doc.destroy();
  });

  it('stores the other documents when one document’s records are refused, and keeps trying that one', async () => {
    const persistence = new RefusingPersistence('cv:bram');
    const { docs, appendMany } = await openAll(persistence, ['cv:amelie', 'cv:bram', 'cv:chloe']);
    const [amelie, bram, chloe] = docs;
    amelie.doc.getText('t').insert(0, 'Amélie Dubois');
    bram.doc.getText('t').insert(0, 'Bram ');
    chloe.doc.getText('t').insert(0, 'Chloe Smith');
    let bramStored = false;
    void bram.writer.stored().then(() => (bramStored = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(appendMany).toHaveBeenCalledTimes(1);
    expect(await storedText(persistence, 'cv:amelie')).toBe('Amélie Dubois');
    expect(await storedText(persistence, 'cv:chloe')).toBe('Chloe Smith');
    expect(await storedText(persistence, 'cv:bram')).toBe('');
    // what Bram's document receives meanwhile is kept behind the refused records, not in front of them
    bram.doc.getText('t').insert(5, 'Janssens');
    await vi.advanceTimersByTimeAsync(500);
    expect(bramStored).toBe(false);
    expect(appendMany.mock.calls.length).toBeGreaterThan(1);
    persistence.refusing = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(bramStored).toBe(true);
    expect(await storedText(persistence, 'cv:bram')).toBe('Bram Janssens');
    for (const doc of docs) doc.destroy();
  });

  it('writes everything pending at once when asked to (graceful shutdown), before its window ends', async () => {
    const persistence = new MemoryPersistence();
    const { window, docs, appendMany } = await openAll(persistence, ['cv:daan', 'cv:emma'], 10_000);
    docs[0].doc.getText('t').insert(0, 'Daan de Vries');
    docs[1].doc.getText('t').insert(0, 'Emma Martin');
    await window.run();
    expect(appendMany).toHaveBeenCalledTimes(1);
    expect(await storedText(persistence, 'cv:daan')).toBe('Daan de Vries');
    expect(await storedText(persistence, 'cv:emma')).toBe('Emma Martin');
    // nothing is left for the timer to write
    await vi.advanceTimersByTimeAsync(10_000);
    expect(appendMany).toHaveBeenCalledTimes(1);
    for (const doc of docs) doc.destroy();
  });
});
