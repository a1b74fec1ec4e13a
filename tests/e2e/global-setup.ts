// Runs once before the end-to-end tests: find the browser (never skip silently; unpack the npm-shipped one if
// need be, once, before the test files start) and make sure build/ is the front end of the current sources,
// since the test server serves build/.
import type { TestProject } from 'vitest/node';
import { buildFrontEnd, buildIsStale } from '../../scripts/front-end-build.ts';
import { findChromium, type ChromiumChoice } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumChoice;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  const chromium = await findChromium();
  console.log(`[e2e] Chromium: ${chromium.source} (ready in ${Date.now() - started} ms)`);
  project.provide('chromium', chromium);
  if (!buildIsStale()) return;
  console.log('[e2e] build/ is missing or older than the sources: running vite build…');
  const status = buildFrontEnd();
  if (status !== 0) throw new Error(`vite build failed (exit ${status}); the end-to-end tests cannot run.`);
}
