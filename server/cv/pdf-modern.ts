// Modern template: a coloured band on the left with the name, contact, languages, skills and interests; the
// story (profile, experience, education …) in the main column. The band is painted on every page as it is
// added; its content is placed after the main column, continuing on the next page's band if it is long.
import type { CvJson } from '../../src/lib/shared/cv/json.ts';
import { orderedSections, type RenderedSection } from '../../src/lib/shared/cv/sections.ts';
import type { SectionKey } from '../../src/lib/shared/cv/schema.ts';
import { fontName, type FontStyle } from './fonts.ts';
import type { CvWords } from './headings.ts';
import { Flow, displayUrl, mailLink, printable, safeLink } from './pdf-flow.ts';
import { A4, contactItems, fitSize } from './pdf-layout.ts';
import { languageDetail, writeSections, writeSummary, type Theme } from './pdf-sections.ts';

const BAND_WIDTH = 186;
const BAND_COLOR = '#1d4e5c';
const BAND_SECTIONS: readonly SectionKey[] = ['languages', 'skills', 'interests'];
const MAIN_SECTIONS: readonly SectionKey[] = ['experience', 'education', 'volunteering', 'certificates', 'custom'];

const THEME: Theme = {
  body: 'sans',
  heading: 'sans',
  text: '#1f2328',
  muted: '#5b6670',
  accent: BAND_COLOR,
  rule: '#c9d6da',
  bodySize: 9.2,
  titleSize: 10.4,
  headingSize: 10,
  sectionGap: 12
};

export const MODERN_MARGINS = { top: 44, bottom: 52, left: BAND_WIDTH + 28, right: 40 };

interface BandLine {
  text: string;
  style: FontStyle;
  size: number;
  color: string;
  spacing?: number;
  gapAfter: number;
  link?: string;
  dots?: number;
  rule?: boolean;
  /** initials drawn in a ring, centred in the band */
  monogram?: string;
}

/** Places kept-together groups of lines down the band, moving to the next page's band when one is full. */
class Band {
  private page: number;
  private y: number;
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly x: number,
    private readonly width: number,
    private readonly top: number,
    private readonly bottom: number
  ) {
    this.page = doc.bufferedPageRange().start;
    this.y = top;
  }

  private apply(line: BandLine): void {
    this.doc.font(fontName('sans', line.style)).fontSize(line.size).fillColor(line.color);
  }

  private lineHeight(line: BandLine): number {
    if (line.rule) return line.gapAfter;
    if (line.monogram !== undefined) return 72 + line.gapAfter;
    if (line.dots !== undefined) return 6 + line.gapAfter;
    this.apply(line);
    return this.doc.heightOfString(printable(line.text), { width: this.width, characterSpacing: line.spacing ?? 0 }) + line.gapAfter;
  }

  group(lines: BandLine[]): void {
    const height = lines.reduce((h, l) => h + this.lineHeight(l), 0);
    if (this.y + height > this.bottom && this.y > this.top) {
      this.page++;
      const range = this.doc.bufferedPageRange();
      if (this.page >= range.start + range.count) this.doc.addPage();
      this.y = this.top;
    }
    this.doc.switchToPage(this.page);
    for (const line of lines) {
      const h = this.lineHeight(line);
      if (line.monogram !== undefined) {
        const cx = this.x + this.width / 2;
        this.doc.save().circle(cx, this.y + 36, 34).lineWidth(1.2).stroke('#9fd0da').restore();
        this.apply(line);
        this.doc.text(line.monogram, this.x, this.y + 36 - line.size * 0.62, { width: this.width, align: 'center', lineBreak: false, characterSpacing: 1 });
      } else if (line.rule) {
        this.doc.save().moveTo(this.x, this.y).lineTo(this.x + this.width, this.y).lineWidth(0.6).strokeColor(line.color).stroke().restore();
      } else if (line.dots !== undefined) {
        for (let i = 0; i < 5; i++) {
          const cx = this.x + 3 + i * 10;
          this.doc.save().circle(cx, this.y + 3, 2.7).lineWidth(0.8);
          if (i < line.dots) this.doc.fillAndStroke('#ffffff', '#ffffff');
          else this.doc.stroke('#8fb9c3');
          this.doc.restore();
        }
      } else {
        this.apply(line);
        this.doc.text(printable(line.text), this.x, this.y, {
          width: this.width,
          characterSpacing: line.spacing ?? 0,
          link: line.link ?? undefined
        });
      }
      this.y += h;
    }
  }
}

