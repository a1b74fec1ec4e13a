import { BSON, Double, Int32, Long, Timestamp, type Document } from 'bson';
import { compareValues } from './compare.ts';

// The updates mongoose sends most ($set, $unset and $inc on plain dotted paths: save(), updateOne by _id)
// applied directly to the typed document, copying only the objects on the changed paths. Anything else —
// positional or numeric path segments, arrays on the way, other operators — returns null and goes to mingo.

const FAST_OPERATORS = new Set(['$set', '$unset', '$inc', '$setOnInsert']);

class NotFast extends Error {}

function isPlainObject(v: unknown): v is Document {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

export function isFastUpdate(ops: Document): boolean {
  for (const [op, arg] of Object.entries(ops)) {
    if (!FAST_OPERATORS.has(op)) return false;
    for (const field of Object.keys(arg as Document)) {
      if (field.includes('$') || field === '_id' || field.startsWith('_id.')) return false;
      for (const seg of field.split('.')) if (seg === '' || /^\d+$/.test(seg)) return false;
    }
  }
  return true;
}

/** Same value and same BSON type (the bytes MongoDB would store are equal). */
function sameStored(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
  if (isPlainObject(a) || Array.isArray(a) || isPlainObject(b) || Array.isArray(b)) {
    return Buffer.from(BSON.serialize({ v: a })).equals(BSON.serialize({ v: b }));
  }
  if (a.constructor !== b.constructor) return false;
  if (a instanceof Double && b instanceof Double) return Object.is(a.value, b.value);
  return compareValues(a, b) === 0;
}

type Width = 'int' | 'long' | 'double';

function numericWidth(v: unknown): { width: Width; num: number; big: bigint | null } {
  if (v instanceof Int32) return { width: 'int', num: v.value, big: BigInt(v.value) };
  if (v instanceof Double) return { width: 'double', num: v.value, big: null };
  if (v instanceof Long && !(v instanceof Timestamp)) return { width: 'long', num: v.toNumber(), big: v.toBigInt() };
  if (typeof v === 'number') {
    const int = Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
    return { width: int ? 'int' : 'double', num: v, big: int ? BigInt(v) : null };
  }
  throw new NotFast(); // Decimal128 and non-numbers: mingo's path reports or handles them
}

/** MongoDB's $inc result width: double if either is double, else long if either is long or int overflows. */
function add(current: unknown, operand: unknown): unknown {
  const a = numericWidth(current);
  const b = numericWidth(operand);
  if (a.width === 'double' || b.width === 'double') return new Double(a.num + b.num);
  const sum = a.big! + b.big!;
  if (a.width === 'int' && b.width === 'int' && sum >= -2147483648n && sum <= 2147483647n) return new Int32(Number(sum));
  return Long.fromBigInt(sum);
}

/** Applies a fast-path update; null when the document's shape needs mingo's full semantics. */
export function applyFastUpdate(current: Document, ops: Document): { doc: Document; modified: boolean } | null {
  const doc: Document = { ...current };
  const copied = new Set<object>([doc]);
  const parentOf = (parts: string[], create: boolean): Document | null => {
    let node = doc;
    for (let i = 0; i < parts.length - 1; i++) {
      let child = node[parts[i]];
      if (child === undefined || child === null) {
        if (!create) return null;
        if (child === null) throw new NotFast();
        child = {};
        node[parts[i]] = child;
        copied.add(child as object);
      } else if (!isPlainObject(child)) {
        throw new NotFast();
      } else if (!copied.has(child)) {
        child = { ...child };
        node[parts[i]] = child;
        copied.add(child as object);
      }
      node = child as Document;
    }
    return node;
  };
  let modified = false;
  try {
    for (const [op, arg] of Object.entries(ops)) {
      if (op === '$setOnInsert') continue;
      for (const [field, value] of Object.entries(arg as Document)) {
        const parts = field.split('.');
        const last = parts[parts.length - 1];
        if (op === '$set') {
          const parent = parentOf(parts, true)!;
          if (!sameStored(parent[last], value)) modified = true;
          parent[last] = value;
        } else if (op === '$unset') {
          const parent = parentOf(parts, false);
          if (parent && Object.prototype.hasOwnProperty.call(parent, last)) {
            delete parent[last];
            modified = true;
          }
        } else {
          const parent = parentOf(parts, true)!;
          const old = parent[last];
          const next = old === undefined ? value : add(old, value);
          if (!sameStored(old, next)) modified = true;
          parent[last] = next;
        }
      }
    }
  } catch (err) {
    if (err instanceof NotFast) return null;
    throw err;
  }
  return { doc: modified ? doc : current, modified };
}

