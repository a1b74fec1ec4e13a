import type { Document } from 'bson';
import { foldWord } from './languages.ts';
import type { Collation } from '../collation.ts';
import { badValue, CommandError } from '../errors.ts';
import { canonicalKey } from '../keys.ts';
import type { QueryEngine } from '../query.ts';
import type { Collection } from '../storage/collection.ts';
import { TextIndex } from './text-index.ts';
import { parseTextQuery, type TextQuery } from './text-query.ts';

/** Matched documents and, for each, its text score (what `{ $meta: 'textScore' }` reads). */
export interface TextMatch {
  docs: Document[];
  scores: Map<Document, number>;
}

/**
 * Takes the `$text` operand out of a filter: MongoDB accepts it at the top level or in a top-level `$and`,
 * once. Null when the filter has none.
 */
export function splitTextFilter(filter: Document | undefined): { text: unknown; rest: Document } | null {
  if (!filter) return null;
  let text: unknown;
  let found = 0;
  const rest: Document = {};
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$text') {
      text = v;
      found++;
    } else if (k === '$and' && Array.isArray(v)) {
      const others: unknown[] = [];
      for (const clause of v) {
        if (clause && typeof clause === 'object' && '$text' in clause) {
          text = (clause as Document).$text;
          found++;
          const stripped = stripText(clause as Document);
          if (stripped) others.push(stripped);
        } else others.push(clause);
      }
      if (others.length) rest.$and = others;
    } else rest[k] = v;
  }
  if (found === 0) {
    if (mentionsText(filter)) throw badValue('$text is only allowed at the top level of a filter or in a top-level $and');
    return null;
  }
  if (found > 1) throw badValue('Too many text expressions');
  if (mentionsText(rest)) throw badValue('$text is only allowed at the top level of a filter or in a top-level $and');
  return { text, rest };
}

function stripText(clause: Document): Document | null {
  const { $text: _text, ...others } = clause;
  return Object.keys(others).length ? others : null;
}

export function mentionsText(value: unknown, depth = 0): boolean {
  if (depth > 100 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => mentionsText(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value as Document).some(([k, v]) => k === '$text' || mentionsText(v, depth + 1));
}

export function textIndexOf(coll: Collection | undefined): TextIndex {
  // A hidden index, or one still being built, is kept up to date but not used, as in MongoDB.
  for (const index of coll?.indexes.values() ?? []) if (index instanceof TextIndex && !index.spec.hidden && !index.building) return index;
  throw new CommandError('IndexNotFound', 'text index required for $text query');
}

/**
 * Runs a `$text` filter: terms are looked up in the inverted index (or, when the rest of the filter pins an
 * indexed field to a few documents, those documents' postings are read directly), scores summed per document,
 * then negations, phrases, sensitivity and the rest of the filter applied. `limit` stops early (no sort).
 */
export function textSearch(
  coll: Collection | undefined,
  text: unknown,
  rest: Document,
  queries: QueryEngine,
  collation?: Collation | null,
  limit = Infinity
): TextMatch {
  const index = textIndexOf(coll);
  const query = parseTextQuery(text, index.defaultLanguage, queries.analyzers);
  const matcher = queries.compile(rest, collation);
  const scored = scoreCandidates(index, query, collation ? null : coll!.narrowed(rest));
  const docs: Document[] = [];
  const scores = new Map<Document, number>();
  queries.guarded([rest], () => {
    for (const [ord, score] of scored) {
      const key = index.keyAt(ord);
      const doc = key === undefined ? undefined : coll!.docs.get(key);
      // The rest of the filter first: it is cheap, and phrases read the whole text.
      if (!doc || !matcher.test(doc) || !survives(index, query, ord, doc)) continue;
      docs.push(doc);
      scores.set(doc, score);
      if (docs.length >= limit) break;
    }
  });
  return { docs, scores };
}

/** (ordinal, summed score) of every document holding at least one of the query's terms. */
function scoreCandidates(index: TextIndex, query: TextQuery, narrowed: Document[] | null): Array<[number, number]> {
  const lists = query.terms.map((t) => index.posting(t)).filter((p) => p !== undefined);
  const postings = lists.reduce((n, p) => n + p.length, 0);
  const out: Array<[number, number]> = [];
  if (narrowed && narrowed.length < postings) {
    for (const doc of narrowed) {
      const ord = index.ordinalOf(canonicalKey(doc._id));
      if (ord === undefined) continue;
      let score = 0;
      let hit = false;
      for (const list of lists) {
        const s = list.get(ord);
        if (s !== undefined) {
          score += s;
          hit = true;
        }
      }
      if (hit) out.push([ord, score]);
    }
    return out;
  }
  const sums = new Map<number, number>();
  for (const list of lists) list.forEach((ord, s) => sums.set(ord, (sums.get(ord) ?? 0) + s));
  return [...sums].sort((a, b) => a[0] - b[0]);
}

/** Negated words and phrases, required phrases, and case/diacritic-sensitive words, checked on the document. */
function survives(index: TextIndex, query: TextQuery, ord: number, doc: Document): boolean {
  const sensitive = query.caseSensitive || query.diacriticSensitive;
  if (!sensitive) {
    for (const term of query.negated) if (index.posting(term)?.has(ord)) return false;
  }
  if (!sensitive && query.phrases.length === 0 && query.negatedPhrases.length === 0) return true;
  const texts = index.fieldTexts(doc);
  if (sensitive) {
    let positive = false;
    for (const f of texts) {
      for (const token of f.analyzer.tokens(f.text)) {
        const term = f.analyzer.sensitiveTerm(token, query);
        if (term === null) continue;
        if (query.sensitiveNegated.has(term)) return false;
        if (query.sensitiveTerms.has(term)) positive = true;
      }
    }
    if (!positive) return false;
  }
  const folded = texts.map((f) => foldWord(f.text, query.caseSensitive, query.diacriticSensitive));
  const contains = (phrase: string) => {
    const p = foldWord(phrase, query.caseSensitive, query.diacriticSensitive);
    return folded.some((t) => t.includes(p));
  };
  return query.phrases.every(contains) && !query.negatedPhrases.some(contains);
}
