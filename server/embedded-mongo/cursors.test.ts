import { BSON, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { CURSOR_IDLE_MS, CursorRegistry } from './cursors.ts';

const decode = (b: Buffer) => BSON.deserialize(b, { promoteLongs: false }).cursor;

describe('CursorRegistry', () => {
  const docs = Array.from({ length: 250 }, (_, i) => ({ _id: i }));

  it('hands out 101 documents first, then getMore batches, with an int64 id that ends as 0', () => {
    const cursors = new CursorRegistry();
    const first = decode(cursors.first('db.c', docs, undefined, false));
    expect(first.firstBatch).toHaveLength(101);
    expect(first.id).toBeInstanceOf(Long);
    expect(first.id.isZero()).toBe(false);
    const second = decode(cursors.next(first.id, 'db.c', 100)!);
    expect(second.nextBatch.map((d: { _id: number }) => d._id)[0]).toBe(101);
    const last = decode(cursors.next(first.id, 'db.c', 0)!);
    expect(last.nextBatch).toHaveLength(49);
    expect(last.id.isZero()).toBe(true);
    expect(cursors.next(first.id, 'db.c', 1)).toBeNull();
  });

  it('closes a single batch and refuses another namespace', () => {
    const cursors = new CursorRegistry();
    expect(decode(cursors.first('db.c', docs, 5, true)).id.isZero()).toBe(true);
    const open = decode(cursors.first('db.c', docs, 5, false));
    expect(cursors.next(open.id, 'db.other', 5)).toBeNull();
  });

  it('expires idle cursors after ten minutes', () => {
    let now = 0;
    const cursors = new CursorRegistry(() => now);
    const id = decode(cursors.first('db.c', docs, 5, false)).id;
    now = CURSOR_IDLE_MS - 1;
    cursors.sweep();
    expect(cursors.has(id)).toBe(true);
    now = 2 * CURSOR_IDLE_MS;
    cursors.sweep();
    expect(cursors.has(id)).toBe(false);
  });

  it('cuts a batch before it passes 16 MB', () => {
    const big = Array.from({ length: 5 }, (_, i) => ({ _id: i, blob: 'x'.repeat(5 * 1024 * 1024) }));
    const cursors = new CursorRegistry();
    const first = decode(cursors.first('db.c', big, 100, false));
    expect(first.firstBatch).toHaveLength(3);
    expect(decode(cursors.next(first.id, 'db.c', 100)!).nextBatch).toHaveLength(2);
  });
});
