// A new build of Binôme is deployed while a phone has the app open: the page says a new version is ready and offers
// to reload (never reloading by itself: the person may be typing), and the reload brings the new build, not the
// copy the service worker keeps. The server here serves its own copy of build/, which the test then "deploys" over.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { createOrganisation } from '../helpers/factories';
import { axeViolations, captureFailure, describeViolations, launchBrowser, newPerson, type Person } from './harness';
import { shoot } from './cv-helpers';
import { workerInControl } from './offline-helpers';

const T = 'update';
const BUILD = join(import.meta.dirname, '..', '..', 'build');

let server: TestServer;
let browser: Browser;
let person: Person;
let buildDir: string;

beforeAll(async () => {
  buildDir = mkdtempSync(join(tmpdir(), 'binome-build-'));
  cpSync(BUILD, buildDir, { recursive: true });
  server = await startTestServer({ buildDir });
  await createOrganisation(server.services, 'Team Antwerpen vzw');
  browser = await launchBrowser();
  person = await newPerson(browser, server.url, 'nl-BE');
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, { person });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(buildDir, { recursive: true, force: true });
});

/** What a deployment changes: the version the pages compare theirs with, and the page itself. */
function deployNewBuild(): void {
  writeFileSync(join(buildDir, '_app', 'version.json'), JSON.stringify({ version: 'next-build' }));
  const index = join(buildDir, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('<title>', '<meta name="binome-build" content="next-build" />\n    <title>'));
}

describe('a new build while the app is open', () => {
  it('offers to reload when the phone comes back online, and the reload brings the new build', async () => {
    const { page, context } = person;
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    await workerInControl(page);
    const prompt = page.locator('[data-update-prompt]');
    expect(await prompt.count()).toBe(0);

    deployNewBuild();
    // The phone loses its signal and finds it again: that is when it asks whether a new build is out.
    await context.setOffline(true);
    await context.setOffline(false);
    await prompt.getByText('Er is een nieuwe versie van Binôme klaar.').waitFor();
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await shoot(page, T, '01-update-prompt', 375);
    await shoot(page, T, '01-update-prompt', 320);

    // Nothing reloads by itself: the login form keeps what was typed until the person chooses.
    await page.getByLabel('E-mailadres').fill('sanne.peeters@example.org');
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe('sanne.peeters@example.org');
    await prompt.getByRole('button', { name: 'Herladen' }).click();
    await page.locator('meta[name="binome-build"][content="next-build"]').waitFor({ state: 'attached' });
    await page.getByRole('heading', { name: 'Aanmelden' }).waitFor();
    expect(person.problems).toEqual([]);
  });
});
