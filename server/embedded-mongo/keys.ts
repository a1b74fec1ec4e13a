import { Binary, BSONRegExp, Decimal128, Long, ObjectId } from 'bson';
import { isNumeric, toNumber } from './compare.ts';

/**
 * A string that two BSON values share exactly when MongoDB considers them equal (an int, a double and a
 * Long of the same value share one key). Used for the _id map and hash indexes.
 */
export function canonicalKey(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return 'n' + (Object.is(v, -0) ? 0 : v);
    case 'boolean':
      return v ? 'T' : 'F';
    case 'bigint':
      return 'n' + v.toString();
  }
  if (v instanceof ObjectId) return 'o' + v.toHexString();
  if (v instanceof Date) return 'd' + v.getTime();
  if (isNumeric(v)) {
    if (v instanceof Long) {
      const n = v.toNumber();
      return 'n' + (Number.isSafeInteger(n) ? n : v.toString());
    }
    if (v instanceof Decimal128) {
      const n = toNumber(v);
      return Number.isFinite(n) ? 'n' + n : 'D' + v.toString();
    }
    return 'n' + toNumber(v);
  }
  if (v instanceof Binary) return 'b' + v.sub_type + ':' + Buffer.from(v.buffer.subarray(0, v.position)).toString('base64');
  if (v instanceof Uint8Array) return 'b0:' + Buffer.from(v).toString('base64');
  if (v instanceof RegExp) return 'r' + v.source + '/' + v.flags;
  if (v instanceof BSONRegExp) return 'r' + v.pattern + '/' + v.options;
  if (Array.isArray(v)) return '[' + v.map(canonicalKey).join(',') + ']';
  if (typeof v === 'object') {
    const parts: string[] = [];
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (val !== undefined) parts.push(JSON.stringify(k) + ':' + canonicalKey(val));
    }
    // Other BSON classes (Timestamp, MinKey…) carry their type name so they never collide with documents.
    const tag = (v as { _bsontype?: string })._bsontype ?? '';
    return '{' + tag + parts.join(',') + '}';
  }
  return '?' + String(v);
}
