// A mentee on a phone that loses its signal: the app installs (manifest, icons, a service worker in control), opens
// again without a connection — a reload, a new tab — with her CV from the copy on the phone; what she types then
// reaches her mentor when the connection returns. Logging out leaves nothing of hers on the phone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DuoView } from '../../src/lib/shared/schemas';
import { startTestServer, type TestServer } from '../helpers/server';
import { createDuoSetting, type TestUser } from '../helpers/factories';
import { axeViolations, captureFailure, describeViolations, launchBrowser, newPerson, until, waitForPath, type Person } from './harness';
import { field, fieldText, logIn, serverText, shoot, waitOnline } from './cv-helpers';
import { workerInControl } from './offline-helpers';

const T = 'offline';
const HEADLINE = 'Titre du CV (métier recherché)';
const COMMUNE = 'Commune';

let server: TestServer;
let browser: Browser;
let mentor: Person;
let mentee: Person;
let duo: DuoView;
let users: { mentor: TestUser; mentee: TestUser };

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const setting = await createDuoSetting(server.services, {
    organisation: 'Duo pour un emploi Bruxelles',
    programme: 'Cohorte automne',
    mentor: 'Pieter De Smet',
    mentee: 'Aminata Diallo'
  });
  duo = setting.duo;
  users = { mentor: setting.mentor, mentee: setting.mentee };
  mentor = await newPerson(browser, server.url, 'fr-BE');
  mentee = await newPerson(browser, server.url, 'fr-BE');
  await Promise.all([logIn(mentor.page, users.mentor), logIn(mentee.page, users.mentee)]);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, { mentor, mentee });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** What the service worker kept of API answers, and the offline copies of live documents, on this phone. */
async function personalDataOnPhone(page: Page): Promise<{ apiAnswers: number; localCopies: string[] }> {
  return page.evaluate(async () => {
    const apiAnswers = (await caches.has('binome-api')) ? (await (await caches.open('binome-api')).keys()).length : 0;
    const localCopies = ((await indexedDB.databases()).map((d) => d.name ?? '')).filter((n) => n.startsWith('binome:'));
    return { apiAnswers, localCopies };
  });
}

describe('a phone without a connection', () => {
  it('meets the install criteria: a valid manifest with its icons, a service worker in control', async () => {
    const { page, context } = mentee;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Bonjour Aminata Diallo' }).waitFor();
    await workerInControl(page);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await (await page.request.get(href!)).json();
    expect(manifest).toMatchObject({ name: 'Binôme', start_url: '/', display: 'standalone', theme_color: '#0f766e' });
    const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of icons) {
      const png = await (await page.request.get(icon.src)).body();
      // A PNG's IHDR holds its width and height at bytes 16 and 20.
      expect(png.subarray(1, 4).toString('latin1'), icon.src).toBe('PNG');
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    }
    // Chromium's own verdict on installing the app. The tests' browser profiles are incognito ones, where no app
    // is ever installed: that is the browser's, not the app's; every other criterion must hold.
    const cdp = await context.newCDPSession(page);
    try {
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
      expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
    } finally {
      await cdp.detach();
    }
  });

  it('opens the CV again without a connection (a reload, a new tab), edits it, and the mentor gets the edit back online', async () => {
    // Both open the CV online once: the mentee's visit is what the phone keeps.
    await Promise.all([mentor.page.goto(`/duos/${duo.id}/cv`), mentee.page.goto(`/duos/${duo.id}/cv`)]);
    await Promise.all([waitOnline(mentor.page), waitOnline(mentee.page)]);
    await field(mentee.page, HEADLINE).click();
    await mentee.page.keyboard.type('Aide-soignante');
    await until('the mentor sees the headline', async () => (await fieldText(mentor.page, HEADLINE)) === 'Aide-soignante');

    await mentee.context.setOffline(true);
    await mentee.page.reload();
    await mentee.page.getByRole('heading', { name: 'CV de Aminata Diallo' }).waitFor();
    // Really without the network: the worker's own request failed and it answered from its copy.
    expect(await mentee.page.evaluate(async () => (await fetch('/api/me')).headers.get('x-binome-offline-copy'))).toBe('1');
    await until('the CV says it is offline', async () => (await mentee.page.locator('[data-status]').getAttribute('data-status')) === 'offline');
    await until('the CV opened from the copy on the phone', async () => (await fieldText(mentee.page, HEADLINE)) === 'Aide-soignante');
    const notice = mentee.page.locator('[data-offline-notice]');
    await notice.getByText('Pas de connexion.').waitFor();
    await shoot(mentee.page, T, '01-cv-offline', 375);
    await mentee.page.setViewportSize({ width: 1280, height: 800 });

    await field(mentee.page, COMMUNE).click();
    await mentee.page.keyboard.type('Molenbeek-Saint-Jean');
    // A second tab opened without a connection starts too, with the same copy.
    const tab = await mentee.context.newPage();
    await tab.goto(`/duos/${duo.id}/cv`);
    await until('the new tab shows the edit made offline', async () => (await fieldText(tab, COMMUNE)) === 'Molenbeek-Saint-Jean', 15_000);
    await tab.close();
    expect(await serverText(server, duo.id, 'header/commune')).toBe('');

    await mentee.context.setOffline(false);
    await waitOnline(mentee.page);
    await until('the mentor sees what was typed offline', async () => (await fieldText(mentor.page, COMMUNE)) === 'Molenbeek-Saint-Jean', 15_000);
    expect(await serverText(server, duo.id, 'header/commune')).toBe('Molenbeek-Saint-Jean');
    await until('the offline notice is gone', async () => (await notice.count()) === 0);
    expect(mentee.problems).toEqual([]);
  });

  it('says plainly what needs the server, in an accessible notice', async () => {
    await mentee.context.setOffline(true);
    try {
      const notice = mentee.page.locator('[data-offline-notice]');
      await notice.waitFor();
      expect(await notice.innerText()).toContain('Le reste attend la connexion.');
      const violations = await axeViolations(mentee.page);
      expect(violations, describeViolations(violations)).toEqual([]);
    } finally {
      await mentee.context.setOffline(false);
    }
  });

  it('leaves nothing personal on the phone after logging out, even for the next person offline', async () => {
    const { page } = mentee;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Bonjour Aminata Diallo' }).waitFor();
    const before = await personalDataOnPhone(page);
    expect(before.apiAnswers).toBeGreaterThan(0);
    expect(before.localCopies).toEqual([`binome:${users.mentee.id}:cv:${duo.id}`]);

    await page.getByRole('button', { name: 'Menu du compte de Aminata Diallo' }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await waitForPath(page, '/login');
    await until('nothing personal is left', async () => {
      const after = await personalDataOnPhone(page);
      return after.apiAnswers === 0 && after.localCopies.length === 0;
    });
    // Someone else picks up the phone without a connection: the CV's address opens nothing of hers.
    await mentee.context.setOffline(true);
    try {
      await page.goto(`/duos/${duo.id}/cv`);
      await waitForPath(page, '/login');
      await page.getByRole('heading', { name: 'Connexion' }).waitFor();
      expect(await page.getByText('Aminata Diallo').count()).toBe(0);
      expect(await page.getByText('Aide-soignante').count()).toBe(0);
    } finally {
      await mentee.context.setOffline(false);
    }
  });
});
