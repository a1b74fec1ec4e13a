import type { Document } from 'bson';
import { binaryStrings, compareValues, sortKey, type StringCompare } from './compare.ts';
import { valuesAtPath } from './paths.ts';
import { isTextScoreMeta, noTextScore } from './text/meta.ts';

/** A document's text score, for sorts on `{ $meta: 'textScore' }` (absent outside a `$text` query). */
export type TextScores = (doc: Document) => number;

// Sorting in MongoDB's order: cross-type ranks, numbers by value whatever their width, arrays by their
// smallest (ascending) or largest (descending) element; ties keep natural order.

type Keyed<T> = { doc: T; keys: unknown[] };

function sortPlan(spec: Document, strings: StringCompare, scores?: TextScores) {
  const fields = Object.entries(spec).filter(([, d]) => typeof d !== 'object' || isTextScoreMeta(d)) as Array<[string, unknown]>;
  if (!scores && fields.some(([, d]) => isTextScoreMeta(d))) throw noTextScore();
  // A text score sorts highest first.
  const dirs = fields.map(([, d]) => (isTextScoreMeta(d) || Number(d) < 0 ? -1 : 1) as 1 | -1);
  const key = (doc: Document, [path, d]: [string, unknown], i: number) =>
    isTextScoreMeta(d) ? scores!(doc) : sortKey(valuesAtPath(doc, path), dirs[i], strings);
  const keyed = <T extends Document>(doc: T): Keyed<T> => ({ doc, keys: fields.map((f, i) => key(doc, f, i)) });
  const cmp = <T>(a: Keyed<T>, b: Keyed<T>) => {
    for (let i = 0; i < dirs.length; i++) {
      const x = a.keys[i];
      const y = b.keys[i];
      // Plain numbers (the usual sequence or date-as-number keys) compare directly; NaN and every other type
      // take MongoDB's cross-type order.
      const c = typeof x === 'number' && typeof y === 'number' && x === x && y === y ? (x < y ? -1 : x > y ? 1 : 0) : compareValues(x, y, strings);
      if (c) return c * dirs[i];
    }
    return 0;
  };
  return { empty: fields.length === 0, keyed, cmp };
}

/** Stable sort in MongoDB's order (ties keep natural order). */
export function sortDocuments<T extends Document>(docs: T[], spec: Document, strings: StringCompare = binaryStrings, scores?: TextScores): T[] {
  const plan = sortPlan(spec, strings, scores);
  if (plan.empty) return docs;
  return docs.map(plan.keyed).sort(plan.cmp).map((k) => k.doc);
}

/** The first `k` documents of sortDocuments(docs, spec) without sorting them all (sort + small limit). */
export function topDocuments<T extends Document>(docs: T[], spec: Document, k: number, strings: StringCompare = binaryStrings, scores?: TextScores): T[] {
  const plan = sortPlan(spec, strings, scores);
  if (plan.empty) return docs.slice(0, k);
  const best: Keyed<T>[] = [];
  for (const doc of docs) {
    const item = plan.keyed(doc);
    if (best.length === k && plan.cmp(item, best[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (plan.cmp(best[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > k) best.pop();
  }
  return best.map((b) => b.doc);
}

