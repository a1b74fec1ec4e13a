// The data-saving budget (scripts/budget.ts) against what Chromium really downloads: a first load of the login page,
// a mentee's dashboard and the CV editor with an empty cache counts no file the script left out, and its bytes over
// the wire (API answers included) stay within the page's limit; a second visit downloads none of the build again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Response } from 'playwright-core';
import type { DuoView } from '../../src/lib/shared/schemas';
import { PAGES, measure, pageFiles, table, withinLimits, type PageBudget } from '../../scripts/budget';
import { startTestServer, type TestServer } from '../helpers/server';
import { createDuoSetting, type TestUser } from '../helpers/factories';
import { launchBrowser, until } from './harness';
import { waitOnline } from './cv-helpers';
import { workerInControl } from './offline-helpers';

const ROOT = new URL('../..', import.meta.url).pathname;

let server: TestServer;
let browser: Browser;
let mentee: TestUser;
let duo: DuoView;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  ({ mentee, duo } = await createDuoSetting(server.services, {
    organisation: 'Duo for a Job Antwerpen',
    programme: 'Cohort lente',
    mentor: 'Jan Peeters',
    mentee: 'Fatima El Amrani'
  }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Load {
  /** Same-origin paths fetched by the page or its service worker, without the API and the live connections. */
  files: Set<string>;
  /** Bytes of response bodies that came over the network (compressed as sent), API answers included. */
  wireBytes: number;
  /** Build files (hashed names) that came over the network rather than from the phone's copy. */
  buildFromNetwork: string[];
}

/** Records what one page load downloads, in a context (a phone) of its own. */
function record(context: BrowserContext): { done: () => Promise<Load> } {
  const responses: Response[] = [];
  context.on('response', (r) => void responses.push(r));
  return {
    async done() {
      const load: Load = { files: new Set(), wireBytes: 0, buildFromNetwork: [] };
      for (const response of responses) {
        const url = new URL(response.url());
        if (url.origin !== new URL(server.url).origin) continue;
        const fromPhone = response.fromServiceWorker();
        // Every page of the app is the one shell, index.html, whatever its address.
        const shell = response.request().isNavigationRequest() || url.pathname === '/';
        if (!/^\/(api|socket\.io|collab)\//.test(url.pathname)) load.files.add(shell ? 'index.html' : url.pathname.replace(/^\//, ''));
        if (fromPhone) continue;
        const sizes = await response.request().sizes().catch(() => null);
        load.wireBytes += sizes?.responseBodySize ?? 0;
        if (url.pathname.startsWith('/_app/immutable/') && response.status() !== 304) load.buildFromNetwork.push(url.pathname);
      }
      return load;
    }
  };
}

async function phone(loggedIn: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'fr-BE', viewport: { width: 375, height: 812 }, baseURL: server.url });
  if (loggedIn) {
    // The session comes from the API, so that the page's first load is the first time this phone sees the app.
    const res = await context.request.post('/api/auth/login', { data: { email: mentee.email, password: mentee.password }, headers: { origin: server.url } });
    expect(res.status()).toBe(200);
  }
  return context;
}

const PATHS: Record<string, () => string> = { '/login': () => '/login', '/': () => '/', '/duos/[id]/cv': () => `/duos/${duo.id}/cv` };

async function firstLoad(page: PageBudget): Promise<{ load: Load; context: BrowserContext }> {
  const context = await phone(page.loggedIn);
  const recorder = record(context);
  const tab = await context.newPage();
  await tab.goto(PATHS[page.route]());
  if (page.route === '/duos/[id]/cv') await waitOnline(tab);
  else await tab.locator('h1').first().waitFor();
  await workerInControl(tab);
  // The worker's own first fetches (the shell and its files) are part of the first load too.
  await until('the worker kept the shell', () => tab.evaluate(async () => (await caches.keys()).some((k) => k.startsWith('binome-app-'))));
  await tab.waitForLoadState('networkidle');
  return { load: await recorder.done(), context };
}

describe('data-saving budget', () => {
  it('the build is within its limits (scripts/budget.ts)', () => {
    const measures = measure(ROOT);
    console.log(`[budget]\n${table(measures)}`);
    for (const m of measures) expect(withinLimits(m), `${m.name}: ${m.wire} bytes`).toBe(true);
  });

  it.each(PAGES.map((p) => [p.name, p] as const))('a first load of the %s fetches only what the budget counts, within its limit', async (_name, page) => {
    const counted = new Set(pageFiles(ROOT, page));
    const { load, context } = await firstLoad(page);
    try {
      const uncounted = [...load.files].filter((f) => !counted.has(f));
      expect(uncounted, 'files fetched that scripts/budget.ts does not count').toEqual([]);
      console.log(`[budget] ${page.name}: ${(load.wireBytes / 1000).toFixed(1)} kB over the wire in Chromium, API answers included`);
      expect(load.wireBytes).toBeLessThanOrEqual(page.ceilingBytes ?? page.limitBytes);

      // A second visit: the build comes from the phone's copy; only the page's data and the shell's check travel.
      const again = record(context);
      const tab = context.pages()[0];
      await tab.reload();
      if (page.route === '/duos/[id]/cv') await waitOnline(tab);
      else await tab.locator('h1').first().waitFor();
      await tab.waitForLoadState('networkidle');
      const repeat = await again.done();
      expect(repeat.buildFromNetwork).toEqual([]);
      console.log(`[budget] ${page.name}, second visit: ${(repeat.wireBytes / 1000).toFixed(1)} kB over the wire`);
      expect(repeat.wireBytes).toBeLessThan(20_000);
    } finally {
      await context.close();
    }
  });
});
