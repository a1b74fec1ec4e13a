import { Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { applyFastUpdate, isFastUpdate } from './fast-update.ts';

describe('fast-path updates', () => {
  const stored = Object.freeze({ _id: 1, i: new Int32(1), d: new Double(5), l: Long.fromNumber(1), sub: Object.freeze({ a: new Int32(1), b: 'x' }) });

  it('only takes plain $set/$unset/$inc paths', () => {
    expect(isFastUpdate({ $set: { 'sub.a': 1 }, $inc: { n: 1 } })).toBe(true);
    expect(isFastUpdate({ $set: { 'list.0': 1 } })).toBe(false);
    expect(isFastUpdate({ $set: { 'list.$': 1 } })).toBe(false);
    expect(isFastUpdate({ $push: { list: 1 } })).toBe(false);
    expect(isFastUpdate({ $set: { _id: 1 } })).toBe(false);
  });

  it('keeps MongoDB $inc widths: int+int=int, int+double=double, long stays long, int overflow becomes long', () => {
    const r = applyFastUpdate(stored, { $inc: { i: new Double(0.5), d: new Int32(1), l: new Int32(1) } })!;
    expect(r.doc.i).toEqual(new Double(1.5));
    expect(r.doc.d).toEqual(new Double(6));
    expect(r.doc.l).toEqual(Long.fromNumber(2));
    const big = applyFastUpdate({ _id: 1, i: new Int32(2147483647) }, { $inc: { i: new Int32(1) } })!;
    expect(big.doc.i).toEqual(Long.fromNumber(2147483648));
  });

  it('copies only the changed path and reports no-ops as unmodified', () => {
    const r = applyFastUpdate(stored, { $set: { 'sub.b': 'y', 'new.deep': true } })!;
    expect(r.modified).toBe(true);
    expect(r.doc.sub).toEqual({ a: new Int32(1), b: 'y' });
    expect(stored.sub.b).toBe('x');
    expect(Object.keys(r.doc)).toEqual(['_id', 'i', 'd', 'l', 'sub', 'new']);
    expect(applyFastUpdate(stored, { $set: { i: new Int32(1) }, $unset: { missing: '' }, $inc: { l: new Int32(0) } })!.modified).toBe(false);
    expect(applyFastUpdate(stored, { $set: { i: new Double(1) } })!.modified).toBe(true);
  });

  it('hands shapes it does not cover back to mingo', () => {
    expect(applyFastUpdate({ _id: 1, a: [1] }, { $set: { 'a.b': 1 } })).toBeNull();
    expect(applyFastUpdate({ _id: 1, a: 5 }, { $set: { 'a.b': 1 } })).toBeNull();
  });
});
