// The anonymised per-duo rows funders ask for, as one table written out as CSV or XLSX. A row carries only its
// number in this export, the programme, the reporting fields the organisation collects, dates, status, meetings,
// hours and outcomes: never a name, an email, an id or a note, and dates only to the month.
import { randomInt } from 'node:crypto';
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { ProgrammeReport } from '../../src/lib/shared/reports/figures.ts';
import { OUTCOME_MOMENTS } from '../../src/lib/shared/reports/outcomes.ts';
import { FIXED_OPTIONS } from '../../src/lib/shared/reports/reporting-fields.ts';
import { csvDocument } from './csv.ts';
import { reportWords } from './words.ts';

export type Cell = string | number | null;

export function reportTable(r: ProgrammeReport, locale: Locale): Cell[][] {
  const t = reportWords(locale);
  const header = [
    t('columns.row'),
    t('columns.programme'),
    ...r.fields.map((f) => t(`columns.${f.field}`)),
    t('columns.start'),
    t('columns.end'),
    t('columns.status'),
    t('columns.meetingsHeld'),
    t('columns.hours'),
    ...OUTCOME_MOMENTS.map((m) => t(`columns.outcome_${m}`))
  ];
  // A fixed answer in the locale's words; an organisation's own option by its label; an unknown code as it is.
  const answer = (field: ProgrammeReport['fields'][number], code: string | undefined): string => {
    if (!code) return '';
    if (field.field in FIXED_OPTIONS) return (FIXED_OPTIONS as Record<string, readonly string[]>)[field.field].includes(code) ? t(`values.${field.field}.${code}`) : code;
    return field.options.find((o) => o.code === code)?.label ?? code;
  };
  // Months, not days, and rows in a random order within a programme and a start month, numbered afterwards:
  // someone who knows when one person started cannot point at their row (found in review).
  const order = r.rows
    .map((d) => ({ d, month: d.start.slice(0, 7), draw: randomInt(2 ** 32) }))
    .sort((a, b) => a.d.programme.localeCompare(b.d.programme) || a.month.localeCompare(b.month) || a.draw - b.draw);
  const rows = order.map(({ d }, i) => [
    i + 1,
    d.programme,
    ...r.fields.map((f) => answer(f, d.answers[f.field])),
    d.start.slice(0, 7),
    d.end ? d.end.slice(0, 7) : d.end,
    t(`status.${d.status}`),
    d.meetingsHeld,
    // Two decimals: each row's rounding stays under 20 seconds, so the column adds up to the report's hours.
    Math.round(d.minutes / 0.6) / 100,
    ...OUTCOME_MOMENTS.map((m) => (d.outcomes[m] ? t(`outcomes.situation.${d.outcomes[m]}`) : ''))
  ]);
  return [header, ...rows];
}

/** RFC 4180, a byte-order mark for spreadsheet programs, formula-looking cells defused (csv.ts). */
export const reportCsv = (r: ProgrammeReport, locale: Locale) => csvDocument(reportTable(r, locale));
