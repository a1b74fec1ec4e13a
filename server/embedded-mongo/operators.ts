import { Binary, BSONRegExp, BSONSymbol, Code, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, type Document } from 'bson';
import * as queryOps from 'mingo/operators/query';
import { resolve } from 'mingo/util';
import { binaryStrings, compareValues, isNumeric, typeRank, valuesEqual, type StringCompare } from './compare.ts';
import { badValue } from './errors.ts';
import { addNumbers, decimalMean, needsExactArithmetic, numericKind } from './numeric.ts';

// mingo supplies the query language; these overrides fill the gaps MONGO-WIRE-FACTS.md lists: BSON-aware
// equality, ranges and $type, so Long, Decimal128, ObjectId and cross-type values behave as in MongoDB.

type Pred = (lhs: unknown, rhs: unknown, depth: number) => boolean;
export type AnyFn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

function fieldOperator(pred: Pred): AnyFn {
  return (selector: string, value: unknown) => {
    const depth = selector.split('.').length - 1;
    return (obj: unknown) => pred(resolve(obj as Document, selector, { unwrapArray: true }), value, depth);
  };
}

function candidates(lhs: unknown, depth: number): unknown[] {
  if (!Array.isArray(lhs)) return [lhs];
  const out: unknown[] = [lhs];
  const walk = (arr: unknown[], level: number) => {
    for (const v of arr) {
      out.push(v);
      if (Array.isArray(v) && level < depth) walk(v, level + 1);
    }
  };
  walk(lhs, 0);
  return out;
}

/** Equality as MongoDB matches it (array elements included), under a collation's string comparison. */
export const makeEq = (strings: StringCompare): Pred => (lhs, rhs, depth) => candidates(lhs, depth).some((v) => valuesEqual(v, rhs, strings));

const makeIn = (strings: StringCompare): Pred => (lhs, rhs, depth) => {
  if (!Array.isArray(rhs)) throw badValue('$in needs an array');
  const values = candidates(lhs, depth);
  return rhs.some((r) => {
    if (r instanceof RegExp) return values.some((v) => typeof v === 'string' && r.test(v));
    return values.some((v) => valuesEqual(v, r, strings));
  });
};

function range(test: (c: number) => boolean, strings: StringCompare): Pred {
  return (lhs, rhs, depth) => {
    const rank = typeRank(rhs);
    return candidates(lhs, depth).some((v) => typeRank(v) === rank && test(compareValues(v, rhs, strings)));
  };
}

const TYPE_ALIASES: Record<string, number> = {
  double: 1, string: 2, object: 3, array: 4, binData: 5, undefined: 6, objectId: 7, bool: 8, date: 9, null: 10,
  regex: 11, dbPointer: 12, javascript: 13, symbol: 14, int: 16, timestamp: 17, long: 18, decimal: 19,
  minKey: -1, maxKey: 127
};

/** The BSON type number a value is serialized as. */
export function bsonTypeNumber(v: unknown): number {
  if (v === undefined) return 6;
  if (v === null) return 10;
  if (typeof v === 'number') return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 ? 16 : 1;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 8;
  if (typeof v === 'bigint') return 18;
  if (Array.isArray(v)) return 4;
  if (v instanceof Date) return 9;
  if (v instanceof ObjectId) return 7;
  if (v instanceof Binary || v instanceof Uint8Array) return 5;
  if (v instanceof RegExp || v instanceof BSONRegExp) return 11;
  if (v instanceof Timestamp) return 17;
  if (v instanceof Long) return 18;
  if (v instanceof Decimal128) return 19;
  if (v instanceof Int32) return 16;
  if (v instanceof Double) return 1;
  if (v instanceof BSONSymbol) return 14;
  if (v instanceof Code) return 13;
  if (v instanceof MinKey) return -1;
  if (v instanceof MaxKey) return 127;
  return 3;
}

