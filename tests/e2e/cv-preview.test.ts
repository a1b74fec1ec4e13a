// The live preview as A4 pages: a mentor fills a CV until it runs onto a second page (partly typing, partly as
// the other person's edits arriving live), sees the pages numbered, switches template, and reads it on a phone.
// Each page holds whole blocks within its margins; the page count is compared with the PDF's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DuoView } from '../../src/lib/shared/schemas';
import { addEntry, cvDocName, cvToJson, getField, orderedEntries, removeEntry, setPlainText } from '../../src/lib/shared/cv/index.ts';
import { cvPdf } from '../../server/cv/index.ts';
import { startTestServer, type TestServer } from '../helpers/server';
import { drawPdfPages, readPdf } from '../helpers/pdf';
import { addMember, createDuo, createOrganisation, createProgramme } from '../helpers/factories';
import { SCREENSHOT_DIR, axeViolations, captureFailure, describeViolations, launchBrowser, newPerson, until, type Person } from './harness';
import { field, logIn, waitOnline } from './cv-helpers';

const T = 'cv-preview';
const DIR = join(SCREENSHOT_DIR, T);

let server: TestServer;
let browser: Browser;
let mentor: Person;
let duo: DuoView;

const JOBS = [
  ['Caissière', 'Supermarché Delhaize', 'Jette', '2019', '2023'],
  ['Vendeuse', 'Bakkerij Ghijsels', 'Sint-Jans-Molenbeek', '2016', '2019'],
  ['Réassortisseuse', 'Carrefour Market', 'Anderlecht', '2015', '2016'],
  ['Hôtesse d’accueil', 'Brussels Expo', 'Laeken', '2014', '2015'],
  ['Serveuse', 'Brasserie de la Ville', 'Ixelles', '2012', '2014'],
  ['Employée polyvalente', 'Snack Chez Nour', 'Schaerbeek', '2010', '2012'],
  ['Vendeuse saisonnière', 'Marché de Noël', 'Bruxelles', '2009', '2010'],
  ['Animatrice', 'Maison de quartier', 'Molenbeek', '2008', '2009']
] as const;

const description = (n: number) => [
  { type: 'paragraph' as const, runs: [{ text: `Mission ${n} : accueil de la clientèle, encaissement, tenue des rayons et inventaires, dans une équipe de huit personnes.` }] },
  { type: 'bullet' as const, runs: [{ text: 'Ouverture et fermeture de la caisse, comptage du fond de caisse' }] },
  { type: 'bullet' as const, runs: [{ text: 'Réponse aux questions et aux ' }, { text: 'réclamations', bold: true }, { text: ' en français et en néerlandais' }] },
  { type: 'bullet' as const, runs: [{ text: 'Formation des nouveaux collègues à la caisse' }] }
];

/** What the preview shows: its pages' labels, and for each page whether a block crosses its bottom margin. */
async function previewState(page: Page) {
  return page.getByRole('document', { name: 'Aperçu du CV' }).evaluate((doc) => {
    const pages = [...doc.querySelectorAll<HTMLElement>('.pv-page')];
    return {
      labels: [...doc.querySelectorAll('.pv-page-no')].map((p) => p.textContent ?? ''),
      titles: [...doc.querySelectorAll('.pv-title')].map((t) => t.textContent ?? ''),
      pages: pages.map((p) => {
        const box = p.getBoundingClientRect();
        const columns = [...p.querySelectorAll<HTMLElement>('.pv-main, .pv-band')].map((column) => {
          const limit = column.getBoundingClientRect().bottom - parseFloat(getComputedStyle(column).paddingBottom);
          const blocks = [...column.querySelectorAll<HTMLElement>('[data-b]')];
          const last = blocks.length ? Math.max(...blocks.map((b) => b.getBoundingClientRect().bottom)) : 0;
          return { blocks: blocks.length, overBy: Math.max(0, last - limit) };
        });
        return { ratio: box.height / box.width, width: box.width, columns };
      }),
      frameWidth: doc.getBoundingClientRect().width
    };
  });
}

