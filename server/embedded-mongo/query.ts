import { Binary, Code, Decimal128, Long, ObjectId, type Document } from 'bson';
import { Context, ProcessingMode } from 'mingo';
import { evalExpr } from 'mingo/core';
import { Aggregator } from 'mingo/aggregator';
import { Lazy } from 'mingo/lazy';
import * as accumulatorOps from 'mingo/operators/accumulator';
import * as expressionOps from 'mingo/operators/expression';
import * as pipelineOps from 'mingo/operators/pipeline';
import * as projectionOps from 'mingo/operators/projection';
import * as queryOps from 'mingo/operators/query';
import * as windowOps from 'mingo/operators/window';
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { MingoError } from 'mingo/util';
import { sortDocuments } from './sort.ts';
import { badValue, CommandError } from './errors.ts';
import { mentionsRegex, TimeGuard } from './guard.ts';
import { canonicalKey } from './keys.ts';
import { exactAccumulators, exactAdd, makeEq, makeOverrides, type AnyFn } from './operators.ts';
import { binaryStrings, type StringCompare } from './compare.ts';
import type { Collation } from './collation.ts';
import { promote, retype } from './promote.ts';
import { Analyzers } from './text/analyzer.ts';
import { mentionsText } from './text/search.ts';

// The mingo context the engine evaluates with: its query, projection, update and aggregation language, minus
// server-side JavaScript, plus the BSON-aware operators of operators.ts and MongoDB's $sort and $count.

const SCRIPT_OPERATORS = new Set(['$where', '$function', '$accumulator']);
const UNSUPPORTED_QUERY_OPERATORS = ['$near', '$nearSphere', '$geoWithin', '$geoIntersects'];

function without<T extends Record<string, unknown>>(ops: T, names: Set<string>): Record<string, AnyFn> {
  const out: Record<string, AnyFn> = {};
  for (const [k, v] of Object.entries(ops)) if (!names.has(k) && typeof v === 'function') out[k] = v as AnyFn;
  return out;
}

/** Refuses server-side JavaScript anywhere in a filter, update or pipeline: it is never executed. */
export function refuseServerScript(value: unknown, depth = 0): void {
  if (depth > 100 || value === null || typeof value !== 'object') return;
  if (value instanceof Code) throw badValue('server-side JavaScript is not allowed by the embedded engine');
  if (Array.isArray(value)) {
    for (const v of value) refuseServerScript(v, depth + 1);
    return;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SCRIPT_OPERATORS.has(k)) throw badValue(`${k} is not allowed: the embedded engine does not run server-side JavaScript`);
    refuseServerScript(v, depth + 1);
  }
}

function isScalarCondition(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v !== 'object') return typeof v !== 'function';
  return v instanceof Date || v instanceof ObjectId || v instanceof Long || v instanceof Decimal128 || v instanceof Binary;
}

/**
 * The hot path (findById, save(), lookups by an indexed field): top-level fields compared with scalars.
 * Same semantics as the $eq override, without building a mingo Query (which copies its operator tables).
 */
function simpleEqualityMatcher(filter: Document, strings: StringCompare): Matcher | null {
  const entries = Object.entries(filter);
  for (const [k, v] of entries) {
    if (k.startsWith('$') || k.includes('.') || !isScalarCondition(v)) return null;
  }
  const eq = makeEq(strings);
  const binary = strings === binaryStrings;
  // Strings under binary comparison equal only identical strings: test them without the general comparator
  // (a scan of a large collection by a non-indexed field is dominated by this).
  const tests = entries.map(([k, v]) => {
    if (binary && typeof v === 'string') {
      return (doc: Document) => {
        const x = doc[k];
        return x === v || (Array.isArray(x) && x.includes(v));
      };
    }
    return (doc: Document) => eq(Object.prototype.hasOwnProperty.call(doc, k) ? doc[k] : undefined, v, 0);
  });
  return { test: (doc) => tests.every((t) => t(doc)) };
}