function typeMatches(v: unknown, wanted: unknown): boolean {
  if (wanted === 'number') return isNumeric(v);
  const n = typeof wanted === 'string' ? TYPE_ALIASES[wanted] : Number(wanted);
  if (n === undefined || Number.isNaN(n)) throw badValue(`Unknown type name alias: ${String(wanted)}`);
  return bsonTypeNumber(v) === n;
}

const typePred: Pred = (lhs, rhs) => {
  if (lhs === undefined) return false;
  const wanted = Array.isArray(rhs) ? rhs : [rhs];
  const values = Array.isArray(lhs) ? [lhs, ...lhs] : [lhs];
  return wanted.some((w) => values.some((v) => typeMatches(v, w)));
};

const allOf = (fallback: AnyFn, eq: Pred): AnyFn => (selector: string, value: unknown, options: unknown) => {
  // Only scalar lists are compared here (BSON-aware); $elemMatch inside $all stays with mingo.
  if (!Array.isArray(value) || value.some((v) => v !== null && typeof v === 'object' && '$elemMatch' in (v as object))) {
    return fallback(selector, value, options);
  }
  return (obj: unknown) => {
    const lhs = resolve(obj as Document, selector, { unwrapArray: true });
    if (!Array.isArray(lhs) || value.length === 0) return false;
    return value.every((r) => (r instanceof RegExp ? lhs.some((v) => typeof v === 'string' && r.test(v)) : eq(lhs, r, 1)));
  };
};

/** The BSON-aware query operators, comparing strings with `strings` (binary, or a collation's). */
export function makeOverrides(strings: StringCompare = binaryStrings): Record<string, AnyFn> {
  const eq = makeEq(strings);
  const inList = makeIn(strings);
  return {
    $all: allOf((queryOps as unknown as Record<string, AnyFn>).$all, eq),
    $eq: fieldOperator(eq),
    $ne: fieldOperator((l, r, d) => !eq(l, r, d)),
    $in: fieldOperator(inList),
    $nin: fieldOperator((l, r, d) => !inList(l, r, d)),
    $gt: fieldOperator(range((c) => c > 0, strings)),
    $gte: fieldOperator(range((c) => c >= 0, strings)),
    $lt: fieldOperator(range((c) => c < 0, strings)),
    $lte: fieldOperator(range((c) => c <= 0, strings)),
    $type: fieldOperator(typePred)
  };
}

// Aggregation arithmetic: mingo adds plain numbers only, so sums over Decimal128 or Longs beyond 2^53 (which
// promotion leaves as BSON objects) are computed here with MongoDB's types; anything else stays mingo's.

type Accumulator = (coll: any[], expr: any, options: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
type Expression = (obj: any, expr: any, options: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

const plain = (v: unknown) => (v instanceof Int32 || v instanceof Double ? v.value : v);

export function exactAccumulators(push: Accumulator, sum: Accumulator, avg: Accumulator): Record<string, Accumulator> {
  return {
    $sum: (coll, expr, options) => {
      if (typeof expr === 'number') return sum(coll, expr, options);
      const values = push(coll, expr, options) as unknown[];
      if (!needsExactArithmetic(values)) return sum(coll, expr, options);
      let total: unknown = new Int32(0);
      for (const v of values) if (numericKind(v)) total = addNumbers(total, v);
      return plain(total);
    },
    $avg: (coll, expr, options) => {
      const values = (push(coll, expr, options) as unknown[]).filter((v) => numericKind(v));
      if (!values.some((v) => v instanceof Decimal128)) return avg(coll, expr, options);
      return decimalMean(values);
    }
  };
}

export function exactAdd(add: Expression, evaluate: Expression): Expression {
  return (obj, expr, options) => {
    const args = evaluate(obj, expr, options);
    if (!Array.isArray(args) || !needsExactArithmetic(args) || args.some((a) => a instanceof Date)) return add(obj, expr, options);
    let total: unknown = new Int32(0);
    for (const a of args) {
      if (a === null || a === undefined) return null;
      total = addNumbers(total, a);
      if (total === null) throw badValue("$add only supports numeric or date types, not " + typeof a);
    }
    return plain(total);
  };
}
