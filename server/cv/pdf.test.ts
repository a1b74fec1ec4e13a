import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

function save(name: string, pdf: Buffer): string {
  const file = join(OUT, `${name}.pdf`);
  writeFileSync(file, pdf);
  // first page as an image, to be looked at
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(OUT, name)]);
  return file;
}

const text = (file: string): string => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
const info = (file: string): string => execFileSync('pdfinfo', [file], { encoding: 'utf8' });
const pages = (file: string): number => Number(/Pages:\s+(\d+)/.exec(info(file))?.[1]);

describe.each(['classic', 'modern'] as const)('%s template', (template) => {
  let file: string;
  let extracted: string;
  beforeAll(async () => {
    const cv = shortCv();
    cv.sections.custom.push({
      id: 'inject',
      title: 'Divers',
      body: [{ type: 'paragraph', runs: [{ text: '<script>alert("x")</script> <b>pas gras</b> %PDF /JavaScript' }] }]
    });
    file = save(`short-${template}`, await renderCvPdf(cv, { template, locale: 'fr', fonts }));
    extracted = text(file);
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
    expect(info(file)).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    const fontsTable = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fontsTable.length).toBeGreaterThan(0);
    for (const line of fontsTable) expect(line).toMatch(/\byes\s+yes\s+yes\b/);
  });

  it('prints headings in the locale and CV text as text, never as markup', () => {
    expect(extracted).toContain('EXPÉRIENCE PROFESSIONNELLE');
    expect(extracted).toContain('CENTRES D’INTÉRÊT');
    expect(extracted).toContain('<script>alert("x")</script> <b>pas gras</b> %PDF /JavaScript');
  });

  it('spans pages cleanly: a long CV in Dutch has four pages, every entry printed once, page numbers', async () => {
    const cv = longCv();
    const long = save(`long-${template}`, await renderCvPdf(cv, { template, locale: 'nl', fonts }));
    expect(pages(long)).toBe(4);
    const all = text(long);
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
    const file = join(OUT, 'short-modern-en.pdf');
    writeFileSync(file, await renderCvPdf(shortCv(), { template: 'modern', locale: 'en', fonts }));
    const extracted = text(file);
    expect(extracted).toContain('WORK EXPERIENCE');
    expect(extracted).toContain('B2 · upper intermediate');
    expect(extracted).toContain('2019 – present');
  });
});

