// A journal as a PDF: A4, selectable text in the CV's embedded fonts (DejaVu covers every Latin accent), the
// CV's page geometry and page numbers.
import type { Locale } from '../../src/lib/shared/codes.ts';
import { fontName, loadCvFonts, type CvFonts } from '../cv/fonts.ts';
import { openA4Report } from '../cv/pdf-document.ts';
import { A4, pageNumbers } from '../cv/pdf-layout.ts';
import type { OutlineLine } from './outline.ts';
import { JOURNAL_WORDS } from './words.ts';

const MARGIN = 56;
const WIDTH = A4.width - 2 * MARGIN;
const COLOURS = { ink: '#1f2933', muted: '#5f6b7a', accent: '#2457a6', footer: '#8a949e' };
type Style = { size: number; style: 'regular' | 'bold' | 'italic'; colour: string; before: number; indent: number };
const STYLES: Record<OutlineLine['kind'], Style> = {
  title: { size: 20, style: 'bold', colour: COLOURS.ink, before: 0, indent: 0 },
  heading: { size: 14, style: 'bold', colour: COLOURS.accent, before: 0.9, indent: 0 },
  meta: { size: 9.5, style: 'italic', colour: COLOURS.muted, before: 0.1, indent: 0 },
  label: { size: 11, style: 'bold', colour: COLOURS.ink, before: 0.5, indent: 0 },
  paragraph: { size: 10.5, style: 'regular', colour: COLOURS.ink, before: 0.15, indent: 0 },
  item: { size: 10.5, style: 'regular', colour: COLOURS.ink, before: 0.1, indent: 12 }
};

export async function journalPdf(lines: OutlineLine[], locale: Locale, opts: { fonts?: CvFonts; createdAt?: Date } = {}): Promise<Buffer> {
  const fonts = opts.fonts ?? (await loadCvFonts());
  const title = lines.find((l) => l.kind === 'title')?.text ?? JOURNAL_WORDS[locale].title;
  const { doc: pdf, done: finished } = openA4Report({ title, locale, margin: MARGIN, fonts, createdAt: opts.createdAt });
  for (const l of lines) {
    const st = STYLES[l.kind];
    // A heading never ends a page alone.
    if (l.kind === 'heading' && pdf.y > A4.height - MARGIN - 90) pdf.addPage();
    if (st.before) pdf.moveDown(st.before);
    const text = l.kind === 'item' ? `${l.done === undefined ? '•' : l.done ? '☑' : '☐'} ${l.text}` : l.text;
    pdf
      .font(fontName('sans', st.style))
      .fontSize(st.size)
      .fillColor(st.colour)
      .text(text, MARGIN + st.indent, pdf.y, { width: WIDTH - st.indent });
  }
  pageNumbers(pdf, JOURNAL_WORDS[locale].page, MARGIN, WIDTH, COLOURS.footer, fontName('sans', 'regular'));
  pdf.end();
  return finished;
}
