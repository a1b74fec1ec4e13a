// Runs once before the end-to-end tests: make sure the browser exists (never skip silently) and that build/
// is the front end of the current sources, since the test server serves build/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH } from './harness';

const ROOT = join(import.meta.dirname, '..', '..');
const INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), st.mtimeMs);
}

export default function setup() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `End-to-end tests need Debian's Chromium at ${CHROMIUM_PATH} and it is missing. Install it with ` +
        '`apt-get install -y chromium` (as .ci/run does). These tests are never skipped.'
    );
  }
  const builtAt = newestMtime(join(ROOT, 'build', 'index.html'));
  const sourcesAt = Math.max(...INPUTS.map((p) => newestMtime(join(ROOT, p))));
  if (builtAt >= sourcesAt) return;
  console.log('[e2e] build/ is missing or older than the sources: running vite build…');
  const result = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status}); the end-to-end tests cannot run.`);
}
