import { describe, expect, it } from 'vitest';
import { Analyzers } from './analyzer.ts';
import { Postings } from './postings.ts';
import { textIndexSpec } from './spec.ts';
import { scoreString, TextIndex } from './text-index.ts';
import { parseTextQuery } from './text-query.ts';

const analyzers = new Analyzers();

describe('parseTextQuery', () => {
  it('splits words, "phrases" and -negations as MongoDB reads them', () => {
    const q = parseTextQuery({ $search: 'Entretiens -cv "plan d\'action" -"lettre type" pré-embauche' }, 'french', analyzers);
    expect(q.terms.sort()).toEqual(['action', 'embauch', 'entretien', 'plan', 'pre'].sort());
    expect(q.negated).toEqual(['cv']);
    expect(q.phrases).toEqual(["plan d'action"]);
    expect(q.negatedPhrases).toEqual(['lettre type']);
  });

  it('negates only the first word of "-pre-market" and ignores dashes inside words', () => {
    const q = parseTextQuery({ $search: '-pre-market job-seeker' }, 'english', analyzers);
    expect(q.negated).toEqual(['pre']);
    expect(q.terms.sort()).toEqual(['job', 'market', 'seeker']);
  });

  it('drops stop words and uses $language over the index default', () => {
    expect(parseTextQuery({ $search: 'de het een' , $language: 'nl' }, 'french', analyzers).terms).toEqual([]);
    expect(parseTextQuery({ $search: 'gesprekken', $language: 'dutch' }, 'french', analyzers).terms).toEqual(['gesprek']);
    expect(parseTextQuery({ $search: 'gesprekken', $language: 'none' }, 'french', analyzers).terms).toEqual(['gesprekken']);
  });

  it('refuses malformed operands', () => {
    expect(() => parseTextQuery({ $search: 1 }, 'english', analyzers)).toThrow(/\$search needs a String/);
    expect(() => parseTextQuery({ $search: 'x', $language: 'tlh' }, 'english', analyzers)).toThrow(/unsupported language/);
    expect(() => parseTextQuery({ $search: 'x', $caseSensitive: 1 }, 'english', analyzers)).toThrow(/needs a boolean/);
    expect(() => parseTextQuery('x', 'english', analyzers)).toThrow(/expects an object/);
  });
});

describe('scoreString', () => {
  it('gives a field that is exactly the term a tenth more', () => {
    const out = new Map<string, number>();
    scoreString('interview', 2, analyzers.get('english'), out);
    expect(out.get('interview')).toBeCloseTo(2 * 1.1, 12);
  });
});

describe('Postings', () => {
  it('agrees with a Map through random inserts, rewrites and deletes', () => {
    const list = new Postings();
    const model = new Map<number, number>();
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const ord = Math.floor(rand() * 300);
      if (rand() < 0.35) {
        list.delete(ord);
        model.delete(ord);
      } else {
        list.set(ord, i);
        model.set(ord, i);
      }
    }
    const seen: Array<[number, number]> = [];
    list.forEach((ord, score) => seen.push([ord, score]));
    expect(seen).toEqual([...model].sort((a, b) => a[0] - b[0]));
    for (let ord = 0; ord < 300; ord++) expect(list.get(ord)).toBe(model.get(ord));
  });
});

describe('TextIndex', () => {
  it('leaves nothing behind once every document is removed, and recycles ordinals', () => {
    const index = new TextIndex(textIndexSpec({ key: { body: 'text' } }, 'body_text'), new Analyzers());
    const docs = Array.from({ length: 50 }, (_, i) => ({ _id: i, body: `Entretien numéro ${i} avec la recruteuse`, language: i % 2 ? 'fr' : 'en' }));
    for (const d of docs) index.add(String(d._id), d);
    expect(index.stats().documents).toBe(50);
    for (const d of docs) index.remove(String(d._id), d);
    expect(index.stats()).toEqual({ terms: 0, postings: 0, postingBytes: 0, documents: 0 });
    index.add('again', { body: 'Nouvel entretien' });
    expect(index.ordinalOf('again')).toBeLessThan(50);
  });
});
