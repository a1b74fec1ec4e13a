// What mentees read stays plain: no sentence over MAX_SENTENCE_WORDS words on a mentee-facing page, in any
// language; role words the same everywhere (README.md beside this file).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../shared/codes';
import { MAX_SENTENCE_WORDS, isMenteeFacing, sentences, wordCount } from './audience';

type Tree = { [key: string]: string | Tree };
const MESSAGES = join(import.meta.dirname, 'messages');

function messages(locale: string): Map<string, string> {
  const files = [join(MESSAGES, `${locale}.json`)];
  for (const name of readdirSync(MESSAGES)) {
    const file = join(MESSAGES, name, `${locale}.json`);
    if (statSync(join(MESSAGES, name)).isDirectory() && existsSync(file)) files.push(file);
  }
  const out = new Map<string, string>();
  const walk = (tree: Tree, prefix: string) => {
    for (const [key, value] of Object.entries(tree)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') out.set(path, value);
      else walk(value, path);
    }
  };
  for (const file of files) walk(JSON.parse(readFileSync(file, 'utf8')) as Tree, '');
  return out;
}

describe('sentence measure (guards the check itself)', () => {
  it('splits sentences and counts an ICU argument as one word', () => {
    expect(sentences('Bonjour {name}. Réessayez dans {minutes, plural, one {# minute} other {# minutes}} ; ou pas !')).toEqual([
      'Bonjour  X .',
      'Réessayez dans  X  ;',
      'ou pas !'
    ]);
    expect(wordCount('Réessayez dans  X  ;')).toBe(3);
    expect(wordCount('Vous êtes connecté·e comme X (X).')).toBe(6);
  });

  it('finds a long sentence when there is one', () => {
    const long = Array.from({ length: MAX_SENTENCE_WORDS + 1 }, (_, i) => `mot${i}`).join(' ') + '.';
    expect(sentences(long).map(wordCount)).toEqual([MAX_SENTENCE_WORDS + 1]);
    expect(isMenteeFacing('cv.status.offlineHelp')).toBe(true);
    expect(isMenteeFacing('members.roleConflict')).toBe(false);
  });
});

describe('plain language for mentees', () => {
  it.each(LOCALES)(`%s: no sentence over ${MAX_SENTENCE_WORDS} words in what mentees read`, (locale) => {
    const long: string[] = [];
    for (const [key, message] of messages(locale)) {
      if (!isMenteeFacing(key)) continue;
      for (const sentence of sentences(message)) {
        const words = wordCount(sentence);
        if (words > MAX_SENTENCE_WORDS) long.push(`${key} (${words} words): ${sentence}`);
      }
    }
    expect(long).toEqual([]);
  });

  it('checks a good share of the catalogue (the prefixes still match real keys)', () => {
    const keys = [...messages('fr').keys()];
    expect(keys.filter(isMenteeFacing).length).toBeGreaterThan(keys.length / 2);
  });
});

describe('role words (README.md: one choice, everywhere)', () => {
  // French: the role names carry both forms with a point médian; the masculine alone is never a role name.
  const GENDERED_FR = /\b(coordinateurs?|administrateurs?|mentorés?|chercheurs? d'emploi)(?![·\p{L}])/giu;

  it('French never names a role in the masculine alone', () => {
    const found = [...messages('fr')].flatMap(([key, message]) => [...message.matchAll(GENDERED_FR)].map((m) => `${key}: ${m[0]}`));
    expect(found).toEqual([]);
  });

  it('the role labels are those the notes choose, in every language', () => {
    const fr = messages('fr');
    expect(['admin', 'coordinator', 'mentor', 'mentee'].map((r) => fr.get(`roles.${r}`))).toEqual([
      'Administrateur·rice',
      'Coordinateur·rice',
      'Mentor',
      'Mentoré·e'
    ]);
    expect(['admin', 'coordinator', 'mentor', 'mentee'].map((r) => messages('nl').get(`roles.${r}`))).toEqual(['Beheerder', 'Coördinator', 'Mentor', 'Mentee']);
    expect(['admin', 'coordinator', 'mentor', 'mentee'].map((r) => messages('en').get(`roles.${r}`))).toEqual(['Administrator', 'Coordinator', 'Mentor', 'Mentee']);
  });
});
