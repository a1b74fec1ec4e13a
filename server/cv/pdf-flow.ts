// A column of flowing text in a pdfkit document: the typographic primitives both templates share (rich text
// with bold/italic runs, bullets and numbered items, keep-together before a block). All CV text reaches pdfkit
// as plain strings: pdfkit has no markup, so nothing the user typed is interpreted.
import type { RichBlock, RichRun } from '../../src/lib/shared/cv/rich.ts';
import { normaliseRuns } from '../../src/lib/shared/cv/rich.ts';
import { fontName, styleOf, type FontFamily, type FontStyle } from './fonts.ts';

export interface TextStyle {
  family: FontFamily;
  style?: FontStyle;
  size: number;
  color: string;
  lineGap?: number;
  characterSpacing?: number;
}

export class Flow {
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly x: number,
    readonly width: number,
    readonly top: number,
    readonly bottom: number
  ) {}

  get y(): number {
    return this.doc.y;
  }

  /** Starts a new page when fewer than `height` points are left, so a block is not split from its start. */
  keep(height: number): void {
    if (this.doc.y + height > this.bottom) {
      this.doc.addPage();
      this.doc.y = this.top;
    }
  }

  space(points: number): void {
    this.doc.y += points;
  }

  apply(style: TextStyle): PDFKit.PDFDocument {
    return this.doc.font(fontName(style.family, style.style ?? 'regular')).fontSize(style.size).fillColor(style.color);
  }

  height(text: string, style: TextStyle, width = this.width): number {
    this.apply(style);
    return this.doc.heightOfString(printable(text), { width, lineGap: style.lineGap ?? 0, characterSpacing: style.characterSpacing ?? 0 });
  }

  /** One paragraph of one style at the column's left edge (or `x`), flowing across pages. */
  text(text: string, style: TextStyle, options: { x?: number; width?: number; align?: 'left' | 'right' | 'center'; link?: string } = {}): void {
    if (!text) return;
    this.apply(style).text(printable(text), options.x ?? this.x, this.doc.y, {
      width: options.width ?? this.width,
      lineGap: style.lineGap ?? 0,
      characterSpacing: style.characterSpacing ?? 0,
      align: options.align ?? 'left',
      link: options.link ?? undefined
    });
  }

  /** Runs with their own bold/italic in one paragraph, wrapping as one text. */
  runs(runs: readonly RichRun[], style: TextStyle, x = this.x, width = this.width): void {
    const list = normaliseRuns(runs);
    if (!list.length) return;
    list.forEach((run, i) => {
      this.doc.font(fontName(style.family, styleOf(run.bold, run.italic))).fontSize(style.size).fillColor(style.color);
      const options = { width, lineGap: style.lineGap ?? 0, continued: i < list.length - 1 };
      if (i === 0) this.doc.text(printable(run.text), x, this.doc.y, options);
      else this.doc.text(printable(run.text), options);
    });
  }

  /** Paragraphs, bullets and numbered items; numbering restarts after anything that is not a numbered item. */
  rich(blocks: readonly RichBlock[], style: TextStyle, paragraphGap = 3): void {
    const indent = style.size * 1.15;
    let number = 0;
    blocks.forEach((block, i) => {
      number = block.type === 'ordered' ? number + 1 : 0;
      const text = block.runs.map((r) => r.text).join('');
      if (!text.trim()) {
        this.space(style.size * 0.6);
        return;
      }
      const lineHeight = this.height('X', style);
      this.keep(lineHeight);
      if (block.type === 'paragraph') {
        this.runs(block.runs, style);
      } else {
        const y = this.doc.y;
        const marker = block.type === 'bullet' ? '•' : `${number}.`;
        this.apply({ ...style, style: 'regular' }).text(marker, this.x + 1, y, { width: indent, lineBreak: false });
        this.doc.y = y;
        this.runs(block.runs, style, this.x + indent, this.width - indent);
      }
      // items of one list sit closer together than paragraphs
      this.space(block.type !== 'paragraph' && blocks[i + 1]?.type === block.type ? 1.2 : paragraphGap);
    });
  }

  rule(color: string, thickness = 0.6, x = this.x, width = this.width): void {
    const y = this.doc.y;
    this.doc.save().moveTo(x, y).lineTo(x + width, y).lineWidth(thickness).strokeColor(color).stroke().restore();
  }
}

/** A URL printed as a link only when it is plainly http(s); anything else is printed as text. */
export function safeLink(url: string): string | undefined {
  return /^https?:\/\/[^\s]+$/i.test(url.trim()) ? url.trim() : undefined;
}

export function mailLink(email: string): string | undefined {
  return /^[^\s@<>()"']+@[^\s@<>()"']+\.[a-z]{2,}$/i.test(email.trim()) ? `mailto:${email.trim()}` : undefined;
}

/** A URL shortened for print: without scheme, `www.` and a trailing slash. */
export function displayUrl(url: string): string {
  return url.trim().replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/$/, '');
}

/**
 * Text as printed: control and invisible format characters (which the fonts draw as empty boxes) are left out,
 * tabs become spaces, and French guillemets keep their inner spaces unbreakable so that a line never starts
 * with » or ends with «.
 */
export function printable(text: string): string {
  return text
    .replace(/\t/g, ' ')
    .replace(/[\p{Cc}\p{Cf}\uFE00-\uFE0F\u{1F3FB}-\u{1F3FF}]/gu, (c) => (c === '\n' ? c : ''))
    .replace(/« /g, '«\u00a0')
    .replace(/ »/g, '\u00a0»');
}
