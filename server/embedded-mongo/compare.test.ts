import { Binary, Decimal128, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { describe, expect, it } from 'vitest';
import { compareValues, sortKey, valuesEqual } from './compare.ts';
import { canonicalKey } from './keys.ts';

describe('compareValues (MongoDB cross-type order)', () => {
  it('orders types MinKey < null < numbers < strings < objects < arrays < binData < ObjectId < bool < Date < Timestamp < regex < MaxKey', () => {
    const ordered = [
      new MinKey(),
      null,
      -5,
      'a',
      { a: 1 },
      [1],
      new Binary(Buffer.from('x')),
      new ObjectId('000000000000000000000001'),
      false,
      new Date(0),
      new Timestamp({ t: 1, i: 1 }),
      /x/,
      new MaxKey()
    ];
    const shuffled = [...ordered].reverse();
    shuffled.sort(compareValues);
    expect(shuffled).toEqual(ordered);
  });

  it('compares Long, Decimal128, int and double by value, beyond 2^53 too', () => {
    expect(compareValues(Long.fromNumber(5), 4.5)).toBe(1);
    expect(compareValues(Decimal128.fromString('2.5'), 3)).toBe(-1);
    expect(valuesEqual(Long.fromNumber(7), 7)).toBe(true);
    expect(valuesEqual(Decimal128.fromString('7'), 7)).toBe(true);
    expect(compareValues(Long.fromString('9007199254740993'), Long.fromString('9007199254740992'))).toBe(1);
    expect(compareValues(Long.fromString('-10'), Long.fromString('9'))).toBe(-1);
    expect(compareValues(NaN, -Infinity)).toBe(-1);
  });

  it('treats missing and null alike, and compares documents field by field in order', () => {
    expect(valuesEqual(undefined, null)).toBe(true);
    expect(valuesEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(compareValues({ a: 1 }, { a: 1, b: 0 })).toBe(-1);
    expect(compareValues([1, 2], [1, 3])).toBe(-1);
  });

  it('sorts arrays by their smallest element ascending and largest descending', () => {
    expect(sortKey([3, 1, 2], 1)).toBe(1);
    expect(sortKey([3, 1, 2], -1)).toBe(3);
  });
});

describe('canonicalKey', () => {
  it('gives equal values of different numeric widths one key and keeps types apart', () => {
    expect(canonicalKey(5)).toBe(canonicalKey(Long.fromNumber(5)));
    expect(canonicalKey(5)).toBe(canonicalKey(Decimal128.fromString('5')));
    expect(canonicalKey(5)).not.toBe(canonicalKey('5'));
    const id = new ObjectId();
    expect(canonicalKey(id)).toBe(canonicalKey(new ObjectId(id.toHexString())));
    expect(canonicalKey(null)).toBe(canonicalKey(undefined));
    expect(canonicalKey({ a: 1, b: 2 })).not.toBe(canonicalKey({ b: 2, a: 1 }));
  });
});
