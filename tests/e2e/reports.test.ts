// A coordinator's programme dashboard (issue 13) in Chromium: from the home page to the dashboard, the year's
// figures and charts (each with its table), a filter by partner company, then the funder's PDF (text read back)
// and the anonymised CSV downloaded; axe and the 375 px pictures at each step (capture).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../helpers/pdf';
import { NOTE, seedReportProgramme } from '../helpers/report-fixture';
import { startTestServer, type TestServer } from '../helpers/server';
import type { TestUser } from '../helpers/factories';
import { capture, captureFailure, launchBrowser, newPerson, SCREENSHOT_DIR, until, type Person } from './harness';
import { logIn } from './cv-helpers';

const T = 'reports';
let server: TestServer;
let browser: Browser;
let coordinator: Person;
let people: TestUser[];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const seeded = await seedReportProgramme(server);
  people = seeded.people;
  server.clock.set(new Date('2026-12-15T09:00:00Z'));
  coordinator = await newPerson(browser, server.url, 'fr-BE');
  await logIn(coordinator.page, seeded.coordinator);
}, 180_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, { coordinator });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The value written beside a figure's label on the dashboard. */
const figure = (key: string) => coordinator.page.locator(`[data-figure="${key}"] dd`).innerText();

describe('the programme dashboard', () => {
  it('opens from the home page and shows the year’s figures and charts with their tables', async () => {
    const page = coordinator.page;
    await page.getByRole('link', { name: 'Tableau de bord et rapport' }).click();
    await page.getByRole('heading', { name: 'Tableau de bord du programme', level: 1 }).waitFor();
    await page.getByLabel('Du', { exact: true }).fill('2026-01-01');
    await page.getByLabel('Au', { exact: true }).fill('2026-12-31');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await until('the year’s figures', async () => (await page.getByTestId('report-period').innerText()).includes('31 décembre 2026'));
    expect(await figure('duos.inPeriod')).toBe('6');
    expect(await figure('meetings.held')).toBe('28');
    expect(await figure('completionRate')).toMatch(/^50\s?%$/);
    expect(await figure('hours')).toBe('28,3');
    // Charts are drawn (SVG bars), hidden from screen readers, each with a table of its numbers.
    const charts = page.getByTestId('report-chart');
    await until('charts drawn', async () => (await charts.count()) >= 4 && (await charts.first().locator('rect.bar').count()) > 0);
    expect(await charts.first().getAttribute('aria-hidden')).toBe('true');
    const distribution = page.getByRole('table', { name: 'Binômes selon les rencontres tenues' });
    await expect(distribution.getByRole('row', { name: /Plan atteint\s+2/ }).count()).resolves.toBe(1);
    await capture(page, T, 'dashboard');
  });

  it('filters by partner company', async () => {
    const page = coordinator.page;
    await page.getByLabel('Entreprise partenaire').selectOption({ label: 'STIB-MIVB' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await until('the company’s figures', async () => (await page.getByTestId('report-period').innerText()).includes('STIB-MIVB'));
    expect(await figure('duos.inPeriod')).toBe('2');
    expect(await figure('meetings.held')).toBe('12');
    await capture(page, T, 'company');
    // Back to every company for the downloads.
    await page.getByLabel('Entreprise partenaire').selectOption({ label: 'Toutes' });
    await page.getByRole('button', { name: 'Afficher' }).click();
    await until('every company again', async () => !(await page.getByTestId('report-period').innerText()).includes('STIB-MIVB'));
  });

  it('downloads the funder’s PDF with the figures on screen', async () => {
    const page = coordinator.page;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Rapport (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe('report-2026-01-01-2026-12-31.pdf');
    const file = join(SCREENSHOT_DIR, T, 'report.pdf');
    await download.saveAs(file);
    const pdf = await readPdf(new Uint8Array(readFileSync(file)));
    const text = pdf.text.replace(/[\s\u00a0\u202f]+/g, ' ');
    expect(text).toContain('Duo for a Job Bruxelles');
    expect(text).toContain('Du 1 janvier 2026 au 31 décembre 2026');
    expect(text).toContain('Binômes suivis sur la période 6');
    expect(text).toContain('Rencontres tenues 28');
    expect(text).toContain('Heures de mentorat 28,3');
    expect(text).toContain('Plan atteint 2');
    for (const p of people) expect(pdf.text).not.toContain(p.user.name);
  });

  it('downloads the anonymised CSV, one row per duo, no name or note', async () => {
    const page = coordinator.page;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Lignes anonymes (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('duos-2026-01-01-2026-12-31.csv');
    const file = join(SCREENSHOT_DIR, T, 'duos.csv');
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    const lines = csv.replace(/^\ufeff/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('N°,Programme,Tranche d’âge,Région,Début,Fin,Statut,Rencontres tenues,Heures,Situation à la fin,Situation à 6 mois,Situation à 12 mois');
    expect(lines).toHaveLength(1 + 6);
    expect(csv).not.toContain(NOTE);
    for (const p of people) {
      expect(csv).not.toContain(p.user.name);
      expect(csv).not.toContain(p.email);
    }
    expect(coordinator.problems).toEqual([]);
  });
});
