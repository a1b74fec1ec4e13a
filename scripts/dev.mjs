// `npm run dev`: the Express server (restarted by tsx watch on server changes) and vite's dev server, which
// proxies /api, /socket.io and /collab to it (vite.config.ts). Ctrl-C stops both.
import { spawn } from 'node:child_process';

const backendPort = process.env.PORT ?? '3000';
const env = { ...process.env, PORT: backendPort, BINOME_DEV_BACKEND: `http://127.0.0.1:${backendPort}` };
// In development the browser talks to vite's origin, which is what CSRF checks and links should use.
env.PUBLIC_URL ??= `http://localhost:${process.env.VITE_PORT ?? '5173'}`;

const children = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/index.ts'], { stdio: 'inherit', env }),
  spawn('npx', ['vite', 'dev', '--port', process.env.VITE_PORT ?? '5173'], { stdio: 'inherit', env })
];

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
}
for (const c of children) c.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
