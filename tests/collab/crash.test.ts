// Nothing acknowledged is lost: an edit that reached the server survives a SIGKILL once the batch window passed,
// and a graceful stop stores every loaded document.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { cvDocName, getField } from '../../src/lib/shared/cv/model.ts';
import { plainText, setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { openCv, waitFor, type LiveClient } from './collab-helpers.ts';

interface Started {
  child: ChildProcess;
  url: string;
  duoId: string;
  cookie: string;
  /** Resolves when the child says the document's received edits are durable. */
  stored(docName: string): Promise<void>;
}

const dirs: string[] = [];
const children: ChildProcess[] = [];
const clients: LiveClient[] = [];

function startChild(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'kill-child.ts')], {
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'inherit']
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const stored = (docName: string) =>
    new Promise<void>((resolve) => {
      lines.once('line', () => resolve());
      child.stdin!.write(`stored ${docName}\n`);
    });
  return new Promise((resolve, reject) => {
    lines.once('line', (line) => resolve({ child, stored, ...JSON.parse(line) }));
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

const kill = (child: ChildProcess, signal: NodeJS.Signals) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });

const open = (s: Started) => {
  const c = openCv(s.url, cvDocName(s.duoId), s.cookie);
  clients.push(c);
  return c;
};
const headline = (c: LiveClient) => plainText(getField(c.doc, 'header/headline'));

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('collaboration persistence across crashes', () => {
  it('keeps an edit after SIGKILL once the batch window has passed, and everything after a graceful stop', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'binome-crash-'));
    dirs.push(dataDir);
    let server = await startChild(dataDir);

    const writer = open(server);
    const watcher = open(server);
    await waitFor(() => writer.provider.synced && watcher.provider.synced, 15_000, 'synced');
    setPlainText(getField(writer.doc, 'header/headline'), 'Comptable — boekhouder');
    // The watcher seeing it proves the server applied it; the server then says when its batch (written at the
    // end of its 100 ms window, not hurried) is durable.
    await waitFor(() => headline(watcher) === 'Comptable — boekhouder', 5_000, 'server applied the edit');
    await server.stored(cvDocName(server.duoId));
    await kill(server.child, 'SIGKILL');
    writer.destroy();
    watcher.destroy();

    server = await startChild(dataDir);
    const after = open(server);
    await waitFor(() => after.provider.synced, 15_000, 'synced after restart');
    expect(headline(after)).toBe('Comptable — boekhouder');

    // Graceful: SIGTERM right after an edit (inside the batch window) still stores it before exit.
    setPlainText(getField(after.doc, 'header/commune'), 'Molenbeek-Saint-Jean');
    const check = open(server);
    await waitFor(() => check.provider.synced, 15_000, 'second client synced');
    await waitFor(() => plainText(getField(check.doc, 'header/commune')) === 'Molenbeek-Saint-Jean', 5_000, 'applied');
    // Stopped while both are still connected: nothing but the shutdown itself stores the edit now.
    await kill(server.child, 'SIGTERM');
    expect(server.child.exitCode).toBe(0);
    after.destroy();
    check.destroy();

    server = await startChild(dataDir);
    const last = open(server);
    await waitFor(() => last.provider.synced, 15_000, 'synced after graceful restart');
    expect(plainText(getField(last.doc, 'header/commune'))).toBe('Molenbeek-Saint-Jean');
    expect(headline(last)).toBe('Comptable — boekhouder');
    last.destroy();
    await kill(server.child, 'SIGKILL');
  });
});
