// The background writer: batches within the window, compaction of a piled-up history only after the first
// readers were answered, and a settle (unload, shutdown) that compacts at once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { MemoryPersistence } from './persistence';
import { SharedDoc } from './shared-doc';

const log = { error() {} };
const options = { batchMs: 100, compactAfter: 10, retryMs: 10 };

function history(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText('t').insert(0, 'x');
  return updates;
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
    const doc = new SharedDoc('cv:piled', stored, persistence, options, log);
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
    const doc = new SharedDoc('cv:early', await persistence.load('cv:early'), persistence, options, log);
    const compact = vi.spyOn(persistence, 'compact');
    doc.doc.getText('t').insert(0, 'y'); // one more, still in its batch window
    await doc.writer.settle();
    expect(compact).toHaveBeenCalledTimes(1);
    const loaded = await persistence.load('cv:early');
    expect(loaded.pendingCount).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(compact).toHaveBeenCalledTimes(1);
    const again = new Y.Doc();
    loaded.updates.forEach((u) => Y.applyUpdate(again, u));
    expect(again.getText('t').toString()).toBe('y' + 'x'.repeat(25));
    doc.destroy();
  });

  it('writes a lone update when its batch window ends, not before', async () => {
    vi.useFakeTimers();
    const persistence = new MemoryPersistence();
    const append = vi.spyOn(persistence, 'append');
    const doc = new SharedDoc('cv:lone', await persistence.load('cv:lone'), persistence, options, log);
    doc.doc.getText('t').insert(0, 'a');
    await vi.advanceTimersByTimeAsync(99);
    expect(append).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(append).toHaveBeenCalledTimes(1);
    doc.destroy();
  });

  it('writes a batch with the update that arrives once it is half a window old, in that same turn', async () => {
    vi.useFakeTimers();
    const persistence = new MemoryPersistence();
    const append = vi.spyOn(persistence, 'append');
    const doc = new SharedDoc('cv:stream', await persistence.load('cv:stream'), persistence, options, log);
    const text = doc.doc.getText('t');
    text.insert(0, 'a');
    await vi.advanceTimersByTimeAsync(30);
    text.insert(1, 'b'); // 30 ms: the batch is younger than half a window, it waits
    await vi.advanceTimersByTimeAsync(0);
    expect(append).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    text.insert(2, 'c'); // 50 ms: due, written with this update's turn
    expect(append).not.toHaveBeenCalled(); // after what the turn already queued (the broadcast)
    await vi.advanceTimersByTimeAsync(0);
    expect(append).toHaveBeenCalledTimes(1);
    expect(append.mock.calls[0][1]).toHaveLength(1); // the three updates merged into one record
    const stored = new Y.Doc();
    (await persistence.load('cv:stream')).updates.forEach((u) => Y.applyUpdate(stored, u));
    expect(stored.getText('t').toString()).toBe('abc');
    // The next update starts a new batch with a full window of its own; the old timer is gone.
    text.insert(3, 'd');
    await vi.advanceTimersByTimeAsync(99);
    expect(append).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(append).toHaveBeenCalledTimes(2);
    doc.destroy();
  });
});
