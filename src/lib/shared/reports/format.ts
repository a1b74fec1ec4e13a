// How the report's figures are written, the same on the dashboard, in the PDF and in the CSV/XLSX.
import type { Locale } from '../codes';

const tag = (locale: Locale) => (locale === 'en' ? 'en-GB' : `${locale}-BE`);

export const formatNumber = (locale: Locale, n: number, digits = 0) =>
  new Intl.NumberFormat(tag(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);

/** A share (0–1) as a whole percentage; '—' when there is nothing to divide. */
export const formatPercent = (locale: Locale, r: number | null) =>
  r === null ? '—' : new Intl.NumberFormat(tag(locale), { style: 'percent', maximumFractionDigits: 0 }).format(r);

export const formatDay = (locale: Locale, day: string) =>
  new Intl.DateTimeFormat(tag(locale), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** YYYY-MM as "janv. 2026". */
export const formatMonth = (locale: Locale, month: string) =>
  new Intl.DateTimeFormat(tag(locale), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
