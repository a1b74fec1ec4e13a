import { Double, Int32, Long, Timestamp, type Document } from 'bson';

// Stored documents keep exact BSON widths (Int32, Double, Long wrappers) so they round-trip byte for byte;
// mingo's arithmetic and expressions need plain numbers. `promote` makes a plain-number working copy and
// `retype` puts the original widths back on the values an update left (or computed) at the same place.

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function isPlainObject(v: unknown): v is Document {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

/** A deep copy with Int32, Double and safe-range Long turned into JS numbers. */
export function promote<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Int32 || value instanceof Double) return value.value as T;
  if (value instanceof Long && !(value instanceof Timestamp)) {
    const big = value.toBigInt();
    return (big <= MAX_SAFE && big >= -MAX_SAFE ? Number(big) : value) as T;
  }
  if (Array.isArray(value)) return value.map(promote) as T;
  if (isPlainObject(value)) {
    const out: Document = {};
    for (const k of Object.keys(value)) out[k] = promote((value as Document)[k]);
    return out as T;
  }
  return value;
}

/** The width a number computed from `before` keeps: a double stays a double, a Long stays a Long. */
function widen(n: number, before: unknown): unknown {
  if (before instanceof Double) return new Double(n);
  if (before instanceof Long && !(before instanceof Timestamp) && Number.isSafeInteger(n)) return Long.fromNumber(n);
  if (before instanceof Int32 && Number.isInteger(n) && n >= -2147483648 && n <= 2147483647) return new Int32(n);
  return n;
}

const sameNumber = (n: number, before: unknown) =>
  typeof before === 'object' && before !== null && (before instanceof Int32 || before instanceof Double || before instanceof Long) && Object.is(Number(before instanceof Long ? before.toNumber() : before.value), n);

/**
 * Restores widths in `after` (a promoted copy an update produced) from `before` (the stored document).
 * Fields keep their original width even when an operator changed the value ($inc on a Long stays a Long);
 * array elements only when they still hold the same value at the same index, since arrays shift.
 */
export function retype(after: unknown, before: unknown): unknown {
  if (typeof after === 'number') return widen(after, before);
  if (Array.isArray(after)) {
    const prior = Array.isArray(before) ? before : [];
    return after.map((v, i) => {
      if (typeof v === 'number') return sameNumber(v, prior[i]) ? widen(v, prior[i]) : v;
      return retype(v, prior[i]);
    });
  }
  if (isPlainObject(after)) {
    const prior = isPlainObject(before) ? before : {};
    for (const k of Object.keys(after)) after[k] = retype(after[k], prior[k]);
    return after;
  }
  return after;
}
