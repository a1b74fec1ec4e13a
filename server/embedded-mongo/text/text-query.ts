import type { Document } from 'bson';
import { badValue } from '../errors.ts';
import type { Analyzer, Analyzers, Sensitivity } from './analyzer.ts';

// Parsing `$text: { $search, $language, $caseSensitive, $diacriticSensitive }` as MongoDB does: words are
// OR'd; "a phrase" must appear as written (its words also count as terms); a word or phrase preceded by '-'
// at the start or after a space is excluded ('pre-market' is two plain words). Stop words are dropped.

export interface TextQuery extends Sensitivity {
  analyzer: Analyzer;
  /** Distinct terms looked up in the index (case- and diacritic-folded). */
  terms: string[];
  negated: string[];
  phrases: string[];
  negatedPhrases: string[];
  /** The same terms under the requested sensitivity, checked against the documents when it is asked. */
  sensitiveTerms: Set<string>;
  sensitiveNegated: Set<string>;
}

const SPACE = /\s/u;

function flag(operand: Document, name: string): boolean {
  const v = operand[name];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw badValue(`${name} needs a boolean`);
  return v;
}

export function parseTextQuery(operand: unknown, defaultLanguage: string, analyzers: Analyzers): TextQuery {
  if (!operand || typeof operand !== 'object' || Array.isArray(operand)) throw badValue('$text expects an object');
  const op = operand as Document;
  for (const k of Object.keys(op)) {
    if (!['$search', '$language', '$caseSensitive', '$diacriticSensitive'].includes(k)) throw badValue('extra fields in $text');
  }
  if (typeof op.$search !== 'string') throw badValue('$search needs a String');
  if (op.$language !== undefined && typeof op.$language !== 'string') throw badValue('$language needs a String');
  const analyzer = analyzers.get((op.$language as string | undefined) || defaultLanguage);
  const sensitivity = { caseSensitive: flag(op, '$caseSensitive'), diacriticSensitive: flag(op, '$diacriticSensitive') };
  const q: TextQuery = {
    analyzer, ...sensitivity, terms: [], negated: [], phrases: [], negatedPhrases: [],
    sensitiveTerms: new Set(), sensitiveNegated: new Set()
  };
  const terms = new Set<string>();
  const negated = new Set<string>();
  // `negatedCount` leading tokens are negated: '-pre-market' excludes 'pre' only, 'market' stays a plain word.
  const addWords = (text: string, negatedCount: number) => {
    analyzer.tokens(text).forEach((token, index) => {
      const negate = index < negatedCount;
      const term = analyzer.term(token);
      if (term === null || term === '') return;
      (negate ? negated : terms).add(term);
      const sensitive = analyzer.sensitiveTerm(token, sensitivity);
      if (sensitive !== null) (negate ? q.sensitiveNegated : q.sensitiveTerms).add(sensitive);
    });
  };
  const s = op.$search;
  const negates = (dash: number) => dash >= 0 && s[dash] === '-' && (dash === 0 || SPACE.test(s[dash - 1]));
  let i = 0;
  while (i < s.length) {
    if (s[i] === '"') {
      let end = s.indexOf('"', i + 1);
      if (end < 0) end = s.length;
      const phrase = s.slice(i + 1, end);
      if (negates(i - 1)) q.negatedPhrases.push(phrase);
      else if (phrase.length) {
        q.phrases.push(phrase);
        addWords(phrase, 0);
      }
      i = end + 1;
      continue;
    }
    // A run up to the next space or quote; the analyzer splits it further on delimiters ('-', '/', …).
    const start = i;
    while (i < s.length && s[i] !== '"' && !SPACE.test(s[i])) i++;
    if (i === start) {
      i++;
      continue;
    }
    const word = s.slice(start, i);
    addWords(word, word[0] === '-' && negates(start) ? 1 : 0);
  }
  q.terms = [...terms];
  q.negated = [...negated];
  return q;
}
