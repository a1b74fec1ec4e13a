import { Binary, BSONRegExp, BSONSymbol, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';

// MongoDB's cross-type order (BSON spec "comparison/sort order"). Numbers of every BSON width share one rank
// and compare by value, which mingo cannot do for Long and Decimal128.
const RANK_MIN_KEY = 1;
const RANK_NULL = 2;
const RANK_NUMBER = 3;
const RANK_STRING = 4;
const RANK_OBJECT = 5;
const RANK_ARRAY = 6;
const RANK_BINARY = 7;
const RANK_OBJECT_ID = 8;
const RANK_BOOLEAN = 9;
const RANK_DATE = 10;
const RANK_TIMESTAMP = 11;
const RANK_REGEX = 12;
const RANK_MAX_KEY = 13;

export function isNumeric(v: unknown): v is number | Long | Decimal128 | Int32 | Double {
  // Timestamp extends Long in bson, but it is its own BSON type.
  if (v instanceof Timestamp) return false;
  return typeof v === 'number' || v instanceof Long || v instanceof Decimal128 || v instanceof Int32 || v instanceof Double;
}

export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return RANK_NULL;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return RANK_NUMBER;
    case 'string':
      return RANK_STRING;
    case 'boolean':
      return RANK_BOOLEAN;
  }
  if (Array.isArray(v)) return RANK_ARRAY;
  if (isNumeric(v)) return RANK_NUMBER;
  if (v instanceof Date) return RANK_DATE;
  if (v instanceof ObjectId) return RANK_OBJECT_ID;
  if (v instanceof Binary || v instanceof Uint8Array) return RANK_BINARY;
  if (v instanceof RegExp || v instanceof BSONRegExp) return RANK_REGEX;
  if (v instanceof Timestamp) return RANK_TIMESTAMP;
  if (v instanceof BSONSymbol) return RANK_STRING;
  if (v instanceof MinKey) return RANK_MIN_KEY;
  if (v instanceof MaxKey) return RANK_MAX_KEY;
  return RANK_OBJECT;
}

/** A numeric value as a bigint when it is an exact integer, else as a double; enough to order mixed widths. */
function numericParts(v: unknown): { big: bigint | null; num: number } {
  if (typeof v === 'number') return { big: Number.isSafeInteger(v) ? BigInt(v) : null, num: v };
  if (typeof v === 'bigint') return { big: v, num: Number(v) };
  if (v instanceof Long) return { big: v.toBigInt(), num: v.toNumber() };
  if (v instanceof Int32 || v instanceof Double) return numericParts(v.value);
  if (v instanceof Decimal128) {
    const s = v.toString();
    const num = Number(s);
    return { big: /^-?\d+$/.test(s) ? BigInt(s) : null, num };
  }
  return { big: null, num: NaN };
}

export function toNumber(v: unknown): number {
  return numericParts(v).num;
}

function compareNumbers(a: unknown, b: unknown): number {
  const x = numericParts(a);
  const y = numericParts(b);
  if (x.big !== null && y.big !== null) return x.big < y.big ? -1 : x.big > y.big ? 1 : 0;
  // NaN sorts below every other number in MongoDB.
  if (Number.isNaN(x.num)) return Number.isNaN(y.num) ? 0 : -1;
  if (Number.isNaN(y.num)) return 1;
  return x.num < y.num ? -1 : x.num > y.num ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
}

function binaryParts(v: unknown): { sub: number; bytes: Uint8Array } {
  if (v instanceof Binary) return { sub: v.sub_type, bytes: v.buffer.subarray(0, v.position) };
  return { sub: 0, bytes: v as Uint8Array };
}

/** How strings compare: code-unit order by default, or a collation's comparator. */
export type StringCompare = (a: string, b: string) => number;
export const binaryStrings: StringCompare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const cmpStr = binaryStrings;
const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Total order over BSON values as MongoDB compares them (for equality, ranges and sort). */
export function compareValues(a: unknown, b: unknown, strings: StringCompare = binaryStrings): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case RANK_NULL:
    case RANK_MIN_KEY:
    case RANK_MAX_KEY:
      return 0;
    case RANK_NUMBER:
      return compareNumbers(a, b);
    case RANK_STRING:
      return sign(strings(String(a instanceof BSONSymbol ? a.value : a), String(b instanceof BSONSymbol ? b.value : b)));
    case RANK_BOOLEAN:
      return a === b ? 0 : a ? 1 : -1;
    case RANK_DATE:
      return sign((a as Date).getTime() - (b as Date).getTime());
    case RANK_OBJECT_ID:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case RANK_TIMESTAMP:
      return (a as Timestamp).compare(b as Timestamp);
    case RANK_BINARY: {
      const x = binaryParts(a);
      const y = binaryParts(b);
      if (x.bytes.length !== y.bytes.length) return x.bytes.length < y.bytes.length ? -1 : 1;
      if (x.sub !== y.sub) return x.sub < y.sub ? -1 : 1;
      return compareBytes(x.bytes, y.bytes);
    }
    case RANK_REGEX: {
      const x = a instanceof RegExp ? { p: a.source, f: a.flags } : { p: (a as BSONRegExp).pattern, f: (a as BSONRegExp).options };
      const y = b instanceof RegExp ? { p: b.source, f: b.flags } : { p: (b as BSONRegExp).pattern, f: (b as BSONRegExp).options };
      return cmpStr(x.p, y.p) || cmpStr(x.f, y.f);
    }
    case RANK_ARRAY: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i], y[i], strings);
        if (c) return c;
      }
      return sign(x.length - y.length);
    }
    default:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>, strings);
  }
}

// Documents compare element by element: value type first, then field name, then value; field order matters.
function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>, strings: StringCompare): number {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const va = a[ka[i]];
    const vb = b[kb[i]];
    const r = typeRank(va) - typeRank(vb);
    if (r) return sign(r);
    const f = cmpStr(ka[i], kb[i]);
    if (f) return f;
    const c = compareValues(va, vb, strings);
    if (c) return c;
  }
  return sign(ka.length - kb.length);
}

export function valuesEqual(a: unknown, b: unknown, strings: StringCompare = binaryStrings): boolean {
  return compareValues(a, b, strings) === 0;
}

/**
 * The key a value sorts by: for arrays, the smallest element ascending and the largest descending (MongoDB's
 * rule); an empty array sorts before null.
 */
export function sortKey(values: unknown[], direction: 1 | -1, strings: StringCompare = binaryStrings): unknown {
  if (values.length === 0) return undefined;
  let best = values[0];
  for (let i = 1; i < values.length; i++) {
    const c = compareValues(values[i], best, strings);
    if ((direction === 1 && c < 0) || (direction === -1 && c > 0)) best = values[i];
  }
  return best;
}
