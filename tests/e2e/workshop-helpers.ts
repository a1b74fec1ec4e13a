// Helpers of the group-session end-to-end test: people with their browser, what their WebSockets received (to
// prove a private draft never reaches anyone else), and the board as each person sees it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { SCREENSHOT_DIR, axeViolations, describeViolations, newPerson, until, type Person } from './harness';
import { logIn } from './cv-helpers';

export interface Participant extends Person {
  name: string;
  /** Every WebSocket frame this page received (Socket.IO and the live documents), as text and as bytes. */
  frames: string[];
  width: 1280 | 375;
}

/** A person's browser, logged in, recording the frames its WebSockets receive from the first page on. */
export async function participant(browser: Browser, url: string, who: { email: string; password: string; name: string }, width: 1280 | 375): Promise<Participant> {
  const person = await newPerson(browser, url, 'fr-BE');
  const frames: string[] = [];
  person.page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => frames.push(typeof payload === 'string' ? payload : Buffer.from(payload).toString('latin1') + '\n' + Buffer.from(payload).toString('utf8')));
  });
  await logIn(person.page, who);
  if (width === 375) await person.page.setViewportSize({ width: 375, height: 812 });
  return { ...person, name: who.name, frames, width };
}

/** The text of the whole page as the DOM holds it (hidden parts included). */
export const domText = (page: Page) => page.evaluate(() => document.documentElement.outerHTML);

/** The current activity's kind as the page shows it. */
export const activityKind = (page: Page) => page.getByTestId('activity').getAttribute('data-kind');

export async function waitActivity(people: Participant[], kind: string): Promise<void> {
  await Promise.all(people.map((p) => until(`${p.name} follows to ${kind}`, async () => (await activityKind(p.page)) === kind, 15_000)));
}

/** A card on the board, by its text. */
export function card(page: Page, text: string): Locator {
  return page.locator('[data-card]', { has: page.getByTestId('card-text').getByText(text, { exact: true }) });
}

/** On a phone the board shows one column: choose it in the switcher first. */
export async function showColumn(p: Participant, title: RegExp): Promise<void> {
  if (p.width !== 375) return;
  const select = p.page.locator('#column-switcher');
  const value = await select.locator('option', { hasText: title }).first().getAttribute('value');
  await select.selectOption(value!);
}

/** One screenshot at the page's current width, with the accessibility check and no sideways scrolling. */
export async function shootAt(page: Page, test: string, name: string): Promise<void> {
  const dir = join(SCREENSHOT_DIR, test);
  mkdirSync(dir, { recursive: true });
  const width = page.viewportSize()?.width ?? 1280;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const violations = await axeViolations(page);
  const problems = [...(overflow > 0 ? [`${name} at ${width}px scrolls sideways by ${overflow}px`] : []), ...(violations.length ? [`${name} at ${width}px:\n${describeViolations(violations)}`] : [])];
  if (problems.length) throw new Error(problems.join('\n'));
}
