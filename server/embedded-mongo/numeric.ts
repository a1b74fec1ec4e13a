import { Decimal128, Double, Int32, Long, Timestamp } from 'bson';

// Arithmetic with MongoDB's result types: decimal if either side is a Decimal128 (computed exactly, in base
// ten), else double if either is a double, else int32 when it fits, else a 64-bit long. Results come back as
// typed BSON values (Int32, Double, Long, Decimal128); callers that want plain numbers promote them.

type Kind = 'int' | 'long' | 'double' | 'decimal';

/** A decimal value as coefficient × 10^exponent. */
interface Dec {
  coef: bigint;
  exp: number;
}

export function numericKind(v: unknown): Kind | null {
  if (v instanceof Int32) return 'int';
  if (v instanceof Double) return 'double';
  if (v instanceof Decimal128) return 'decimal';
  if (v instanceof Long && !(v instanceof Timestamp)) return 'long';
  if (typeof v === 'number') return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? 'int' : 'double';
  return null;
}

const MAX_DIGITS = 34;

function parseDecimal(text: string): Dec | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const digits = (m[2] + (m[3] ?? '')).replace(/^0+(?=\d)/, '');
  const coef = BigInt(digits || '0') * (m[1] === '-' ? -1n : 1n);
  return { coef, exp: Number(m[4] ?? 0) - (m[3] ?? '').length };
}

function toDec(v: unknown): Dec | null {
  const kind = numericKind(v);
  if (kind === 'decimal') return parseDecimal((v as Decimal128).toString());
  if (kind === 'long') return { coef: (v as Long).toBigInt(), exp: 0 };
  const n = v instanceof Int32 || v instanceof Double ? v.value : (v as number);
  // A double converts as its shortest decimal representation, as MongoDB does (15-17 significant digits).
  return Number.isFinite(n) ? parseDecimal(String(n)) : null;
}

function fromDec(d: Dec): Decimal128 {
  const negative = d.coef < 0n;
  let magnitude = negative ? -d.coef : d.coef;
  let exp = d.exp;
  const digits = magnitude.toString().length;
  if (digits > MAX_DIGITS) {
    // Decimal128 holds 34 significant digits: round half to even, as IEEE 754 decimal arithmetic does.
    const drop = digits - MAX_DIGITS;
    const divisor = 10n ** BigInt(drop);
    const remainder = magnitude % divisor;
    magnitude /= divisor;
    exp += drop;
    const twice = remainder * 2n;
    if (twice > divisor || (twice === divisor && magnitude % 2n === 1n)) magnitude += 1n;
    if (magnitude.toString().length > MAX_DIGITS) {
      magnitude /= 10n;
      exp += 1;
    }
  }
  return Decimal128.fromString(`${negative ? '-' : ''}${magnitude}E${exp}`);
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * 10n ** BigInt(a.exp - exp), b.coef * 10n ** BigInt(b.exp - exp), exp];
}

function toBig(v: unknown): bigint {
  if (v instanceof Long) return v.toBigInt();
  return BigInt(v instanceof Int32 ? v.value : (v as number));
}

function toNum(v: unknown): number {
  if (v instanceof Int32 || v instanceof Double) return v.value;
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  return v as number;
}

function integer(result: bigint, kinds: Kind[]): unknown {
  if (kinds.every((k) => k === 'int') && result >= -2147483648n && result <= 2147483647n) return new Int32(Number(result));
  if (result >= -(2n ** 63n) && result < 2n ** 63n) return Long.fromBigInt(result);
  return new Double(Number(result));
}

/** a + b with MongoDB's result type, or null when either is not a number. */
export function addNumbers(a: unknown, b: unknown): unknown {
  const kinds = [numericKind(a), numericKind(b)];
  if (kinds.includes(null)) return null;
  if (kinds.includes('decimal')) {
    const x = toDec(a);
    const y = toDec(b);
    if (!x || !y) return Decimal128.fromString('NaN');
    const [p, q, exp] = align(x, y);
    return fromDec({ coef: p + q, exp });
  }
  if (kinds.includes('double')) return new Double(toNum(a) + toNum(b));
  return integer(toBig(a) + toBig(b), kinds as Kind[]);
}

/** a × b with MongoDB's result type, or null when either is not a number. */
export function multiplyNumbers(a: unknown, b: unknown): unknown {
  const kinds = [numericKind(a), numericKind(b)];
  if (kinds.includes(null)) return null;
  if (kinds.includes('decimal')) {
    const x = toDec(a);
    const y = toDec(b);
    if (!x || !y) return Decimal128.fromString('NaN');
    return fromDec({ coef: x.coef * y.coef, exp: x.exp + y.exp });
  }
  if (kinds.includes('double')) return new Double(toNum(a) * toNum(b));
  return integer(toBig(a) * toBig(b), kinds as Kind[]);
}

/** The mean of decimal values, exact to 34 significant digits. */
export function decimalMean(values: unknown[]): Decimal128 {
  let sum: unknown = new Int32(0);
  for (const v of values) sum = addNumbers(sum, v);
  const d = toDec(sum)!;
  const scale = Math.max(0, MAX_DIGITS + 2 - d.coef.toString().length);
  let coef = (d.coef * 10n ** BigInt(scale)) / BigInt(values.length);
  let exp = d.exp - scale;
  while (coef !== 0n && coef % 10n === 0n && exp < d.exp) {
    coef /= 10n;
    exp += 1;
  }
  return fromDec({ coef, exp });
}

/** Whether plain-number arithmetic would lose something MongoDB keeps (a decimal, or a Long beyond 2^53). */
export function needsExactArithmetic(values: unknown[]): boolean {
  return values.some((v) => v instanceof Decimal128 || (v instanceof Long && !(v instanceof Timestamp)));
}
