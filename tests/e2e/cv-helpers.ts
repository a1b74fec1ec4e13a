// Helpers for the CV end-to-end tests: logging in through the real page, reaching a CV field by its visible
// label, reading what the server's own copy of the document holds.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { cvDocName, getField, plainText } from '../../src/lib/shared/cv/index.ts';
import type { TestServer } from '../helpers/server';
import { SCREENSHOT_DIR, axeViolations, describeViolations, until, waitForPath } from './harness';

export async function logIn(page: Page, who: { email: string; password: string }, labels = { email: 'Adresse e-mail', password: 'Mot de passe', submit: 'Se connecter' }) {
  await page.goto('/login');
  await page.getByLabel(labels.email).fill(who.email);
  await page.getByLabel(labels.password).fill(who.password);
  await page.getByRole('button', { name: labels.submit }).click();
  await waitForPath(page, '/');
}

/** The editable text of a CV field, found by its visible label (aria-labelledby). */
export function field(page: Page, label: string): Locator {
  return page.getByRole('textbox', { name: label, exact: true });
}

/** Opens the duo's CV unless the page shows it already, so that a test can also run on its own (`-t`). */
export async function openCv(page: Page, duoId: string): Promise<void> {
  if (new URL(page.url()).pathname !== `/duos/${duoId}/cv`) await page.goto(`/duos/${duoId}/cv`);
  await waitOnline(page);
}

/** Puts the caret at the end of a field's text as a person would: a click in the field, then End. */
export async function caretAtEnd(page: Page, label: string): Promise<void> {
  await field(page, label).click();
  await page.keyboard.press('End');
}

/** The field's text as its person reads it: without the other people's caret labels drawn inside it. */
export async function fieldText(page: Page, label: string): Promise<string> {
  return field(page, label).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.ProseMirror-widget, .collab-caret').forEach((w) => w.remove());
    return [...copy.querySelectorAll('p, li')].map((p) => p.textContent ?? '').join('\n').replace(/\u00a0/g, ' ').trim();
  });
}

/** The text of a field inside a part of the page (an entry), without caret labels. */
export async function fieldTextIn(scope: Locator, label: string): Promise<string> {
  return scope.getByRole('textbox', { name: label, exact: true }).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.ProseMirror-widget, .collab-caret').forEach((w) => w.remove());
    return (copy.textContent ?? '').replace(/\u00a0/g, ' ').trim();
  });
}

/** What the server's live document holds in a text field. */
export async function serverText(server: TestServer, duoId: string, path: string): Promise<string> {
  return server.binome.collab.withDocument(cvDocName(duoId), (doc) => plainText(getField(doc, path)));
}

export async function waitOnline(page: Page) {
  await until('the CV is online', async () => (await page.locator('[data-status]').getAttribute('data-status')) === 'online', 15_000);
}

/** One screenshot at a given width (for states that exist at one width only, e.g. the phone's comment drawer). */
export async function shoot(page: Page, test: string, name: string, width: number, height = 812): Promise<void> {
  const dir = join(SCREENSHOT_DIR, test);
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width, height });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(dir, `${name}-${width}.png`) });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const violations = await axeViolations(page);
  const problems = [
    ...(overflow > 0 ? [`${name} at ${width}px scrolls sideways by ${overflow}px`] : []),
    ...(violations.length ? [`${name} at ${width}px:\n${describeViolations(violations)}`] : [])
  ];
  if (problems.length) throw new Error(problems.join('\n'));
}
