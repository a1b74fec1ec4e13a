import snowball from 'snowball-stemmers';
import { stopwords as danish } from '@orama/stopwords/danish';
import { stopwords as dutch } from '@orama/stopwords/dutch';
import { stopwords as english } from '@orama/stopwords/english';
import { stopwords as finnish } from '@orama/stopwords/finnish';
import { stopwords as french } from '@orama/stopwords/french';
import { stopwords as german } from '@orama/stopwords/german';
import { stopwords as hungarian } from '@orama/stopwords/hungarian';
import { stopwords as italian } from '@orama/stopwords/italian';
import { stopwords as norwegian } from '@orama/stopwords/norwegian';
import { stopwords as portuguese } from '@orama/stopwords/portuguese';
import { stopwords as romanian } from '@orama/stopwords/romanian';
import { stopwords as russian } from '@orama/stopwords/russian';
import { stopwords as spanish } from '@orama/stopwords/spanish';
import { stopwords as swedish } from '@orama/stopwords/swedish';
import { stopwords as turkish } from '@orama/stopwords/turkish';
import { badValue } from '../errors.ts';

// The languages of MongoDB's text indexes (version 3), by name and by ISO 639-1 code, as MongoDB accepts them.
// Stemming is Snowball's (the algorithms MongoDB links through libstemmer, in the classic versions it ships);
// stop words are Snowball's lists, which MongoDB's are drawn from. "none" tokenizes without either.

const STOP_WORDS: Record<string, readonly string[]> = {
  danish, dutch, english, finnish, french, german, hungarian, italian, norwegian, portuguese, romanian, russian,
  spanish, swedish, turkish
};

const CODES: Record<string, string> = {
  da: 'danish', nl: 'dutch', en: 'english', fi: 'finnish', fr: 'french', de: 'german', hu: 'hungarian',
  it: 'italian', nb: 'norwegian', pt: 'portuguese', ro: 'romanian', ru: 'russian', es: 'spanish', sv: 'swedish',
  tr: 'turkish'
};

/** How one language turns a folded word into an index term. */
export interface Language {
  /** MongoDB's canonical name ("french"), or "none". */
  readonly name: string;
  /** True for words Snowball's list drops (the word is compared case- and diacritic-folded). */
  isStopWord(folded: string): boolean;
  stem(word: string): string;
  /** English keeps the apostrophe inside words ("don't"); every other language splits on it. */
  readonly apostropheInWords: boolean;
}

/** Lower case without diacritics: the form stop words are compared in, and terms are made of by default. */
export function foldWord(word: string, caseSensitive = false, diacriticSensitive = false): string {
  let out = caseSensitive ? word : word.toLowerCase();
  if (!diacriticSensitive) out = out.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  return out;
}

function build(name: string): Language {
  if (name === 'none') return { name, isStopWord: () => false, stem: (w) => w, apostropheInWords: false };
  const stops = new Set(STOP_WORDS[name].map((w) => foldWord(w)));
  const stemmer = snowball.newStemmer(name);
  return { name, isStopWord: (w) => stops.has(w), stem: (w) => stemmer.stem(w), apostropheInWords: name === 'english' };
}

/** One Language object per canonical name, built on first use. */
export class Languages {
  private readonly built = new Map<string, Language>();

  /** The canonical name for a name or code MongoDB accepts, or null. */
  static canonical(requested: string): string | null {
    const lower = requested.toLowerCase();
    if (lower === 'none' || STOP_WORDS[lower]) return lower;
    return CODES[lower] ?? null;
  }

  /** The language, or MongoDB's error for one it does not know. */
  get(requested: string): Language {
    const name = Languages.canonical(requested);
    if (!name) throw badValue(`unsupported language: "${requested}" for text index version 3`);
    let lang = this.built.get(name);
    if (!lang) this.built.set(name, (lang = build(name)));
    return lang;
  }
}
