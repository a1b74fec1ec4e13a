// Drives Chromium (chromium.ts says which one) through playwright-core as a person would, one browser context per
// person, and captures each page at desktop and phone width with an accessibility check (DESIGN.md, convention 8).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
export const WIDTHS = [1280, 375] as const;
const HEIGHTS: Record<number, number> = { 1280: 800, 375: 812 };

export async function launchBrowser(): Promise<Browser> {
  const { executablePath, env } = inject('chromium');
  return chromium.launch({
    executablePath,
    env: { ...process.env, ...env },
    // Our own flags, never @sparticuz/chromium's defaults: its --disable-web-security and --single-process make
    // Chromium send no Origin header on same-origin POSTs, and the app's CSRF check then refuses every form.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and CSP refusals: a page that throws is broken even if it looks fine. */
  problems: string[];
}

/** A new browser profile, as if a different person on a different device; `locale` is their browser's language. */
export async function newPerson(browser: Browser, baseUrl: string, locale: string): Promise<Person> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: HEIGHTS[1280] }, baseURL: baseUrl });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  return { context, page, problems };
}

/** Polls `condition` until it holds, failing with `what` after `timeoutMs` (no fixed sleeps). */
export async function until(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await condition()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

/** Whether `target` has the keyboard focus. */
export function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement);
}

/**
 * Moves the keyboard focus as a keyboard user does, pressing Tab (or Shift+Tab) until `target` has it; fails
 * after `max` presses, so a control that Tab never reaches (or reaches only after a detour) fails the test.
 */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 30 } = {}): Promise<void> {
  const key = backwards ? 'Shift+Tab' : 'Tab';
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press(key);
    if (await hasFocus(target)) return;
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160));
  throw new Error(`${max} presses of ${key} did not reach ${target}; the focus is on ${at}`);
}

export async function waitForPath(page: Page, pathname: string | RegExp, timeoutMs = 10_000): Promise<void> {
  await until(`URL path ${pathname} (now ${page.url()})`, () => {
    const path = new URL(page.url()).pathname;
    return typeof pathname === 'string' ? path === pathname : pathname.test(path);
  }, timeoutMs);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core in the page; returns serious and critical violations only. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // The app's CSP rightly refuses inline scripts, so page.addScriptTag cannot run axe here; evaluating the same
  // source through the DevTools protocol is not subject to CSP and leaves the policy under test untouched.
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `- [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    at ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`).join('\n')}`)
    .join('\n');
}

/** Keeps a picture of each person's page when a step fails, to see what they saw. */
export async function captureFailure(test: string, step: string, people: Record<string, Person | undefined>) {
  const dir = join(SCREENSHOT_DIR, test, 'failures');
  mkdirSync(dir, { recursive: true });
  for (const [who, person] of Object.entries(people)) {
    if (!person || person.page.isClosed()) continue;
    const safe = step.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await person.page.screenshot({ path: join(dir, `${safe}-${who}.png`), fullPage: true }).catch(() => undefined);
  }
}

/**
 * Screenshots the page at 1280 and 375 px (`test-results/screenshots/<test>/<name>-<width>.png`), checks each
 * width with axe and that a phone never needs to scroll sideways. Leaves the page at 1280 px.
 */
export async function capture(page: Page, test: string, name: string): Promise<void> {
  const dir = join(SCREENSHOT_DIR, test);
  mkdirSync(dir, { recursive: true });
  const problems: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHTS[width] });
    // From the top: a sticky header captured mid-scroll would float in the middle of a full-page picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    // Let layout settle at the new width (no animation in the theme, but fonts and resize observers run).
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${name} at ${width}px scrolls sideways by ${overflow}px`);
    const violations = await axeViolations(page);
    if (violations.length > 0) problems.push(`${name} at ${width}px has accessibility violations:\n${describeViolations(violations)}`);
  }
  await page.setViewportSize({ width: 1280, height: HEIGHTS[1280] });
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