function buildOptions(strings: StringCompare): Options {
  const sortStage = (collection: ReturnType<typeof Lazy>, expr: unknown) =>
    Lazy(sortDocuments(collection.collect() as Document[], expr as Document, strings));
  // MongoDB's $count emits nothing for empty input (mingo emits a zero count).
  const countStage = (collection: ReturnType<typeof Lazy>, expr: unknown) => {
    const n = collection.collect().length;
    return Lazy(n ? [{ [String(expr)]: n }] : []);
  };
  const context = Context.init({
    query: { ...without(queryOps, SCRIPT_OPERATORS), ...makeOverrides(strings) },
    projection: without(projectionOps, SCRIPT_OPERATORS),
    expression: { ...without(expressionOps, SCRIPT_OPERATORS), $add: exactAdd(expressionOps.$add, (obj, expr, options) => evalExpr(obj, expr, options as Options)) },
    accumulator: { ...without(accumulatorOps, SCRIPT_OPERATORS), ...exactAccumulators(accumulatorOps.$push, accumulatorOps.$sum, accumulatorOps.$avg) },
    pipeline: { ...without(pipelineOps, new Set(['$out', '$merge'])), $sort: sortStage, $count: countStage },
    window: without(windowOps, SCRIPT_OPERATORS)
  } as unknown as Parameters<typeof Context.init>[0]);
  return { idKey: '_id', scriptEnabled: false, useStrictMode: true, failOnError: true, processingMode: ProcessingMode.CLONE_OFF, context };
}

/**
 * Plain top-level inclusion or exclusion (mongoose's select('a b') or {cv: 0}) done directly, keeping the
 * document's field order as MongoDB does; anything richer goes to mingo.
 */
function topLevelProjection(projection: Document): ((doc: Document) => Document) | null {
  const entries = Object.entries(projection);
  if (entries.some(([k, v]) => k.includes('.') || k.startsWith('$') || !(typeof v === 'number' || typeof v === 'boolean'))) return null;
  const included = entries.filter(([k, v]) => k !== '_id' && v).map(([k]) => k);
  const excluded = entries.filter(([k, v]) => k !== '_id' && !v).map(([k]) => k);
  if (included.length && excluded.length) return null; // MongoDB's error for mixed projections comes from mingo
  const keepId = projection._id === undefined || !!projection._id;
  if (excluded.length || (!included.length && !keepId)) {
    const drop = new Set(excluded);
    if (!keepId) drop.add('_id');
    return (doc) => {
      const out: Document = {};
      for (const k of Object.keys(doc)) if (!drop.has(k)) out[k] = doc[k];
      return out;
    };
  }
  const keep = new Set(included);
  if (keepId) keep.add('_id');
  return (doc) => {
    const out: Document = {};
    for (const k of Object.keys(doc)) if (keep.has(k)) out[k] = doc[k];
    return out;
  };
}

/**
 * $bucket as MongoDB defines it (a value equal to a boundary starts that bucket; mingo puts it in the one
 * before), expressed with stages mingo evaluates correctly: a $group on a $switch over the ranges, sorted.
 */
function rewriteStage(stage: Document): Document[] {
  const spec = stage.$bucket as Document | undefined;
  if (!spec || Object.keys(stage).length !== 1) return [stage];
  const boundaries = spec.boundaries;
  if (!Array.isArray(boundaries) || boundaries.length < 2) throw badValue("$bucket requires 'boundaries' to be an array of at least two values");
  const branches = boundaries.slice(0, -1).map((low, i) => ({
    case: { $and: [{ $gte: [spec.groupBy, low] }, { $lt: [spec.groupBy, boundaries[i + 1]] }] },
    then: low
  }));
  const $switch: Document = { branches };
  if (spec.default !== undefined) $switch.default = spec.default;
  const output = (spec.output as Document | undefined) ?? { count: { $sum: 1 } };
  return [{ $group: { _id: { $switch }, ...output } }, { $sort: { _id: 1 } }];
}

/** A compiled filter. */
export interface Matcher {
  test(doc: Document): boolean;
}

/** Holds one mingo context with the engine's overrides; one instance per engine. */
export class QueryEngine {
  private readonly options: Options;
  private readonly collated = new Map<string, Options>();
  private readonly guard = new TimeGuard();
  /** Text analyzers (per language, with their term caches) for text indexes and `$text`. */
  readonly analyzers = new Analyzers();

  constructor() {
    this.options = buildOptions(binaryStrings);
  }

  /** mingo options for a collation (built once per distinct collation), or the binary ones. */
  private optionsFor(collation: Collation | null | undefined): Options {
    if (!collation) return this.options;
    let options = this.collated.get(collation.key);
    if (!options) this.collated.set(collation.key, (options = buildOptions(collation.strings)));
    return options;
  }

