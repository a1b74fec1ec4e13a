// `npm run dev`: the Express server (restarted by tsx watch on server changes) and vite's dev server, which
// proxies /api, /socket.io and /collab to it (vite.config.ts). Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const backendPort = process.env.PORT ?? '3000';
const vitePort = process.env.VITE_PORT ?? '5173';
const env = { ...process.env, PORT: backendPort, BINOME_DEV_BACKEND: `http://127.0.0.1:${backendPort}` };
// In development the browser talks to vite's origin: links in emails should point there.
env.PUBLIC_URL ??= `http://localhost:${vitePort}`;

// Each child leads its own process group: Ctrl-C reaches this script only, which stops them in order, and a
// last-resort SIGKILL reaches the processes they started in turn.
const start = (cmd, args) => spawn(cmd, args, { cwd: root, stdio: 'inherit', env, detached: true });
const children = [start(bin('tsx'), ['watch', '--clear-screen=false', 'server/index.ts']), start(bin('vite'), ['dev', '--port', vitePort, '--strictPort'])];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    // The direct child only: tsx watch relays the signal to the server it runs (a second one would cut the
    // server's graceful stop short).
    c.kill('SIGTERM');
  }
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  let left = running.length;
  if (left === 0) process.exit(code);
  for (const c of running) c.once('exit', () => --left === 0 && process.exit(code));
  // A child that ignores SIGTERM is not allowed to keep the terminal.
  setTimeout(() => {
    for (const c of children) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(code);
  }, 8000).unref();
}
for (const c of children) c.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
