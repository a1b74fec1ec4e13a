import type { Document } from 'bson';
import { CommandError } from '../errors.ts';

// `{ $meta: 'textScore' }`: in a find projection it adds the score to the returned document; in a sort
// (find or $sort) it orders by score, highest first; in aggregation expressions it reads the score. The
// pipeline is evaluated by mingo, which knows no metadata: the score travels there as a hidden field.

export const SCORE_FIELD = '__binomeTextScore';

export function isTextScoreMeta(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && (v as Document).$meta === 'textScore';
}

export const noTextScore = () =>
  new CommandError('Location40218', 'query requires text score metadata, but it is not available');

/** A find projection without its textScore fields, and the names those fields take in the output. */
export function splitProjection(projection: Document | undefined): { rest: Document | undefined; scoreFields: string[] } {
  if (!projection) return { rest: undefined, scoreFields: [] };
  const rest: Document = {};
  const scoreFields: string[] = [];
  for (const [k, v] of Object.entries(projection)) {
    if (isTextScoreMeta(v)) scoreFields.push(k);
    else rest[k] = v;
  }
  return { rest: Object.keys(rest).length ? rest : undefined, scoreFields };
}

export function sortUsesTextScore(sort: Document | undefined): boolean {
  return !!sort && Object.values(sort).some(isTextScoreMeta);
}

/** Whether any stage of a pipeline reads the text score. */
export function pipelineUsesTextScore(value: unknown, depth = 0): boolean {
  if (depth > 100 || value === null || typeof value !== 'object') return false;
  if (isTextScoreMeta(value)) return true;
  if (Array.isArray(value)) return value.some((v) => pipelineUsesTextScore(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value as Document).some((v) => pipelineUsesTextScore(v, depth + 1));
}

/** The pipeline with every textScore read turned into a read of the hidden score field. */
export function rewritePipeline(pipeline: Document[]): Document[] {
  return pipeline.map((stage) => {
    const [op] = Object.keys(stage);
    if (op === '$sort' && stage.$sort && typeof stage.$sort === 'object') {
      const sort: Document = {};
      for (const [k, v] of Object.entries(stage.$sort as Document)) {
        if (isTextScoreMeta(v)) sort[SCORE_FIELD] = -1;
        else sort[k] = v;
      }
      return { $sort: sort };
    }
    return rewriteExpression(stage, 0) as Document;
  });
}

function rewriteExpression(value: unknown, depth: number): unknown {
  if (depth > 100 || value === null || typeof value !== 'object') return value;
  if (isTextScoreMeta(value)) return `$${SCORE_FIELD}`;
  if (Array.isArray(value)) return value.map((v) => rewriteExpression(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Document = {};
  for (const [k, v] of Object.entries(value as Document)) out[k] = rewriteExpression(v, depth + 1);
  return out;
}

/** Copies of `docs` carrying their score in the hidden field, for a pipeline that reads it. */
export function withScores(docs: Document[], scores: Map<Document, number>): Document[] {
  return docs.map((d) => ({ ...d, [SCORE_FIELD]: scores.get(d) ?? 0 }));
}

/** Removes the hidden field from a pipeline's output. */
export function withoutScores(docs: Document[]): Document[] {
  return docs.map((d) => {
    if (!(SCORE_FIELD in d)) return d;
    const { [SCORE_FIELD]: _score, ...rest } = d;
    return rest;
  });
}
