import type { Document } from 'bson';
import { CommandError } from '../errors.ts';
import { valuesAtPath } from '../paths.ts';
import { Index, type IndexSpec } from '../storage/indexes.ts';
import type { Analyzer, Analyzers } from './analyzer.ts';
import { Postings } from './postings.ts';

/** A string a document gives one of the index's fields, with its weight and the language it is read in. */
export interface FieldText {
  text: string;
  weight: number;
  analyzer: Analyzer;
}

/**
 * MongoDB's per-field score (fts_spec.cpp, text index version 3), written from its description: within one
 * string, a term's k-th occurrence adds 1/2^(k-1) (diminishing returns), the sum is scaled by
 * 0.5 + 0.5 × (occurrences / terms in the string) — a term that is most of a short title weighs more than the
 * same term once in a long note — and by 1.1 when the whole string is exactly that term, then by the field's
 * weight. A document's score for a term is the sum over its strings; a query's is the sum over its terms.
 */
export function scoreString(text: string, weight: number, analyzer: Analyzer, out: Map<string, number>): void {
  const counts = new Map<string, number>();
  let total = 0;
  for (const token of analyzer.tokens(text)) {
    const term = analyzer.term(token);
    if (term === null || term === '') continue;
    total++;
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  for (const [term, count] of counts) {
    const freq = 2 - 2 ** (1 - count); // 1 + 1/2 + … + 1/2^(count-1)
    const coeff = 0.5 * (count / total) + 0.5;
    const exact = text.length === term.length && text.toLowerCase() === term ? 1.1 : 1;
    out.set(term, (out.get(term) ?? 0) + weight * freq * coeff * exact);
  }
}

/**
 * An inverted index over the text fields of one collection: term → postings (document ordinal, score),
 * maintained on every put and remove like the hash indexes, and rebuilt from the documents at load (the
 * spec is what the journal and snapshot keep). Each stored version of a document gets a new ordinal, so its
 * postings are appends; removing it only forgets its ordinal, whose postings are then skipped, and are
 * dropped all at once when forgotten ordinals outnumber live ones (an update never moves posting arrays).
 */
export class TextIndex extends Index {
  private readonly ordinals = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private forgotten = 0;
  private readonly postings = new Map<string, Postings>();
  private readonly weights: Array<[string, number]>;
  readonly languageField: string;
  readonly defaultLanguage: string;

  /**
   * @param building true while text/build.ts fills it over stored documents; `$text` does not use it until then.
   */
  constructor(
    spec: IndexSpec,
    private readonly analyzers: Analyzers,
    public building = false
  ) {
    super(spec, null);
    this.weights = Object.entries(spec.weights as Record<string, number>);
    this.languageField = String(spec.language_override ?? 'language');
    this.defaultLanguage = String(spec.default_language ?? 'english');
  }

  override get usableForEquality(): boolean {
    return false;
  }

  override entries(): [] {
    return [];
  }

  /** Never a duplicate; refuses (as MongoDB does) a document naming a language the index cannot read. */
  override conflict(_id: string, doc: Document): null {
    const lang = doc[this.languageField];
    if (lang === undefined) return null;
    if (typeof lang !== 'string') {
      throw new CommandError('Location17261', 'found language override field in document with non-string type');
    }
    try {
      this.analyzers.get(lang);
    } catch {
      throw new CommandError('Location17262', `language override unsupported: ${lang}`);
    }
    return null;
  }

  /** The analyzer a document is read with: its language override field, else the index's default language. */
  analyzerOf(doc: Document): Analyzer {
    const lang = doc[this.languageField];
    if (typeof lang === 'string') {
      try {
        return this.analyzers.get(lang);
      } catch {
        // Only reachable for documents stored before the index existed elsewhere; read them in the default.
      }
    }
    return this.analyzers.get(this.defaultLanguage);
  }

  /** Every string of the indexed fields (array elements included), with its weight and language. */
  fieldTexts(doc: Document): FieldText[] {
    const analyzer = this.analyzerOf(doc);
    const out: FieldText[] = [];
    for (const [path, weight] of this.weights) {
      for (const v of valuesAtPath(doc, path)) if (typeof v === 'string') out.push({ text: v, weight, analyzer });
    }
    return out;
  }

  /** term → score for one document. */
  termScores(doc: Document): Map<string, number> {
    const scores = new Map<string, number>();
    for (const f of this.fieldTexts(doc)) scoreString(f.text, f.weight, f.analyzer, scores);
    return scores;
  }

  override add(id: string, doc: Document): void {
    const scores = this.termScores(doc);
    if (scores.size === 0) return;
    if (this.ordinals.has(id)) this.remove(id);
    const ord = this.keys.length;
    this.keys.push(id);
    this.ordinals.set(id, ord);
    for (const [term, score] of scores) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = new Postings(1)));
      list.set(ord, score);
    }
  }

  override remove(id: string): void {
    const ord = this.ordinals.get(id);
    if (ord === undefined) return;
    this.ordinals.delete(id);
    this.keys[ord] = undefined;
    this.forgotten++;
    if (this.forgotten > 1024 && this.forgotten > this.ordinals.size) this.compact();
  }

  /** Renumbers the live ordinals 0…n-1 and drops every posting of a forgotten one. */
  private compact(): void {
    const remap = new Int32Array(this.keys.length).fill(-1);
    const keys: string[] = [];
    this.keys.forEach((key, ord) => {
      if (key === undefined) return;
      remap[ord] = keys.length;
      this.ordinals.set(key, keys.length);
      keys.push(key);
    });
    for (const [term, list] of this.postings) {
      list.retain(remap);
      if (list.length === 0) this.postings.delete(term);
    }
    this.keys = keys;
    this.forgotten = 0;
  }

  override clear(): void {
    this.ordinals.clear();
    this.keys = [];
    this.forgotten = 0;
    this.postings.clear();
  }

  posting(term: string): Postings | undefined {
    return this.postings.get(term);
  }

  /** Whether a document's current version is indexed. */
  holds(id: string): boolean {
    return this.ordinals.has(id);
  }

  ordinalOf(id: string): number | undefined {
    return this.ordinals.get(id);
  }

  keyAt(ord: number): string | undefined {
    return this.keys[ord];
  }

  /** Size of the index: terms, postings (forgotten ones included) and the bytes their arrays hold. */
  stats(): { terms: number; postings: number; postingBytes: number; documents: number } {
    let postings = 0;
    let postingBytes = 0;
    for (const list of this.postings.values()) {
      postings += list.length;
      postingBytes += list.bytes;
    }
    return { terms: this.postings.size, postings, postingBytes, documents: this.ordinals.size };
  }
}
