import { Decimal128, Double, Int32, Long } from 'bson';
import { describe, expect, it } from 'vitest';
import { addNumbers, decimalMean, multiplyNumbers } from './numeric.ts';

describe('MongoDB arithmetic', () => {
  it('adds decimals exactly in base ten, keeping their scale', () => {
    expect(String(addNumbers(Decimal128.fromString('0.1'), Decimal128.fromString('0.2')))).toBe('0.3');
    expect(String(addNumbers(Decimal128.fromString('0.10'), Decimal128.fromString('0.20')))).toBe('0.30');
    expect(String(addNumbers(Decimal128.fromString('1.5'), new Int32(2)))).toBe('3.5');
    expect(String(multiplyNumbers(Decimal128.fromString('-0.5'), Long.fromNumber(3)))).toBe('-1.5');
  });

  it('keeps integer widths: int32 overflow becomes a long, longs stay exact beyond 2^53', () => {
    expect(addNumbers(new Int32(2147483647), new Int32(1))).toEqual(Long.fromNumber(2147483648));
    expect(multiplyNumbers(new Int32(65536), new Int32(65536))).toEqual(Long.fromNumber(4294967296));
    expect(addNumbers(Long.fromString('9007199254740993'), 2)).toEqual(Long.fromString('9007199254740995'));
    expect(addNumbers(new Int32(1), new Int32(2))).toEqual(new Int32(3));
    expect(addNumbers(new Int32(1), new Double(0.5))).toEqual(new Double(1.5));
    expect(addNumbers('x', 1)).toBeNull();
  });

  it('averages decimals exactly', () => {
    expect(Number(decimalMean([Decimal128.fromString('0.10'), Decimal128.fromString('0.20')]).toString())).toBe(0.15);
    expect(decimalMean([Decimal128.fromString('1'), Decimal128.fromString('2')]).toString()).toBe('1.5');
  });
});
