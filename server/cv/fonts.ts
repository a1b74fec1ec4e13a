// Fonts embedded in every PDF: DejaVu (from the npm package `dejavu-fonts-ttf`) covers all of Latin (é ï ç œ
// Ĳ ł ş …), the euro sign and typographic quotes, so the PDF never depends on fonts installed on the machine.
// pdfkit embeds only the glyphs used.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';
export type FontFamily = 'serif' | 'sans';
export type CvFonts = Record<FontFamily, Record<FontStyle, Buffer>>;

const FILES: Record<FontFamily, Record<FontStyle, string>> = {
  serif: {
    regular: 'DejaVuSerifCondensed.ttf',
    bold: 'DejaVuSerifCondensed-Bold.ttf',
    italic: 'DejaVuSerifCondensed-Italic.ttf',
    boldItalic: 'DejaVuSerifCondensed-BoldItalic.ttf'
  },
  sans: {
    regular: 'DejaVuSansCondensed.ttf',
    bold: 'DejaVuSansCondensed-Bold.ttf',
    italic: 'DejaVuSansCondensed-Oblique.ttf',
    boldItalic: 'DejaVuSansCondensed-BoldOblique.ttf'
  }
};

/** Reads the font files; a caller rendering many PDFs may load them once and pass them to renderCvPdf. */
export async function loadCvFonts(): Promise<CvFonts> {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  const family = async (f: FontFamily) => {
    const [regular, bold, italic, boldItalic] = await Promise.all(
      (['regular', 'bold', 'italic', 'boldItalic'] as const).map((s) => readFile(join(dir, FILES[f][s])))
    );
    return { regular, bold, italic, boldItalic };
  };
  return { serif: await family('serif'), sans: await family('sans') };
}

/** pdfkit font name of a family and style, once registered by registerFonts. */
export function fontName(family: FontFamily, style: FontStyle): string {
  return `${family}-${style}`;
}

export function registerFonts(doc: PDFKit.PDFDocument, fonts: CvFonts): void {
  for (const family of ['serif', 'sans'] as const) {
    for (const style of ['regular', 'bold', 'italic', 'boldItalic'] as const) {
      doc.registerFont(fontName(family, style), fonts[family][style]);
    }
  }
}

export function styleOf(bold?: boolean, italic?: boolean): FontStyle {
  return bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular';
}