  compile(filter: Document | undefined | null, collation?: Collation | null): Matcher {
    if (!filter || Object.keys(filter).length === 0) return { test: () => true };
    const simple = simpleEqualityMatcher(filter, collation?.strings ?? binaryStrings);
    if (simple) return simple;
    refuseServerScript(filter);
    for (const op of UNSUPPORTED_QUERY_OPERATORS) {
      if (mentions(filter, op)) throw badValue(`${op} is not supported by the embedded engine (no geospatial indexes); use a real MongoDB`);
    }
    // $text is taken out of a filter before it gets here (text/search.ts); anywhere else MongoDB refuses it too.
    if (mentionsText(filter)) throw badValue('$text is only allowed at the top level of a filter, in a top-level $and, or in the first $match of a pipeline');
    const options = this.optionsFor(collation);
    const query = translate(() => new Query(filter, options));
    // Aggregation expressions compute with plain numbers: evaluate $expr against a promoted copy.
    if (mentions(filter, '$expr')) return { test: (doc) => query.test(promote(doc)) };
    return query;
  }

  /** Runs `fn` under the regex time limit when any of `inputs` holds a regex. */
  guarded<T>(inputs: unknown[], fn: () => T): T {
    return inputs.some((v) => mentionsRegex(v)) ? this.guard.run(fn) : fn();
  }

  /** The documents of `docs` that match `filter`; regex filters run under a time limit. */
  filter(docs: Iterable<Document>, filter: Document | undefined, collation?: Collation | null, limit = Infinity): Document[] {
    const matcher = this.compile(filter, collation);
    const scan = () => {
      const out: Document[] = [];
      for (const doc of docs) {
        if (!matcher.test(doc)) continue;
        if (out.push(doc) >= limit) break;
      }
      return out;
    };
    return filter && mentionsRegex(filter) ? this.guard.run(scan) : scan();
  }

  /** Projection through mingo (inclusion, exclusion, $slice, $elemMatch, positional `$`). */
  project(docs: Document[], filter: Document | undefined, projection: Document | undefined): Document[] {
    if (!projection || Object.keys(projection).length === 0) return docs;
    const simple = topLevelProjection(projection);
    if (simple) return docs.map(simple);
    return this.guarded([filter, projection], () =>
      translate(() => new Query(filter ?? {}, this.options).find(docs, projection).all() as Document[])
    );
  }

  aggregate(docs: Document[], pipeline: Document[], resolveCollection: (name: string) => Document[], collation?: Collation | null): Document[] {
    refuseServerScript(pipeline);
    for (const stage of pipeline) {
      const op = Object.keys(stage)[0];
      if (op === '$out' || op === '$merge') {
        throw new CommandError('IllegalOperation', `${op} can only be the last stage of a pipeline`);
      }
    }
    // Stages compute with plain numbers and may write into their input: they get promoted copies.
    pipeline = pipeline.flatMap(rewriteStage);
    const run = () =>
      translate(() =>
        new Aggregator(pipeline, {
          ...this.optionsFor(collation),
          collectionResolver: (name: string) => resolveCollection(name).map(promote)
        }).run(docs.map(promote))
      );
    const results = mentionsRegex(pipeline) ? this.guard.run(run) : run();
    return preservesDocuments(pipeline) ? restoreWidths(results, docs) : results;
  }

  /** Options for mingo's updater, which evaluates arrayFilters, positional matches and pipeline stages. */
  get mingoOptions(): Options {
    return this.options;
  }
}

// Stages whose output documents are their input documents, reshaped: a field still holding its source's
// value can take back that value's BSON width (found through _id).
const PRESERVING_STAGES = new Set(['$match', '$sort', '$skip', '$limit', '$project', '$addFields', '$set', '$unset', '$lookup', '$unwind']);

function preservesDocuments(pipeline: Document[]): boolean {
  return pipeline.every((stage) => PRESERVING_STAGES.has(Object.keys(stage)[0]));
}

function restoreWidths(results: Document[], sources: Document[]): Document[] {
  const byId = new Map<string, Document>();
  for (const doc of sources) byId.set(canonicalKey(doc._id), doc);
  return results.map((doc) => {
    const source = doc._id === undefined ? undefined : byId.get(canonicalKey(doc._id));
    return source ? (retype(doc, source) as Document) : doc;
  });
}

function mentions(value: unknown, key: string, depth = 0): boolean {
  if (depth > 50 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => mentions(v, key, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value as Document).some(([k, v]) => k === key || mentions(v, key, depth + 1));
}

/** mingo reports bad queries as plain errors; MongoDB answers those with BadValue. */
export function translate<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CommandError) throw err;
    if (err instanceof MingoError || err instanceof Error) throw badValue(err.message);
    throw err;
  }
}
