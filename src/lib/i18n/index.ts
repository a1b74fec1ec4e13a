// The one entry point for translations: svelte-i18n with lazily loaded message files, so a phone on a small
// data plan downloads only its own language (plus French, the fallback).
import { get } from 'svelte/store';
import { init, locale as localeStore, register, waitLocale } from 'svelte-i18n';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '$shared/codes';

export { _, locale } from 'svelte-i18n';

const STORAGE_KEY = 'binome.locale';

register('fr', () => import('./messages/fr.json'));
register('nl', () => import('./messages/nl.json'));
register('en', () => import('./messages/en.json'));
// The CV editor's words live in their own catalogues (svelte-i18n merges every loader of a locale).
register('fr', () => import('./messages/cv/fr.json'));
register('nl', () => import('./messages/cv/nl.json'));
register('en', () => import('./messages/cv/en.json'));
// The offline notice and the "new version" prompt (src/lib/offline).
register('fr', () => import('./messages/offline/fr.json'));
register('nl', () => import('./messages/offline/nl.json'));
register('en', () => import('./messages/offline/en.json'));
// Group sessions (workshops), likewise.
register('fr', () => import('./messages/workshops/fr.json'));
register('nl', () => import('./messages/workshops/nl.json'));
register('en', () => import('./messages/workshops/en.json'));
// Meetings: planning, the calendar feed.
register('fr', () => import('./messages/meetings/fr.json'));
register('nl', () => import('./messages/meetings/nl.json'));
register('en', () => import('./messages/meetings/en.json'));
// The duo's journal (timeline, search, exports).
register('fr', () => import('./messages/journal/fr.json'));
register('nl', () => import('./messages/journal/nl.json'));
register('en', () => import('./messages/journal/en.json'));
// Partner companies and the umbrella view (issue 13).
register('fr', () => import('./messages/partners/fr.json'));
register('nl', () => import('./messages/partners/nl.json'));
register('en', () => import('./messages/partners/en.json'));
// The coordinator's flags on a programme's duos.
register('fr', () => import('./messages/duoFlags/fr.json'));
register('nl', () => import('./messages/duoFlags/nl.json'));
register('en', () => import('./messages/duoFlags/en.json'));
// Programmes' topics by week, and how long an ended duo's content is kept.
register('fr', () => import('./messages/programmeTopics/fr.json'));
register('nl', () => import('./messages/programmeTopics/nl.json'));
register('en', () => import('./messages/programmeTopics/en.json'));
register('fr', () => import('./messages/retention/fr.json'));
register('nl', () => import('./messages/retention/nl.json'));
register('en', () => import('./messages/retention/en.json'));
// Outcomes after the duo, the mentee's emailed form, the reporting fields (issue 13).
register('fr', () => import('./messages/outcomes/fr.json'));
register('nl', () => import('./messages/outcomes/nl.json'));
register('en', () => import('./messages/outcomes/en.json'));

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Before anyone logs in: the last choice made on this device, else the browser's language, else French. */
export function pickInitialLocale(
  stored: string | null = safeStorageGet(),
  languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]
): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of languages) {
    const base = tag?.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

let initialised: Promise<void> | null = null;

export function initI18n(): Promise<void> {
  initialised ??= (async () => {
    const initial = pickInitialLocale();
    init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: initial });
    await waitLocale();
    applyDocumentLang(initial);
  })();
  return initialised;
}

let reportWords: Promise<void> | null = null;

/**
 * The programme dashboard's words (the server prints the funder's PDF and exports from the same catalogue): only
 * its page loads them, so no other page's first load carries them. Once registered, a change of language brings
 * them along with the rest.
 */
export function loadReportWords(): Promise<void> {
  reportWords ??= (async () => {
    register('fr', () => import('./messages/reports/fr.json'));
    register('nl', () => import('./messages/reports/nl.json'));
    register('en', () => import('./messages/reports/en.json'));
    await Promise.all([waitLocale(DEFAULT_LOCALE), waitLocale(currentLocale())]);
  })();
  return reportWords;
}

/** Switch the interface language; `remember` keeps the choice on this device for the next visit. */
export async function setLocale(next: Locale, remember = true): Promise<void> {
  if (remember) safeStorageSet(next);
  if (get(localeStore) !== next) {
    await localeStore.set(next);
    await waitLocale(next);
  }
  applyDocumentLang(next);
}

export function currentLocale(): Locale {
  const value = get(localeStore);
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

function applyDocumentLang(value: Locale) {
  if (typeof document !== 'undefined') document.documentElement.lang = value;
}

// Private browsing and some webviews throw on storage access; the language choice is a nicety, not a need.
function safeStorageGet(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
function safeStorageSet(value: string) {
  try {
    localStorage.setItem(STORAGE_KEY, value);
  } catch {
    /* ignore: see above */
  }
}

/** Narrow svelte-i18n's `string | null | undefined` locale to one of ours, for Intl formatting. */
export function asLocale(value: string | null | undefined): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}
