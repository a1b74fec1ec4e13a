// An A4 document in the CV's fonts, collected into one buffer: what every report the server prints (a workshop's
// summary, a duo's journal) starts from, so that each one only lays out its own content.
import PDFDocument from 'pdfkit';
import type { Locale } from '../../src/lib/shared/codes.ts';
import { registerFonts, type CvFonts } from './fonts.ts';
import { A4 } from './pdf-layout.ts';

export interface A4Report {
  doc: PDFKit.PDFDocument;
  /** Resolves with the whole file once `doc.end()` has been called. */
  done: Promise<Buffer>;
}

export function openA4Report(opts: { title: string; locale: Locale; margin: number; fonts: CvFonts; createdAt?: Date }): A4Report {
  const m = opts.margin;
  const doc = new PDFDocument({
    size: [A4.width, A4.height],
    margins: { top: m, bottom: m, left: m, right: m },
    bufferPages: true,
    lang: opts.locale,
    displayTitle: true,
    info: { Title: opts.title, Creator: 'Binôme', Producer: 'Binôme', CreationDate: opts.createdAt ?? new Date() }
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerFonts(doc, opts.fonts);
  return { doc, done };
}
