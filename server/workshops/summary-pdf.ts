// A workshop's summary as a PDF: A4, selectable text in the CV's embedded fonts (DejaVu covers every Latin
// accent), the CV's page geometry and page numbers, words in the workshop's language.
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { WorkshopSummary } from '../../src/lib/shared/workshops/schemas.ts';
import { fontName, loadCvFonts, type CvFonts } from '../cv/fonts.ts';
import { openA4Report } from '../cv/pdf-document.ts';
import { A4, pageNumbers } from '../cv/pdf-layout.ts';
import { SUMMARY_WORDS, formatWhen } from './words.ts';

const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const INK = '#1f2933';
const MUTED = '#5f6b7a';
const ACCENT = '#2457a6';

export async function renderSummaryPdf(s: WorkshopSummary, locale: Locale, opts: { fonts?: CvFonts; createdAt?: Date } = {}): Promise<Buffer> {
  const fonts = opts.fonts ?? (await loadCvFonts());
  const w = SUMMARY_WORDS[locale];
  const { doc, done } = openA4Report({ title: `${s.workshop.title} — ${w.summary}`, locale, margin: MARGIN, fonts, createdAt: opts.createdAt });
  const sans = (style: 'regular' | 'bold' | 'italic' = 'regular') => doc.font(fontName('sans', style));
  const heading = (text: string) => {
    if (doc.y > A4.height - MARGIN - 80) doc.addPage();
    doc.moveDown(0.8);
    sans('bold').fontSize(14).fillColor(ACCENT).text(text, MARGIN, doc.y, { width: WIDTH });
    doc.moveDown(0.3);
  };
  const line = (text: string, opts: { indent?: number; style?: 'regular' | 'bold' | 'italic'; color?: string; size?: number } = {}) =>
    sans(opts.style)
      .fontSize(opts.size ?? 10.5)
      .fillColor(opts.color ?? INK)
      .text(text, MARGIN + (opts.indent ?? 0), doc.y, { width: WIDTH - (opts.indent ?? 0) });

  // French sets a space before the colon.
  const label = (k: string, v: string) => (locale === 'fr' ? `${k} : ${v}` : `${k}: ${v}`);
  sans('bold').fontSize(20).fillColor(INK).text(s.workshop.title, { width: WIDTH });
  line(w.summary, { style: 'italic', color: MUTED, size: 11 });
  doc.moveDown(0.5);
  line(label(w.date, formatWhen(s.workshop.startsAt, locale)), { color: MUTED });
  if (s.workshop.place) line(label(w.place, s.workshop.place), { color: MUTED });
  if (s.workshop.videoUrl) line(label(w.video, s.workshop.videoUrl), { color: MUTED });
  if (s.workshop.description) {
    doc.moveDown(0.4);
    line(s.workshop.description);
  }

  const votes = (n: number | null) => (n ? ` · ${w.votes(n)}` : '');
  for (const c of s.columns) {
    heading(c.title);
    if (c.prompt) line(c.prompt, { style: 'italic', color: MUTED, size: 9.5 });
    if (c.cards.length === 0) line(w.noCards, { color: MUTED });
    const card = (x: (typeof c.cards)[number], indent: number) => {
      line(`• ${x.text}`, { indent });
      line(`${x.authorName ?? w.anonymous}${votes(x.votes)}`, { indent: indent + 10, color: MUTED, size: 8.5 });
      doc.moveDown(0.2);
    };
    for (const g of c.groups) {
      line(label(w.group, `${g.title}${votes(g.votes)}`), { style: 'bold' });
      for (const x of c.cards.filter((x) => x.group === g.id)) card(x, 14);
    }
    for (const x of c.cards.filter((x) => !c.groups.some((g) => g.id === x.group))) card(x, 0);
  }

  heading(w.actions);
  if (s.actions.length === 0) line('—', { color: MUTED });
  for (const a of s.actions) {
    line(`${a.done ? '☑' : '☐'} ${a.text}`);
    line(`${label(w.owner, a.ownerName || w.nobody)}${a.due ? ` · ${label(w.due, a.due)}` : ''}`, { indent: 14, color: MUTED, size: 8.5 });
    doc.moveDown(0.2);
  }

  heading(w.attendance);
  for (const p of s.attendance) line(`${p.name} — ${p.present ? w.present : w.absent}`);

  pageNumbers(doc, w.page, MARGIN, WIDTH, '#8a949e', fontName('sans', 'regular'));
  doc.end();
  return done;
}