/** Waits until the preview has settled on at least `min` pages, whose labels say "Page k / n". */
async function settled(page: Page, min: number, max = 99) {
  let state = await previewState(page);
  await until(`the preview settles on ${min}–${max} pages`, async () => {
    const before = state;
    state = await previewState(page);
    const n = state.pages.length;
    return n >= min && n <= max && JSON.stringify(before.labels) === JSON.stringify(state.labels) && state.labels.every((l, k) => l === `Page ${k + 1} / ${n}`);
  }, 15_000);
  return state;
}

/** Once settled, the preview stays still: no measure → split → measure loop keeps rewriting the pages. */
async function expectStill(page: Page) {
  const changes = await page.getByRole('document', { name: 'Aperçu du CV' }).evaluate(
    (doc) =>
      new Promise<number>((resolve) => {
        let count = 0;
        const observer = new MutationObserver((records) => (count += records.length));
        observer.observe(doc, { subtree: true, childList: true, attributes: true, characterData: true });
        let frames = 0;
        const tick = () => (++frames < 20 ? requestAnimationFrame(tick) : (observer.disconnect(), resolve(count)));
        requestAnimationFrame(tick);
      })
  );
  expect(changes, 'changes to the settled preview over 20 frames').toBe(0);
}

/** Every page is an A4 sheet (or longer for one block taller than a page), no block crosses a bottom margin. */
function expectClean(state: Awaited<ReturnType<typeof previewState>>) {
  for (const [k, p] of state.pages.entries()) {
    expect(p.ratio, `page ${k + 1} has the A4 ratio`).toBeCloseTo(297 / 210, 2);
    expect(p.width, `page ${k + 1} fits its column`).toBeLessThanOrEqual(state.frameWidth + 0.5);
    for (const c of p.columns) expect(c.overBy, `page ${k + 1} holds its blocks within its margins`).toBeLessThanOrEqual(1);
  }
  expect(state.pages[0].columns.every((c) => c.blocks > 0)).toBe(true);
}

/**
 * The page from its top at one width (on a phone the whole page; on a wide screen the window, tall enough for
 * the sticky preview column to show two pages), and the preview alone; with the checks every capture makes.
 */
async function snap(page: Page, name: string, width: number, height: number) {
  mkdirSync(DIR, { recursive: true });
  await page.setViewportSize({ width, height });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(DIR, `${name}-${width}.png`), fullPage: width < 1024 });
  if (width >= 1024) await page.getByRole('document', { name: 'Aperçu du CV' }).screenshot({ path: join(DIR, `${name}-${width}-preview.png`) });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

