// The funder's report as a PDF: A4, the organisation's name, the period and the filters, then every section of
// figures the dashboard shows, each chart drawn as simple horizontal bars with its numbers written beside them
// (so the figures stay readable in black and white and as text).
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { ProgrammeFigures } from '../../src/lib/shared/reports/figures.ts';
import { formatDay } from '../../src/lib/shared/reports/format.ts';
import { figureSections, type ChartSeries } from '../../src/lib/shared/reports/sections.ts';
import { fontName, loadCvFonts, type CvFonts } from '../cv/fonts.ts';
import { openA4Report } from '../cv/pdf-document.ts';
import { A4, pageNumbers } from '../cv/pdf-layout.ts';
import { reportWords } from './words.ts';

const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const INK = '#1f2933';
const MUTED = '#5f6b7a';
const ACCENT = '#2457a6';
const TRACK = '#e4e9f0';
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 50;
const BAR_HEIGHT = 11;

export async function renderReportPdf(f: ProgrammeFigures, locale: Locale, opts: { fonts?: CvFonts } = {}): Promise<Buffer> {
  const fonts = opts.fonts ?? (await loadCvFonts());
  const t = reportWords(locale);
  const title = `${t('pdfTitle')} — ${f.organisation.name}`;
  const { doc, done } = openA4Report({ title, locale, margin: MARGIN, fonts, createdAt: new Date(f.generatedAt) });
  const sans = (style: 'regular' | 'bold' | 'italic' = 'regular') => doc.font(fontName('sans', style));
  const room = (h: number) => {
    if (doc.y + h > A4.height - MARGIN) doc.addPage();
  };
  const label = (k: string, v: string) => (locale === 'fr' ? `${k} : ${v}` : `${k}: ${v}`);

  sans('bold').fontSize(20).fillColor(INK).text(f.organisation.name, MARGIN, MARGIN, { width: WIDTH });
  sans().fontSize(13).fillColor(ACCENT).text(t('pdfTitle'), { width: WIDTH });
  doc.moveDown(0.4);
  sans().fontSize(10.5).fillColor(MUTED);
  doc.text(t('period', { from: formatDay(locale, f.filter.from), to: formatDay(locale, f.filter.to) }), { width: WIDTH });
  doc.text(label(t('programmes'), f.programmeNames.length ? f.programmeNames.join(', ') : t('filters.allProgrammes')), { width: WIDTH });
  if (f.companyName) doc.text(label(t('company'), f.companyName), { width: WIDTH });
  doc.text(t('generated', { date: formatDay(locale, f.generatedAt.slice(0, 10)) }), { width: WIDTH });

  for (const section of figureSections(f, t, locale)) {
    room(80);
    doc.moveDown(1);
    sans('bold').fontSize(14).fillColor(ACCENT).text(section.heading, MARGIN, doc.y, { width: WIDTH });
    doc.moveDown(0.3);
    for (const l of section.lines) {
      room(16);
      const y = doc.y;
      sans().fontSize(10.5).fillColor(INK).text(l.label, MARGIN, y, { width: WIDTH - 90 });
      const after = doc.y;
      if (l.value) sans('bold').text(l.value, MARGIN + WIDTH - 90, y, { width: 90, align: 'right' });
      doc.y = Math.max(after, doc.y);
    }
    for (const chart of section.charts) drawBars(chart);
  }

  function drawBars(chart: ChartSeries): void {
    room(30 + chart.bars.length * (BAR_HEIGHT + 6));
    doc.moveDown(0.6);
    sans('italic').fontSize(10).fillColor(MUTED).text(chart.title, MARGIN, doc.y, { width: WIDTH });
    doc.moveDown(0.2);
    const max = chart.max ?? Math.max(1, ...chart.bars.map((b) => b.value));
    const barWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 8;
    for (const b of chart.bars) {
      room(BAR_HEIGHT + 6);
      const y = doc.y;
      sans().fontSize(9).fillColor(INK).text(b.label, MARGIN, y + 1, { width: LABEL_WIDTH - 6, lineBreak: false, ellipsis: true });
      const x = MARGIN + LABEL_WIDTH;
      doc.rect(x, y, barWidth, BAR_HEIGHT).fill(TRACK);
      if (b.value > 0) doc.rect(x, y, Math.max(1, (b.value / max) * barWidth), BAR_HEIGHT).fill(ACCENT);
      sans('bold').fontSize(9).fillColor(INK).text(b.text, x + barWidth + 8, y + 1, { width: VALUE_WIDTH, lineBreak: false });
      doc.y = y + BAR_HEIGHT + 6;
    }
  }

  pageNumbers(doc, (n, of) => t('page', { n, of }), MARGIN, WIDTH, '#8a949e', fontName('sans', 'regular'));
  doc.end();
  return done;
}