/** First letters of the first and last words of the name ("Noël Dubœuf" → "ND"). */
function monogram(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (!words.length) return '';
  const first = (w: string) => (/\p{L}/u.exec(w)?.[0] ?? '').toLocaleUpperCase();
  return words.length === 1 ? first(words[0]) : first(words[0]) + first(words[words.length - 1]);
}

function bandHeading(text: string): BandLine[] {
  return [
    { text: text.toLocaleUpperCase(), style: 'bold', size: 8.6, color: '#9fd0da', spacing: 0.8, gapAfter: 4 },
    { text: '', style: 'regular', size: 1, color: '#4d8190', rule: true, gapAfter: 8 }
  ];
}

function writeBand(doc: PDFKit.PDFDocument, json: CvJson, words: CvWords): void {
  const band = new Band(doc, 24, BAND_WIDTH - 46, MODERN_MARGINS.top + 2, A4.height - MODERN_MARGINS.bottom);
  const initials = monogram(json.header.name);
  if (initials) band.group([{ text: '', monogram: initials, style: 'bold', size: 22, color: '#ffffff', gapAfter: 6 }]);

  const contact = contactItems(json);
  if (contact.length) {
    band.group([{ text: '', style: 'regular', size: 1, color: BAND_COLOR, rule: true, gapAfter: 14 }, ...bandHeading(words.contact)]);
    for (const item of contact) {
      const lines: BandLine[] = [];
      if (item.kind === 'link' && item.label) lines.push({ text: item.label, style: 'bold', size: 8, color: '#9fd0da', gapAfter: 1 });
      lines.push({
        text: item.kind === 'link' ? displayUrl(item.text) : item.text,
        style: 'regular',
        size: 8.8,
        color: '#ffffff',
        gapAfter: 6,
        link: item.kind === 'link' ? safeLink(item.text) : item.kind === 'email' ? mailLink(item.text) : undefined
      });
      band.group(lines);
    }
  }

  for (const section of orderedSections(json, BAND_SECTIONS)) {
    const lines = bandSection(section, words);
    // keep the heading with the first item
    band.group([{ text: '', style: 'regular', size: 1, color: BAND_COLOR, rule: true, gapAfter: 14 }, ...bandHeading(words.sections[section.key]), ...lines[0]]);
    for (const group of lines.slice(1)) band.group(group);
  }
}

function bandSection(section: RenderedSection, words: CvWords): BandLine[][] {
  if (section.key === 'languages') {
    return (section as RenderedSection<'languages'>).entries.map((e) => {
      const lines: BandLine[] = [{ text: e.language.trim(), style: 'bold', size: 9.2, color: '#ffffff', gapAfter: 1 }];
      if (e.level) lines.push({ text: languageDetail(e.level, words), style: 'regular', size: 8.3, color: '#bcdbe2', gapAfter: 0 });
      lines[lines.length - 1].gapAfter += 7;
      return lines;
    });
  }
  if (section.key === 'skills') {
    return (section as RenderedSection<'skills'>).entries.map((e) => {
      const lines: BandLine[] = [{ text: e.name.trim(), style: 'regular', size: 9.2, color: '#ffffff', gapAfter: 3 }];
      if (e.level) lines.push({ text: '', style: 'regular', size: 1, color: '#ffffff', dots: e.level, gapAfter: 0 });
      lines[lines.length - 1].gapAfter += 7;
      return lines;
    });
  }
  return (section as RenderedSection<'interests'>).entries.map((e) => [
    { text: e.name.trim(), style: 'regular', size: 9.2, color: '#ffffff', gapAfter: 5 }
  ]);
}

export function renderModern(doc: PDFKit.PDFDocument, json: CvJson, words: CvWords): void {
  doc.on('pageAdded', () => {
    doc.save().rect(0, 0, BAND_WIDTH, A4.height).fill(BAND_COLOR).restore();
  });
  doc.addPage();
  const m = MODERN_MARGINS;
  const flow = new Flow(doc, m.left, A4.width - m.left - m.right, m.top, A4.height - m.bottom);
  doc.y = m.top - 4;
  const name = json.header.name.trim();
  doc.font(fontName('sans', 'bold'));
  if (name) flow.text(name, { family: 'sans', style: 'bold', size: fitSize(doc, name, flow.width, 24, 17), color: BAND_COLOR });
  if (json.header.headline.trim()) {
    flow.space(2);
    flow.text(json.header.headline.trim(), { family: 'sans', size: 11, color: THEME.muted, lineGap: 1 });
  }
  flow.space(4);
  writeSummary(flow, THEME, json, words);
  writeSections(flow, THEME, json, words, MAIN_SECTIONS);
  writeBand(doc, json, words);
}
