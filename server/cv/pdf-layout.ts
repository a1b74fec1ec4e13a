// Page geometry and header data both templates share.
import type { CvJson } from '../../src/lib/shared/cv/json.ts';

/** A4 in PDF points (ISO 216: 210 × 297 mm). */
export const A4 = { width: 595.28, height: 841.89 } as const;

export interface ContactItem {
  kind: 'email' | 'phone' | 'commune' | 'link';
  text: string;
  label?: string;
}

/** Contact lines in print order, empty ones left out; a link without URL prints its label. */
export function contactItems(json: CvJson): ContactItem[] {
  const h = json.header;
  const items: ContactItem[] = [];
  if (h.email.trim()) items.push({ kind: 'email', text: h.email.trim() });
  if (h.phone.trim()) items.push({ kind: 'phone', text: h.phone.trim() });
  if (h.commune.trim()) items.push({ kind: 'commune', text: h.commune.trim() });
  for (const link of h.links) {
    const url = link.url.trim();
    const label = link.label.trim();
    if (url) items.push({ kind: 'link', text: url, label: label || undefined });
    else if (label) items.push({ kind: 'commune', text: label });
  }
  return items;
}

/** Writes "n / total" footers once every page exists (pages are buffered). */
export function pageNumbers(doc: PDFKit.PDFDocument, label: (n: number, of: number) => string, x: number, width: number, color: string, font: string): void {
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // the footer sits in the bottom margin: lift the margin so pdfkit does not start a new page for it
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(font).fontSize(7.5).fillColor(color).text(label(i - range.start + 1, range.count), x, A4.height - 30, {
      width,
      align: 'center',
      lineBreak: false
    });
    doc.page.margins.bottom = bottom;
  }
}

/** The largest size from `max` down to `min` at which `text` fits on one line; when it cannot, the largest at
 * which no word is wider than `width` (so a name is never cut inside a word, nor at its hyphen when avoidable). */
export function fitSize(doc: PDFKit.PDFDocument, text: string, width: number, max: number, min: number): number {
  for (let size = max; size >= min; size -= 0.5) if (doc.fontSize(size).widthOfString(text) <= width) return size;
  const words = text.split(/\s+/);
  let size = max;
  while (size > 10 && words.some((w) => doc.fontSize(size).widthOfString(w) > width)) size -= 0.5;
  return size;
}
