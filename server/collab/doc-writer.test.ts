// The background writer: batches within the window, compaction of a piled-up history only after the first
// readers were answered, and a settle (unload, shutdown) that compacts at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { textDocumentType } from './fixtures';
import { MemoryPersistence } from './persistence';
import { MAX_RECORD_BYTES } from './doc-writer';
import { SharedDoc } from './shared-doc';
import type { StoredDocument } from './persistence';
import { WriteWindow } from './write-window';

const log = { error() {}, warn() {} };
const windowOptions = { batchMs: 100, retryMs: 10 };
const options = { compactAfter: 10 };

/** A document on its own write window (as the registry gives every document the process's one). */
function open(name: string, stored: StoredDocument, persistence: MemoryPersistence, window = new WriteWindow(persistence, windowOptions, log)): SharedDoc {
  return new SharedDoc(name, stored, persistence, window, options, { type: textDocumentType(), log });
}

function history(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText('t').insert(0, 'x');
  return updates;
}

/** The text `t` of a document as stored. */
async function storedText(persistence: MemoryPersistence, name: string): Promise<string> {
  const doc = new Y.Doc();
  (await persistence.load(name)).updates.forEach((u) => Y.applyUpdate(doc, u));
  return doc.getText('t').toString();
}

/** An empty document opened on fake timers, with its appends watched. */
async function openWatched(name: string) {
  vi.useFakeTimers();
  const persistence = new MemoryPersistence();
  const append = vi.spyOn(persistence, 'append');
  const doc = open(name, await persistence.load(name), persistence);
  return { persistence, append, doc, text: doc.doc.getText('t') };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('DocWriter', () => {
  it('compacts a piled-up history a second after loading, not while the document is being opened', async () => {
    vi.useFakeTimers();
    const persistence = new MemoryPersistence();
    await persistence.append('cv:piled', history(25));
    const stored = await persistence.load('cv:piled');
    const compact = vi.spyOn(persistence, 'compact');
    const doc = open('cv:piled', stored, persistence);
    await vi.advanceTimersByTimeAsync(500);
    expect(compact).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(600);
    expect(compact).toHaveBeenCalledTimes(1);
    expect((await persistence.load('cv:piled')).pendingCount).toBe(0);
    expect(doc.doc.getText('t').length).toBe(25);
    doc.destroy();
  });

  it('settles at once when the document is unloaded before that second, and does not compact twice', async () => {
    vi.useFakeTimers();
    const persistence = new MemoryPersistence();
    await persistence.append('cv:early', history(25));
    const doc = open('cv:early', await persistence.load('cv:early'), persistence);
    const compact = vi.spyOn(persistence, 'compact');
    doc.doc.getText('t').insert(0, 'y'); // one more, still in its batch window
    await doc.writer.settle();
    expect(compact).toHaveBeenCalledTimes(1);
    const loaded = await persistence.load('cv:early');
    expect(loaded.pendingCount).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(compact).toHaveBeenCalledTimes(1);
    expect(await storedText(persistence, 'cv:early')).toBe('y' + 'x'.repeat(25));
    doc.destroy();
  });

  it('writes a lone update when its batch window ends, not before', async () => {
    const { append, doc, text } = await openWatched('cv:lone');
    text.insert(0, 'a');
    await vi.advanceTimersByTimeAsync(99);
    expect(append).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(append).toHaveBeenCalledTimes(1);
    doc.destroy();
  });

  it('writes a stream of updates about once a window, in the turn of the update after which the next would be late', async () => {
    const { persistence, append, doc, text } = await openWatched('cv:stream');
    // one letter every 30 ms: at 30 and 60 ms the next one still falls within the window
    for (const [i, letter] of ['a', 'b', 'c'].entries()) {
      if (i > 0) await vi.advanceTimersByTimeAsync(30);
      text.insert(i, letter);
      await vi.advanceTimersByTimeAsync(0);
      expect(append).not.toHaveBeenCalled();
    }
    await vi.advanceTimersByTimeAsync(30);
    text.insert(3, 'd'); // 90 ms: the next would come at 120, past the window: written now, not by the timer
    expect(append).not.toHaveBeenCalled(); // after what the turn already queued (the broadcast)
    await vi.advanceTimersByTimeAsync(0);
    expect(append).toHaveBeenCalledTimes(1);
    expect(append.mock.calls[0][1]).toHaveLength(1); // the four updates merged into one record
    expect(await storedText(persistence, 'cv:stream')).toBe('abcd');
    // the next update starts a batch with a full window of its own; the old timer is gone
    await vi.advanceTimersByTimeAsync(30);
    text.insert(4, 'e');
    await vi.advanceTimersByTimeAsync(99);
    expect(append).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(append).toHaveBeenCalledTimes(2);
    doc.destroy();
  });

  it('keeps one write per window for an update every 50 ms, and one per window for a fast stream', async () => {
    const { append, doc, text } = await openWatched('cv:rates');
    // 20 updates a second for one second: every second update closes a batch (50 + 50 ms reaches the window)
    for (let i = 0; i < 20; i++) {
      text.insert(i, 'x');
      await vi.advanceTimersByTimeAsync(50);
    }
    await vi.advanceTimersByTimeAsync(100);
    expect(append).toHaveBeenCalledTimes(10);
    // 100 updates a second for one second: still about ten writes, not one per half window
    append.mockClear();
    for (let i = 0; i < 100; i++) {
      text.insert(0, 'y');
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(100);
    expect(append.mock.calls.length).toBeGreaterThanOrEqual(9);
    expect(append.mock.calls.length).toBeLessThanOrEqual(11);
    doc.destroy();
  });

  it('splits a batch whose updates together pass the record limit, so no record is refused by the database', async () => {
    const { persistence, append, doc, text } = await openWatched('cv:large');
    const chunk = 'Logistique, préparation de commandes et gestion des stocks. '.repeat(60_000); // about 3.6 MB each
    for (let i = 0; i < 4; i++) text.insert(text.length, chunk);
    await doc.writer.flush();
    const records = append.mock.calls.flatMap((call) => call[1]);
    expect(records.length).toBeGreaterThan(1);
    for (const record of records) expect(record.byteLength).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    expect((await storedText(persistence, 'cv:large')).length).toBe(chunk.length * 4);
    doc.destroy();
  });

  it('stores the client ids first used in a batch with it, and all of them with a compaction', async () => {
    const { persistence, doc, text } = await openWatched('cv:owners');
    doc.writer.bind(1234, 'person-a');
    text.insert(0, 'a');
    await doc.writer.flush();
    expect((await persistence.load('cv:owners')).clients).toContainEqual([1234, 'person-a']);
    await doc.writer.settle();
    // A compaction stores the document's whole map (here: the server's own id, which made the change).
    expect((await persistence.load('cv:owners')).clients).toEqual([[doc.doc.clientID, '@server']]);
    doc.destroy();
  });
});
