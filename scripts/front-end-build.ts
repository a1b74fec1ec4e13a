// Whether build/ (the front end the server serves) is older than its sources, and building it: shared by
// `npm start` and the end-to-end tests' setup.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** What the build is made of; the front end also imports the shared module under src/lib/shared. */
const INPUTS = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), st.mtimeMs);
}

export function buildIsStale(root = ROOT): boolean {
  const builtAt = newest(join(root, 'build', 'index.html'));
  return builtAt === 0 || INPUTS.some((p) => newest(join(root, p)) > builtAt);
}

/** Runs `vite build`; resolves with its exit status (null when it could not start). */
export function buildFrontEnd(root = ROOT): number | null {
  // A production build whoever asks: vite keeps an inherited NODE_ENV, and vitest sets it to `test`, which made
  // the end-to-end tests' build a development one (Svelte's dev checks, `dev` true, no service worker).
  return spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } }).status;
}