async function pdfPages(template: 'classic' | 'modern', name: string): Promise<number> {
  const json = await server.binome.collab.withDocument(cvDocName(duo.id), (doc) => cvToJson(doc));
  const pdf = await cvPdf(json, { template });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, `${name}.pdf`), pdf);
  // the PDF's pages beside the preview's, to compare by eye
  await drawPdfPages(pdf, join(DIR, `${name}-pdf`), 40);
  return (await readPdf(pdf)).pages;
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const s = server.services;
  const org = await createOrganisation(s, 'Duo pour un emploi Bruxelles');
  const programme = await createProgramme(s, org.id, { name: 'Cohorte automne' });
  const m = await addMember(s, org.id, 'mentor', { name: 'Lotte Janssens', locale: 'fr', programmeIds: [programme.id] });
  const e = await addMember(s, org.id, 'mentee', { name: 'Zoë Van Rijckeghem', locale: 'fr', programmeIds: [programme.id] });
  duo = await createDuo(s, programme.id, m.id, e.id);
  mentor = await newPerson(browser, server.url, 'fr-BE');
  await logIn(mentor.page, m);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, { mentor });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the CV preview as A4 pages', () => {
  it('shows one numbered page for a short CV', async () => {
    const { page } = mentor;
    await page.goto(`/duos/${duo.id}/cv`);
    await page.getByRole('heading', { name: 'CV de Zoë Van Rijckeghem' }).waitFor();
    await waitOnline(page);
    await field(page, 'Nom et prénom').click();
    await page.keyboard.type('Zoë Van Rijckeghem');
    await field(page, 'Titre du CV (métier recherché)').click();
    await page.keyboard.type('Employée polyvalente — accueil, caisse & réassort');
    await page.getByRole('button', { name: 'Ajouter une expérience' }).click();
    await page.keyboard.type('Responsable de rayon');
    const preview = page.getByRole('document', { name: 'Aperçu du CV' });
    await preview.locator('.pv-title', { hasText: 'Responsable de rayon' }).waitFor();
    const state = await settled(page, 1, 1);
    expect(state.labels).toEqual(['Page 1 / 1']);
    // a list of pages, each a region named by its label
    expect(await preview.locator('.pv-pages[role="list"] > [role="listitem"]').count()).toBe(1);
    await preview.getByRole('region', { name: 'Page 1 / 1' }).getByText('Zoë Van Rijckeghem').waitFor();
    expectClean(state);
  });

  it('runs onto a second page as entries arrive from the other person, at block boundaries', async () => {
    const { page } = mentor;
    // the other person's edits, arriving live through the server's copy of the document
    for (const [i, [title, employer, place, start, end]] of JOBS.entries()) {
      await server.binome.collab.withDocument(cvDocName(duo.id), (doc) => {
        addEntry(doc, 'experience', { title, employer, place, start, end, description: description(i + 1) });
      });
    }
    await server.binome.collab.withDocument(cvDocName(duo.id), (doc) => {
      setPlainText(getField(doc, 'header/email'), 'zoe.vanrijckeghem@example.org');
      setPlainText(getField(doc, 'header/phone'), '+32 470 12 34 56');
      setPlainText(getField(doc, 'header/commune'), 'Molenbeek-Saint-Jean');
      addEntry(doc, 'skills', { name: 'Caisse enregistreuse', level: 5 });
      addEntry(doc, 'skills', { name: 'Excel', level: 3 });
      addEntry(doc, 'languages', { language: 'Français', level: 'C2' });
      addEntry(doc, 'languages', { language: 'Nederlands', level: 'B2' });
      addEntry(doc, 'interests', { name: 'Cuisine du monde' });
    });
    const state = await settled(mentor.page, 2);
    const n = state.pages.length;
    expect(state.labels).toEqual(Array.from({ length: n }, (_v, k) => `Page ${k + 1} / ${n}`));
    // every entry is shown once, in order: nothing lost at a page break
    expect(state.titles).toEqual(['Responsable de rayon', ...JOBS.map((j) => j[0])]);
    expectClean(state);
    await expectStill(page);
    const preview = page.getByRole('document', { name: 'Aperçu du CV' });
    expect(await preview.locator('.pv-pages[role="list"] > [role="listitem"]').count()).toBe(n);
    await preview.getByRole('region', { name: `Page 2 / ${n}` }).waitFor();
    // a page never ends with a heading: the heading goes with the first block of its section
    const lastBlocks = await preview.locator('.pv-page .pv-flow').evaluateAll((flows) =>
      flows.map((f) => [...f.querySelectorAll('[data-b]')].pop()?.tagName ?? '')
    );
    expect(lastBlocks).not.toContain('H3');

    const pdf = await pdfPages('classic', '02-classic');
    console.log(`[cv-preview] classic: preview ${n} pages at 1280 px, PDF ${pdf} pages`);
    expect(Math.abs(n - pdf)).toBeLessThanOrEqual(1);
    await snap(page, '02-classic-pages', 1280, 2200);
  });

  it('paginates the modern template too, with the band on every page', async () => {
    const { page } = mentor;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('Modèle').selectOption('modern');
    const preview = page.getByRole('document', { name: 'Aperçu du CV' });
    await preview.locator('.pv-monogram').waitFor();
    expect(await preview.locator('.pv-modern').count()).toBe(1);
    const state = await settled(page, 2);
    const n = state.pages.length;
    expect(await preview.locator('.pv-page .pv-band').count()).toBe(n);
    expect(state.titles).toEqual(['Responsable de rayon', ...JOBS.map((j) => j[0])]);
    expectClean(state);
    await expectStill(page);
    const pdf = await pdfPages('modern', '03-modern');
    console.log(`[cv-preview] modern: preview ${n} pages at 1280 px, PDF ${pdf} pages`);
    expect(Math.abs(n - pdf)).toBeLessThanOrEqual(1);
    await snap(page, '03-modern-pages', 1280, 2200);
  });

  it('scales the pages to a phone and keeps them whole', async () => {
    const { page } = mentor;
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole('tab', { name: 'Aperçu' }).click();
    let state = await settled(page, 2);
    expectClean(state);
    expect(state.pages[0].width).toBeLessThanOrEqual(375);
    await snap(page, '04-modern-phone', 375, 812);
    await page.getByRole('tab', { name: 'Modifier' }).click();
    await page.getByLabel('Modèle').selectOption('classic');
    await page.getByRole('tab', { name: 'Aperçu' }).click();
    await page.getByRole('document', { name: 'Aperçu du CV' }).locator('.pv-classic').waitFor();
    state = await settled(page, 2);
    expectClean(state);
    await snap(page, '05-classic-phone', 375, 812);
    await page.getByRole('tab', { name: 'Modifier' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('never loses a paragraph taller than a page: on a phone, a full profile makes its page longer', async () => {
    const { page } = mentor;
    // the longest profile the CV allows: taller than a page at a phone's width
    const sentence = 'Caissière souriante et fiable, à l’aise avec le public, les chiffres et le travail en équipe. ';
    const long = (sentence.repeat(Math.floor(2980 / sentence.length)) + 'Fin du profil.').slice(-2990);
    await server.binome.collab.withDocument(cvDocName(duo.id), (doc) => setPlainText(getField(doc, 'summary'), long));
    try {
      await page.setViewportSize({ width: 375, height: 812 });
      await page.getByRole('tab', { name: 'Aperçu' }).click();
      const preview = page.getByRole('document', { name: 'Aperçu du CV' });
      await preview.getByText('Fin du profil.', { exact: false }).waitFor();
      const state = await settled(page, 3);
      const longer = state.pages.filter((p) => p.ratio > 297 / 210 + 0.05);
      expect(longer).toHaveLength(1);
      for (const p of state.pages.filter((q) => !longer.includes(q))) expect(p.ratio).toBeCloseTo(297 / 210, 2);
      expect(state.titles).toEqual(['Responsable de rayon', ...JOBS.map((j) => j[0])]);
      expect(await preview.locator('.pv-p', { hasText: 'Fin du profil.' }).count()).toBe(1);
      // it stays with its heading, right after the header, on the first page
      const first = preview.getByRole('region', { name: `Page 1 / ${state.pages.length}` });
      await first.getByRole('heading', { name: 'Profil' }).waitFor();
      await first.getByText('Fin du profil.', { exact: false }).waitFor();
      await expectStill(page);
      await snap(page, '06-long-profile-phone', 375, 812);
    } finally {
      await page.getByRole('tab', { name: 'Modifier' }).click();
      await page.setViewportSize({ width: 1280, height: 800 });
      await server.binome.collab.withDocument(cvDocName(duo.id), (doc) => setPlainText(getField(doc, 'summary'), ''));
    }
  });

  it('goes back to one page when entries are removed by the other person', async () => {
    await server.binome.collab.withDocument(cvDocName(duo.id), (doc) => {
      for (const entry of orderedEntries(doc, 'experience').slice(1)) removeEntry(doc, 'experience', entry.id);
    });
    const state = await settled(mentor.page, 1, 1);
    expect(state.labels).toEqual(['Page 1 / 1']);
    expect(state.titles).toEqual(['Responsable de rayon']);
    expect(mentor.problems).toEqual([]);
  });
});
