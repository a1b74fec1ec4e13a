// PDF export of a CV: A4, real (selectable) text in embedded fonts, one of two templates, headings in the CV's
// locale. The CV arrives as CvJson (already a plain projection), so this module knows nothing of Yjs.
import PDFDocument from 'pdfkit';
import type { CvJson } from '../../src/lib/shared/cv/json.ts';
import type { CvLocale, CvTemplate } from '../../src/lib/shared/cv/schema.ts';
import { fontName, loadCvFonts, registerFonts, type CvFonts } from './fonts.ts';
import { CV_WORDS } from './headings.ts';
import { A4, pageNumbers } from './pdf-layout.ts';
import { CLASSIC_MARGINS, renderClassic } from './pdf-classic.ts';
import { MODERN_MARGINS, renderModern } from './pdf-modern.ts';

export interface CvPdfOptions {
  template: CvTemplate;
  locale: CvLocale;
  /** Loaded once by a caller that renders many PDFs; read from disk otherwise. */
  fonts?: CvFonts;
  /** Fixed creation date (tests, reproducible output). */
  createdAt?: Date;
}

export async function renderCvPdf(json: CvJson, options: CvPdfOptions): Promise<Buffer> {
  const fonts = options.fonts ?? (await loadCvFonts());
  const words = CV_WORDS[options.locale];
  const margins = options.template === 'modern' ? MODERN_MARGINS : CLASSIC_MARGINS;
  const name = json.header.name.trim();
  const doc = new PDFDocument({
    size: [A4.width, A4.height],
    margins,
    autoFirstPage: false,
    bufferPages: true,
    lang: options.locale,
    displayTitle: true,
    // pdfkit fails on an undefined info value: add Author only when there is a name
    info: {
      Title: name ? `${name} — CV` : 'CV',
      ...(name ? { Author: name } : {}),
      Creator: 'Binôme',
      Producer: 'Binôme',
      CreationDate: options.createdAt ?? new Date()
    }
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFonts(doc, fonts);
  if (options.template === 'modern') renderModern(doc, json, words);
  else renderClassic(doc, json, words);
  pageNumbers(doc, words.page, margins.left, A4.width - margins.left - margins.right, '#8a949e', fontName('sans', 'regular'));
  doc.end();
  return done;
}
