// Reads a PDF the way the tests need it, with pdfjs-dist inside Node (no poppler tools on the machine): its
// text in reading order, its page sizes, the fonts it uses, and its pages drawn as PNG pictures to look at.
import { writeFileSync } from 'node:fs';
import { getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfFont {
  /** The font's PostScript name as written in the file, with the `ABCDEF+` prefix a subset carries. */
  name: string;
  embedded: boolean;
  subset: boolean;
  /** Has a ToUnicode map, so copied or searched text comes out as the characters printed. */
  unicode: boolean;
}

export interface PdfContent {
  pages: number;
  /** Each page's size in points, [width, height]. */
  sizes: [number, number][];
  /** Each page's text: one line per printed line, pieces of one line separated by a space. */
  pageTexts: string[];
  /** Every page's text, pages separated by a form feed (as pdftotext does). */
  text: string;
  fonts: PdfFont[];
}

/** A gap wider than this (in points) between two pieces on one line is read as a space. */
const GAP = 1;

async function open(pdf: Uint8Array): Promise<PDFDocumentProxy> {
  // pdfjs takes ownership of the buffer it is given: hand it a copy so the caller's bytes stay usable.
  return getDocument({ data: new Uint8Array(pdf), fontExtraProperties: true, verbosity: 0 }).promise;
}

export async function readPdf(pdf: Uint8Array): Promise<PdfContent> {
  const doc = await open(pdf);
  try {
    const sizes: [number, number][] = [];
    const pageTexts: string[] = [];
    const fonts = new Map<string, PdfFont>();
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view;
      sizes.push([x1 - x0, y1 - y0]);
      let text = '';
      let end: { x: number; y: number } | null = null;
      for (const item of (await page.getTextContent()).items) {
        if (!('str' in item)) continue;
        const [x, y] = [item.transform[4], item.transform[5]];
        if (end && Math.abs(y - end.y) < GAP && x - end.x > GAP && !/\s$/.test(text) && item.str) text += ' ';
        text += item.str;
        end = { x: x + item.width, y };
        if (item.hasEOL) {
          text += '\n';
          end = null;
        }
      }
      pageTexts.push(text);
      // The fonts the page's drawing operations select, as pdfjs loaded them.
      const ops = await page.getOperatorList();
      ops.fnArray.forEach((fn, i) => {
        if (fn !== OPS.setFont) return;
        const font = page.commonObjs.get(ops.argsArray[i][0]) as { name: string; missingFile: boolean; toUnicode?: unknown };
        fonts.set(font.name, { name: font.name, embedded: font.missingFile === false, subset: /^[A-Z]{6}\+/.test(font.name), unicode: font.toUnicode !== undefined });
      });
    }
    return { pages: doc.numPages, sizes, pageTexts, text: pageTexts.join('\f'), fonts: [...fonts.values()] };
  } finally {
    await doc.destroy();
  }
}

/** Draws pages (all, or the first `count`) as `<prefix>-<n>.png` at `dpi`, for a person to compare by eye. */
export async function drawPdfPages(pdf: Uint8Array, prefix: string, dpi: number, count = Infinity): Promise<void> {
  const doc = await open(pdf);
  try {
    for (let n = 1; n <= Math.min(doc.numPages, count); n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: dpi / 72 });
      // In Node pdfjs draws on @napi-rs/canvas, an optional dependency it installs with itself.
      const factory = doc.canvasFactory as {
        create(width: number, height: number): { canvas: HTMLCanvasElement & { toBuffer(type: 'image/png'): Buffer }; context: CanvasRenderingContext2D };
      };
      const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
      await page.render({ canvas, canvasContext: context, viewport }).promise;
      writeFileSync(`${prefix}-${n}.png`, canvas.toBuffer('image/png'));
    }
  } finally {
    await doc.destroy();
  }
}
