// A workshop's summary as Markdown (also the body of the email) and as CSV (one line per card and per action,
// RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with a quote).
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { WorkshopSummary } from '../../src/lib/shared/workshops/schemas.ts';
import { SUMMARY_WORDS, formatWhen } from './words.ts';

/** Markdown special characters in people's text are escaped: a card cannot inject a link or a heading. */
const md = (s: string) => s.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1').replace(/\n+/g, ' ');

export function summaryMarkdown(s: WorkshopSummary, locale: Locale): string {
  const w = SUMMARY_WORDS[locale];
  const lines: string[] = [`# ${md(s.workshop.title)}`, '', `*${w.summary}*`, '', `- ${w.date}: ${formatWhen(s.workshop.startsAt, locale)}`];
  if (s.workshop.place) lines.push(`- ${w.place}: ${md(s.workshop.place)}`);
  if (s.workshop.videoUrl) lines.push(`- ${w.video}: ${s.workshop.videoUrl}`);
  if (s.workshop.description) lines.push('', md(s.workshop.description));
  for (const c of s.columns) {
    lines.push('', `## ${md(c.title)}`, '');
    if (c.prompt) lines.push(`*${md(c.prompt)}*`, '');
    if (c.cards.length === 0) lines.push(w.noCards);
    const votes = (n: number | null) => (n === null || n === 0 ? '' : ` (${w.votes(n)})`);
    const card = (x: (typeof c.cards)[number], indent = '') => `${indent}- ${md(x.text)} — ${x.authorName ? md(x.authorName) : `*${w.anonymous}*`}${votes(x.votes)}`;
    for (const g of c.groups) {
      lines.push(`- **${w.group}: ${md(g.title)}**${votes(g.votes)}`);
      for (const x of c.cards.filter((x) => x.group === g.id)) lines.push(card(x, '  '));
    }
    for (const x of c.cards.filter((x) => !c.groups.some((g) => g.id === x.group))) lines.push(card(x));
  }
  lines.push('', `## ${w.actions}`, '');
  if (s.actions.length === 0) lines.push('—');
  for (const a of s.actions) lines.push(`- [${a.done ? 'x' : ' '}] ${md(a.text)} — ${w.owner}: ${a.ownerName ? md(a.ownerName) : w.nobody}${a.due ? ` — ${w.due}: ${a.due}` : ''}`);
  lines.push('', `## ${w.attendance}`, '');
  for (const p of s.attendance) lines.push(`- ${md(p.name)}: ${p.present ? w.present : w.absent}`);
  return lines.join('\n') + '\n';
}

/** One CSV cell: quoted when needed, and a leading = + - @ tab or CR defused so no spreadsheet runs it. */
export function csvCell(value: string | number | null): string {
  let v = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function summaryCsv(s: WorkshopSummary, locale: Locale): string {
  const w = SUMMARY_WORDS[locale];
  const rows: (string | number | null)[][] = [w.csvHeader];
  for (const c of s.columns) {
    for (const x of c.cards) rows.push([w.card, c.title, c.groups.find((g) => g.id === x.group)?.title ?? '', x.text, x.authorName ?? w.anonymous, x.votes, '', '', '']);
  }
  for (const a of s.actions) rows.push([w.action, '', '', a.text, '', null, a.ownerName, a.due, a.done ? w.done : '']);
  // A byte-order mark so that spreadsheet programs read the accents right.
  return '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
