import { BSON, Double, Int32, type Document } from 'bson';
import { compareValues } from './compare.ts';
import { addNumbers, multiplyNumbers } from './numeric.ts';

// The updates mongoose sends most ($set, $unset, $inc and $mul on plain dotted paths: save(), updateOne by _id)
// applied directly to the typed document, copying only the objects on the changed paths. Anything else —
// positional or numeric path segments, arrays on the way, other operators — returns null and goes to mingo.

const FAST_OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$setOnInsert']);

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

/** $mul on a missing field stores a zero of the operand's type. */
function zeroLike(operand: unknown): unknown {
  return multiplyNumbers(operand, new Int32(0));
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
          const next =
            op === '$inc' ? (old === undefined ? value : addNumbers(old, value)) : old === undefined ? zeroLike(value) : multiplyNumbers(old, value);
          if (next === null) throw new NotFast(); // not numbers: mingo's path reports it
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

