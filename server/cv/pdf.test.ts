import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawPdfPages, readPdf, type PdfContent } from '../../tests/helpers/pdf.ts';
import { renderCvPdf } from './pdf.ts';
import { loadCvFonts, type CvFonts } from './fonts.ts';
import { longCv, shortCv } from './pdf-fixtures.ts';

// Samples are kept for a person to look at (test-results/ is not committed).
const OUT = join(process.cwd(), 'test-results', 'cv-pdf');
let fonts: CvFonts;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  fonts = await loadCvFonts();
});

/** Keeps the file and a picture of its first page, to be looked at; reads it back. */
async function save(name: string, pdf: Buffer): Promise<PdfContent> {
  writeFileSync(join(OUT, `${name}.pdf`), pdf);
  await drawPdfPages(pdf, join(OUT, name), 60, 1);
  return readPdf(pdf);
}

describe.each(['classic', 'modern'] as const)('%s template', (template) => {
  let read: PdfContent;
  let extracted: string;
  beforeAll(async () => {
    const cv = shortCv();
    cv.sections.custom.push({
      id: 'inject',
      title: 'Divers',
      body: [{ type: 'paragraph', runs: [{ text: '<script>alert("x")</script> <b>pas gras</b> %PDF /JavaScript' }] }]
    });
    read = await save(`short-${template}`, await renderCvPdf(cv, { template, locale: 'fr', fonts }));
    extracted = read.text;
  });

  it('prints the names with their diacritics exactly, as real text', () => {
    expect(extracted).toContain('Sofie Vandenbroucke-Ghijsels');
    expect(extracted).toContain('Zoë Van Rijckeghem');
    expect(extracted).toContain('Noël Dubœuf');
    expect(extracted).toContain('Aide-soignante diplômée — écoute, hygiène & sécurité');
    expect(extracted).toContain('WZC Ter IJzer');
    expect(extracted).toContain('450 € (Actiris)');
  });

  it('is A4 with embedded fonts only', () => {
    expect(read.sizes.length).toBeGreaterThan(0);
    for (const size of read.sizes) expect(size).toEqual([595.28, 841.89]);
    expect(read.fonts.length).toBeGreaterThan(0);
    for (const font of read.fonts) expect(font, font.name).toMatchObject({ embedded: true, subset: true, unicode: true });
  });

  it('prints headings in the locale and CV text as text, never as markup', () => {
    expect(extracted).toContain('EXPÉRIENCE PROFESSIONNELLE');
    expect(extracted).toContain('CENTRES D’INTÉRÊT');
    expect(extracted).toContain('<script>alert("x")</script> <b>pas gras</b> %PDF /JavaScript');
  });

  it('spans pages cleanly: a long CV in Dutch has four pages, every entry printed once, page numbers', async () => {
    const cv = longCv();
    const long = await save(`long-${template}`, await renderCvPdf(cv, { template, locale: 'nl', fonts }));
    expect(long.pages).toBe(4);
    const all = long.text;
    expect(all).toContain('WERKERVARING');
    expect(all).toContain('Pagina 4 van 4');
    for (const entry of cv.sections.experience) {
      expect(all.split(`${entry.employer} · ${entry.place}`).length - 1).toBe(1);
    }
    expect(all).toContain('Ĳzerwinkel Ĳsselmonde');
    expect(all).toContain('Łukasz Transport');
    // the last skill and the last interest made it (the modern band continues on the next page)
    expect(all).toContain('Compétence n° 14 — entrepôt');
    expect(all).toContain('Vélo en ville');
  });
});

describe('locales', () => {
  it('translates headings and levels', async () => {
    const pdf = await renderCvPdf(shortCv(), { template: 'modern', locale: 'en', fonts });
    writeFileSync(join(OUT, 'short-modern-en.pdf'), pdf);
    const extracted = (await readPdf(pdf)).text;
    expect(extracted).toContain('WORK EXPERIENCE');
    expect(extracted).toContain('B2 · upper intermediate');
    expect(extracted).toContain('2019 – present');
  });
});

