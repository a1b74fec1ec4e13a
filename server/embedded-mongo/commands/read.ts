import { Long, type Document } from 'bson';
import { collationFrom, type Collation } from '../collation.ts';
import { isOutputStage, writeOutput } from './aggregate-output.ts';
import { canonicalKey } from '../keys.ts';
import { CommandError } from '../errors.ts';
import { valuesAtPath } from '../paths.ts';
import { sortDocuments, topDocuments, type TextScores } from '../sort.ts';
import { mentionsText, splitTextFilter, textSearch } from '../text/search.ts';
import { noTextScore, pipelineUsesTextScore, rewritePipeline, sortUsesTextScore, splitProjection, withoutScores, withScores } from '../text/meta.ts';
import { checkHint, collectionArg, matching, numberArg, optionalDoc, type CommandContext, type Handler } from './context.ts';

/** Sort, skip and limit over matched documents, as find, count and findAndModify share them. */
export function orderAndSlice(docs: Document[], sort: Document | undefined, skip = 0, limit = 0, collation?: Collation | null, scores?: TextScores): Document[] {
  const sorted = sort && Object.keys(sort).length > 0;
  const strings = collation?.strings;
  if (sorted && limit > 0 && skip + limit <= 1000 && skip + limit < docs.length / 4) {
    return topDocuments(docs, sort, skip + limit, strings, scores).slice(skip);
  }
  let out = sorted ? sortDocuments(docs, sort!, strings, scores) : docs;
  if (skip > 0 || limit > 0) out = out.slice(skip, limit > 0 ? skip + limit : undefined);
  return out;
}

function cursorBatchSize(cmd: Document): number | undefined {
  const cursor = optionalDoc(cmd, 'cursor');
  return cursor ? numberArg(cursor, 'batchSize') : undefined;
}

function toLong(v: unknown): Long {
  if (v instanceof Long) return v;
  if (typeof v === 'number' && Number.isInteger(v)) return Long.fromNumber(v);
  throw new CommandError('TypeMismatch', "Field 'getMore' must be of type long");
}

function resolverFor(ctx: CommandContext, db: string) {
  return (name: string): Document[] => [...(ctx.store.collection(db, name)?.docs.values() ?? [])];
}

