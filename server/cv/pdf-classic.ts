// Classic template: one sober column, serif text, centred header, navy accents.
import type { CvJson } from '../../src/lib/shared/cv/json.ts';
import type { CvWords } from './headings.ts';
import { Flow, displayUrl, type TextStyle } from './pdf-flow.ts';
import { writeSections, writeSummary, type Theme } from './pdf-sections.ts';
import { A4, contactItems, fitSize } from './pdf-layout.ts';
import { fontName } from './fonts.ts';

const THEME: Theme = {
  body: 'serif',
  heading: 'sans',
  text: '#1f2328',
  muted: '#59636e',
  accent: '#1f3a5f',
  rule: '#c3ccd6',
  bodySize: 9.8,
  titleSize: 10.8,
  headingSize: 9.8,
  sectionGap: 12
};

export const CLASSIC_MARGINS = { top: 48, bottom: 54, left: 58, right: 58 };

export function renderClassic(doc: PDFKit.PDFDocument, json: CvJson, words: CvWords): void {
  doc.addPage();
  const m = CLASSIC_MARGINS;
  const flow = new Flow(doc, m.left, A4.width - m.left - m.right, m.top, A4.height - m.bottom);
  doc.y = m.top;
  const fullName = json.header.name.trim();
  doc.font(fontName('serif', 'bold'));
  const name: TextStyle = { family: 'serif', style: 'bold', size: fitSize(doc, fullName, flow.width, 23, 16), color: THEME.accent };
  flow.text(fullName, name, { align: 'center' });
  if (json.header.headline.trim()) {
    flow.space(3);
    flow.text(json.header.headline.trim(), { family: 'serif', style: 'italic', size: 11.5, color: THEME.muted }, { align: 'center' });
  }
  const contact = contactItems(json).map((item) => (item.kind === 'link' ? displayUrl(item.text) : item.text));
  if (contact.length) {
    flow.space(6);
    flow.text(contact.join('   ·   '), { family: 'sans', size: 8.8, color: THEME.text, lineGap: 2 }, { align: 'center' });
  }
  flow.space(9);
  flow.rule(THEME.accent, 1.1);
  flow.space(2);
  writeSummary(flow, THEME, json, words);
  writeSections(flow, THEME, json, words);
}
