// The words of the funder's report (PDF, CSV, XLSX), read from the dashboard's own catalogue so that the page and
// the files a coordinator sends say the same thing in the same three languages.
import type { Locale } from '../../src/lib/shared/codes.ts';
import en from '../../src/lib/i18n/messages/reports/en.json';
import fr from '../../src/lib/i18n/messages/reports/fr.json';
import nl from '../../src/lib/i18n/messages/reports/nl.json';

const CATALOGUES = { fr, nl, en };

/** `t('duos.formed')`, with `{name}` placeholders filled; a missing key is a programming error. */
export function reportWords(locale: Locale): (key: string, vars?: Record<string, string | number>) => string {
  const root = CATALOGUES[locale].reports as Record<string, unknown>;
  return (key, vars = {}) => {
    const found = key.split('.').reduce<unknown>((node, k) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined), root);
    if (typeof found !== 'string') throw new Error(`reports words: no ${key} in ${locale}`);
    return found.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
  };
}