export const readCommands: Record<string, Handler> = {
  find: (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'find');
    if (cmd.tailable || cmd.awaitData) throw new CommandError('BadValue', 'tailable cursors need a capped collection, which the embedded engine does not support');
    const filter = optionalDoc(cmd, 'filter');
    const projection = optionalDoc(cmd, 'projection');
    const skip = numberArg(cmd, 'skip') ?? 0;
    let limit = numberArg(cmd, 'limit') ?? 0;
    let singleBatch = !!cmd.singleBatch;
    if (skip < 0) throw new CommandError('BadValue', 'skip value must be non-negative');
    let batchSize = numberArg(cmd, 'batchSize');
    if (limit < 0) {
      limit = -limit;
      singleBatch = true;
      batchSize = limit;
    }
    checkHint(ctx.store.collection(db, name), cmd.hint);
    const collation = collationFrom(cmd.collation);
    const sort = optionalDoc(cmd, 'sort');
    // Without a sort, a limited find can stop at the first skip + limit matches.
    const enough = limit > 0 && !(sort && Object.keys(sort).length) ? skip + limit : Infinity;
    const coll = ctx.store.collection(db, name);
    const text = splitTextFilter(filter);
    const { rest: plainProjection, scoreFields } = splitProjection(projection);
    let found: Document[];
    let scoreOf: TextScores | undefined;
    if (text) {
      const match = textSearch(coll, text.text, text.rest, ctx.queries, collation, enough);
      found = match.docs;
      scoreOf = (doc) => match.scores.get(doc) ?? 0;
    } else {
      if (scoreFields.length || sortUsesTextScore(sort)) throw noTextScore();
      found = matching(coll, filter, ctx, collation, enough);
    }
    const docs = orderAndSlice(found, sort, skip, limit, collation, scoreOf);
    if (batchSize !== undefined && batchSize < 0) throw new CommandError('BadValue', 'batchSize value must be non-negative');
    if (singleBatch && batchSize === undefined) batchSize = docs.length || 1;
    const plainFilter = text ? text.rest : filter;
    const transform = projection
      ? (batch: Document[]) => {
          const projected = plainProjection ? ctx.queries.project(batch, plainFilter, plainProjection) : batch;
          if (!scoreOf || !scoreFields.length) return projected;
          return projected.map((doc, i) => {
            const out: Document = { ...doc };
            for (const f of scoreFields) out[f] = scoreOf(batch[i]);
            return out;
          });
        }
      : undefined;
    return ctx.cursors.first(`${db}.${name}`, docs, batchSize, singleBatch, transform);
  },

  getMore: (cmd, db, ctx) => {
    const id = toLong(cmd.getMore);
    const name = collectionArg(cmd, 'collection');
    const reply = ctx.cursors.next(id, `${db}.${name}`, numberArg(cmd, 'batchSize'));
    if (!reply) throw new CommandError('CursorNotFound', `cursor id ${id.toString()} not found`);
    return reply;
  },

  killCursors: (cmd, _db, ctx) => {
    collectionArg(cmd, 'killCursors');
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of (cmd.cursors as unknown[]) ?? []) {
      const id = toLong(raw);
      (ctx.cursors.kill(id) ? killed : notFound).push(id);
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  },

  count: (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'count');
    const query = optionalDoc(cmd, 'query');
    const coll = ctx.store.collection(db, name);
    checkHint(coll, cmd.hint);
    const skip = numberArg(cmd, 'skip') ?? 0;
    const limit = Math.abs(numberArg(cmd, 'limit') ?? 0);
    const collation = collationFrom(cmd.collation);
    let n = !query || Object.keys(query).length === 0 ? (coll?.docs.size ?? 0) : matching(coll, query, ctx, collation).length;
    n = Math.max(0, n - skip);
    if (limit > 0) n = Math.min(n, limit);
    return { n, ok: 1 };
  },

  distinct: (cmd, db, ctx) => {
    const name = collectionArg(cmd, 'distinct');
    const key = cmd.key;
    if (typeof key !== 'string') throw new CommandError('TypeMismatch', "BSON field 'distinct.key' is missing or not a string");
    const docs = matching(ctx.store.collection(db, name), optionalDoc(cmd, 'query'), ctx, collationFrom(cmd.collation));
    const seen = new Map<string, unknown>();
    for (const doc of docs) {
      for (const v of valuesAtPath(doc, key)) {
        if (v === undefined) continue;
        const k = canonicalKey(v);
        if (!seen.has(k)) seen.set(k, v);
      }
    }
    return { values: sortDocuments([...seen.values()].map((v) => ({ v })), { v: 1 }).map((d) => d.v), ok: 1 };
  },

  aggregate: async (cmd, db, ctx) => {
    if (typeof cmd.aggregate !== 'string') {
      throw new CommandError('InvalidNamespace', 'collection-less aggregate ({aggregate: 1}) is not supported by the embedded engine');
    }
    const name = collectionArg(cmd, 'aggregate');
    if (!Array.isArray(cmd.pipeline)) throw new CommandError('TypeMismatch', "'pipeline' option must be specified as an array");
    if (cmd.explain) throw new CommandError('IllegalOperation', 'explain is not supported by the embedded engine');
    let pipeline = cmd.pipeline as Document[];
    const output = isOutputStage(pipeline[pipeline.length - 1]) ? pipeline[pipeline.length - 1] : null;
    if (output) pipeline = pipeline.slice(0, -1);
    const coll = ctx.store.collection(db, name);
    checkHint(coll, cmd.hint);
    // A leading $match goes through the index-aware path; only its survivors enter mingo.
    let docs: Document[];
    let scores: Map<Document, number> | undefined;
    const first = pipeline[0];
    const collation = collationFrom(cmd.collation);
    if (first && Object.keys(first)[0] === '$match') {
      const text = splitTextFilter(first.$match as Document);
      if (text) ({ docs, scores } = textSearch(coll, text.text, text.rest, ctx.queries, collation));
      else docs = matching(coll, first.$match as Document, ctx, collation);
      pipeline = pipeline.slice(1);
    } else docs = [...(coll?.docs.values() ?? [])];
    if (pipeline.some((stage) => stage && Object.keys(stage)[0] === '$match' && mentionsText(stage.$match))) {
      throw new CommandError('Location17313', '$match with $text is only allowed as the first pipeline stage');
    }
    // Stages reading { $meta: 'textScore' } read it from a hidden field the documents carry through mingo.
    const readsScore = pipelineUsesTextScore(pipeline);
    if (readsScore) {
      if (!scores) throw noTextScore();
      pipeline = rewritePipeline(pipeline);
      docs = withScores(docs, scores);
    }
    let results = pipeline.length ? ctx.queries.aggregate(docs, pipeline, resolverFor(ctx, db), collation) : docs;
    if (readsScore) results = withoutScores(results);
    if (output) {
      await writeOutput(output, results, db, ctx);
      return ctx.cursors.first(`${db}.${name}`, [], undefined, true);
    }
    return ctx.cursors.first(`${db}.${name}`, results, cursorBatchSize(cmd), false);
  }
};
