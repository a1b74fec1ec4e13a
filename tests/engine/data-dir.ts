// Helpers for tests that own an engine data directory: temporary directories, an engine started on one for the
// length of a callback, and the files the engine keeps there.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../server/embedded-mongo/index.ts';

/** Temporary data directories, removed together by removeAll(). */
export function tempDirs() {
  const dirs: string[] = [];
  return {
    async fresh(): Promise<string> {
      const d = await mkdtemp(join(tmpdir(), 'binome-durability-'));
      dirs.push(d);
      return d;
    },
    async removeAll(): Promise<void> {
      for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
    }
  };
}

export interface Logged {
  warn: string[];
  error: string[];
}

/** Starts the engine in this process on `dataDir`, hands the `durability` database to `fn`, then stops it. */
export async function withEngine<T>(dataDir: string, fn: (db: mongoose.mongo.Db, logged: Logged) => Promise<T>): Promise<T> {
  const logged: Logged = { warn: [], error: [] };
  const engine = await startEmbeddedMongo({
    dataDir,
    port: 0,
    logger: { info() {}, warn: (m) => logged.warn.push(m), error: (m) => logged.error.push(m) }
  });
  const client = new mongoose.mongo.MongoClient(engine.uri);
  try {
    await client.connect();
    return await fn(client.db('durability'), logged);
  } finally {
    await client.close();
    await engine.stop();
  }
}

/** Lists every file under `dir`, recursively, with its size. */
export async function listFiles(dir: string): Promise<Array<{ path: string; size: number }>> {
  const out: Array<{ path: string; size: number }> = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push({ path: p, size: (await stat(p)).size });
  }
  return out;
}

/** The active journal: the last non-empty journal/WAL file by name (generations are numbered). */
export async function findJournal(dir: string): Promise<string> {
  const files = await listFiles(dir);
  const journals = files.filter((f) => /journal|wal|oplog/i.test(f.path) && f.size > 0).sort((a, b) => a.path.localeCompare(b.path));
  if (journals.length === 0) {
    throw new Error(`no non-empty journal file in ${dir}: ${files.map((f) => `${f.path} (${f.size})`).join(', ')}`);
  }
  return journals[journals.length - 1].path;
}
