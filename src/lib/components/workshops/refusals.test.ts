import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LiveState } from '../../shared/workshops/model';
import { refusalMessage } from './refusals';

// A tiny stand-in for svelte-i18n's formatter over the real catalogues: enough to read {budget} and {cap}.
function translator(locale: string) {
  const catalogue = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'i18n', 'messages', 'workshops', `${locale}.json`), 'utf8'));
  return (key: string, options?: { values?: Record<string, string | number> }) => {
    const text = key.split('.').reduce((node, part) => node[part], catalogue) as unknown as string;
    return text.replace(/\{(\w+)\}/g, (_m, name: string) => String(options?.values?.[name] ?? `{${name}}`));
  };
}
const live = { votes: { budget: 5, cap: 3, selfVotes: true, revealed: false } } as LiveState;

describe('a refused command in words', () => {
  it('says the 6th vote is over the budget, in the person’s language', () => {
    expect(refusalMessage(translator('fr'), 'budget_exhausted', live)).toBe('Vous avez utilisé vos 5 votes. Retirez-en un pour voter ailleurs.');
    expect(refusalMessage(translator('nl'), 'budget_exhausted', live)).toBe('Je hebt je 5 stemmen gebruikt. Neem er een terug om elders te stemmen.');
    expect(refusalMessage(translator('en'), 'cap_reached', live)).toBe('At most 3 votes on one card or group.');
  });

  it('turns an unknown code into the generic "no answer" sentence, never the code', () => {
    expect(refusalMessage(translator('en'), 'weird_code', live)).toBe('No answer from the server. Check your connection and try again.');
  });
});
