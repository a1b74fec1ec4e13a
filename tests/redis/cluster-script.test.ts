// `npm run cluster`: starts Redis, the shared engine and N nodes on consecutive ports, says where they are, and
// Ctrl-C stops them all; without redis-server (and no REDIS_URL) it says how to get one and fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../collab/collab-helpers.ts';
import { freePort } from './redis-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGINT');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'binome-cluster-script-'));
  dirs.push(dir);
  return dir;
}

function cluster(args: string[], env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const out: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => out.push(l));
  createInterface({ input: child.stderr! }).on('line', (l) => out.push(l));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, exit };
}

const health = (port: number) =>
  fetch(`http://127.0.0.1:${port}/api/health`).then(
    (r) => r.status,
    () => 0
  );

describe('npm run cluster', () => {
  it('starts Redis, the engine and two nodes on consecutive ports, prints them, and stops everything on Ctrl-C', async () => {
    const port = await freePort();
    const env = { ...process.env, REDIS_URL: undefined, MONGODB_URI: undefined };
    const run = cluster(['--nodes', '2', '--port', String(port), '--no-build', '--data-dir', await tempDir()], env);
    await waitFor(() => run.out.includes('cluster: ready') || run.child.exitCode !== null, 90_000, 'the cluster ready');
    expect(run.out).toContain(`    http://localhost:${port}`);
    expect(run.out).toContain(`    http://localhost:${port + 1}`);
    expect([await health(port), await health(port + 1)]).toEqual([200, 200]);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect([await health(port), await health(port + 1)]).toEqual([0, 0]);
  });

  it('fails, saying how to get Redis, when redis-server is missing and REDIS_URL is not set', async () => {
    // A PATH with node only.
    const bin = await tempDir();
    await symlink(process.execPath, join(bin, 'node'));
    const run = cluster(['--nodes', '1', '--port', String(await freePort()), '--no-build', '--data-dir', await tempDir()], {
      ...process.env,
      PATH: bin,
      REDIS_URL: undefined,
      MONGODB_URI: undefined
    });
    expect(await run.exit).toBe(1);
    expect(run.out.join('\n')).toContain('redis-server was not found: install it (Debian/Ubuntu: apt-get install redis-server) or set REDIS_URL');
  });
});
