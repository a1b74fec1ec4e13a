// Helpers for the tests of the installable, offline app.
import type { Page } from 'playwright-core';
import { until } from './harness';

/** Waits until the app's service worker is active and controls this page. */
export async function workerInControl(page: Page): Promise<void> {
  await until('the service worker controls the page', () => page.evaluate(() => !!navigator.serviceWorker?.controller?.scriptURL.endsWith('/service-worker.js')), 20_000);
}
