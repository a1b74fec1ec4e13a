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
  it('keeps ordinals sorted through out-of-order sets, and retain renumbers what it keeps', () => {
    const list = new Postings();
    const model = new Map<number, number>();
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const ord = Math.floor(rand() * 300);
      list.set(ord, i);
      model.set(ord, i);
    }
    const seen: Array<[number, number]> = [];
    list.forEach((ord, score) => seen.push([ord, score]));
    expect(seen).toEqual([...model].sort((a, b) => a[0] - b[0]));
    for (let ord = 0; ord < 300; ord++) expect(list.get(ord)).toBe(model.get(ord));
    // Keep the even ordinals, numbered 0, 1, 2…
    const remap = Int32Array.from({ length: 300 }, (_, ord) => (ord % 2 ? -1 : ord / 2));
    list.retain(remap);
    for (let ord = 0; ord < 150; ord++) expect(list.get(ord)).toBe(model.get(ord * 2));
    expect(list.length).toBe([...model.keys()].filter((o) => o % 2 === 0).length);
  });
});

describe('TextIndex', () => {
  it('finds only the latest version of rewritten documents, and compacts what rewrites leave behind', () => {
    const index = new TextIndex(textIndexSpec({ key: { body: 'text' } }, 'body_text'), new Analyzers());
    const live = new Map<string, { body: string }>();
    for (let round = 0; round < 300; round++) {
      for (let d = 0; d < 10; d++) {
        const doc = { body: `Entretien numéro ${round} avec la recruteuse ${d}` };
        index.remove(`doc${d}`);
        index.add(`doc${d}`, doc);
        live.set(`doc${d}`, doc);
      }
    }
    const stats = index.stats();
    expect(stats.documents).toBe(10);
    // 3,000 versions were written; compaction keeps the forgotten ones below max(1024, live).
    expect(stats.postings).toBeLessThan(7 * (10 + 1025));
    const latest = index.posting('299')!;
    const holders: string[] = [];
    latest.forEach((ord) => {
      const key = index.keyAt(ord);
      if (key) holders.push(key);
    });
    expect(holders.sort()).toEqual([...live.keys()].sort());
    const stale = index.posting('17');
    let staleLive = 0;
    stale?.forEach((ord) => void (index.keyAt(ord) && staleLive++));
    expect(staleLive).toBe(0);
  });
});
