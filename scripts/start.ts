// `npm start`: build the front end when build/ is missing or older than its sources, then start the server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
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

if (buildIsStale()) {
  console.log('Building the web app (build/ is missing or older than the sources)…');
  const r = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`vite build failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
}

const { main } = await import('../server/index.ts');
await main();
