import { foldWord, Languages, type Language } from './languages.ts';

// Turning text into index terms the way MongoDB's version-3 text index does: split on delimiters (anything
// but letters, marks and digits; English keeps the apostrophe), fold case and diacritics, drop stop words,
// stem. The folded path is cached per raw token, since a journal repeats a small vocabulary millions of times.

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const ENGLISH_WORD = /[\p{L}\p{M}\p{N}']+/gu;
const CACHE_LIMIT = 200_000;

/** Case and diacritic sensitivity, as `$caseSensitive` and `$diacriticSensitive` ask for them. */
export interface Sensitivity {
  caseSensitive: boolean;
  diacriticSensitive: boolean;
}

export class Analyzer {
  private readonly cache = new Map<string, string | null>();
  private readonly pattern: RegExp;

  constructor(readonly language: Language) {
    this.pattern = language.apostropheInWords ? ENGLISH_WORD : WORD;
  }

  get name(): string {
    return this.language.name;
  }

  /** The raw tokens of `text`, delimiters removed. */
  tokens(text: string): string[] {
    return text.match(this.pattern) ?? [];
  }

  /** The index term of one raw token, or null for a stop word. */
  term(token: string): string | null {
    let term = this.cache.get(token);
    if (term === undefined) {
      const folded = foldWord(token);
      term = this.language.isStopWord(folded) ? null : this.language.stem(folded);
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(token, term);
    }
    return term;
  }

  /** The term under `$caseSensitive` / `$diacriticSensitive`: stop words are still recognised folded. */
  sensitiveTerm(token: string, s: Sensitivity): string | null {
    if (!s.caseSensitive && !s.diacriticSensitive) return this.term(token);
    if (this.language.isStopWord(foldWord(token))) return null;
    return this.language.stem(foldWord(token, s.caseSensitive, s.diacriticSensitive));
  }
}

/** One analyzer per language, built on first use; one set per engine. */
export class Analyzers {
  private readonly byName = new Map<string, Analyzer>();

  private readonly languages = new Languages();

  /** The analyzer for a language name or code; MongoDB's error for an unknown one. */
  get(requested: string): Analyzer {
    const language = this.languages.get(requested);
    let analyzer = this.byName.get(language.name);
    if (!analyzer) this.byName.set(language.name, (analyzer = new Analyzer(language)));
    return analyzer;
  }
}
