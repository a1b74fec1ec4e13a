// Dates and numbers are always formatted with Intl for the interface language (DESIGN.md, convention 9).
import type { Locale } from '$shared/codes';

const INTL_TAGS: Record<Locale, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

/** `value` is an ISO date (YYYY-MM-DD, read as a calendar day) or an ISO timestamp. */
export function formatDate(value: string | undefined, locale: Locale, style: 'long' | 'medium' | 'short' = 'medium'): string {
  if (!value) return '';
  // A bare calendar day must not shift by a day in time zones west of UTC.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(INTL_TAGS[locale], { dateStyle: style }).format(date);
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_TAGS[locale]).format(value);
}

/** Today as YYYY-MM-DD in local time, for date inputs. */
export function todayIso(now = new Date()): string {
  return toIsoDay(now);
}

export function addMonthsIso(isoDay: string, months: number): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  const date = new Date(y, m - 1 + months, d);
  // 31 January + 1 month would roll into March: clamp to the last day of the target month instead.
  if (date.getDate() !== d) date.setDate(0);
  return toIsoDay(date);
}

function toIsoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A person's name as shown: a deleted account is named in the reader's language, not the stored placeholder. */
export function personName(person: { name: string; deleted?: true }, t: (key: string) => string): string {
  return person.deleted ? t('people.deleted') : person.name;
}

/** A moment (ISO timestamp) as a date and a time of day, in the interface language and the device's time zone. */
export function formatDateTime(value: string, locale: Locale): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(INTL_TAGS[locale], { dateStyle: 'full', timeStyle: 'short' }).format(date);
}
