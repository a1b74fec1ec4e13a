// Runs once before the end-to-end tests: make sure the browser exists (never skip silently) and that build/
// is the front end of the current sources, since the test server serves build/.
import { existsSync } from 'node:fs';
import { buildFrontEnd, buildIsStale } from '../../scripts/front-end-build.ts';
import { CHROMIUM_PATH } from './harness';

export default function setup() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `End-to-end tests need Debian's Chromium at ${CHROMIUM_PATH} and it is missing. Install it with ` +
        '`apt-get install -y chromium` (as .ci/run does). These tests are never skipped.'
    );
  }
  if (!buildIsStale()) return;
  console.log('[e2e] build/ is missing or older than the sources: running vite build…');
  const status = buildFrontEnd();
  if (status !== 0) throw new Error(`vite build failed (exit ${status}); the end-to-end tests cannot run.`);
}
