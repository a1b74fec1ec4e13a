import type { Document } from 'bson';
import { chmod, mkdir, readdir, readFile, stat, truncate, unlink, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../commands/context.ts';
import { decodeOps, encodeDocuments } from './codec.ts';
import { Journal } from './journal.ts';
import { DirLock } from './lock.ts';
import { scanRecords } from './records.ts';
import { captureState, fsyncDir, loadSnapshot, SNAPSHOT_TMP, writeSnapshot } from './snapshot.ts';
import type { Durability, Op, Store } from './store.ts';

export const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;
const JOURNAL_PATTERN = /^journal-(\d+)\.log$/;

const journalName = (gen: number) => `journal-${String(gen).padStart(10, '0')}.log`;

export interface PersistenceOptions {
  /** Journal size that triggers compaction into the snapshot. */
  compactBytes?: number;
}

/**
 * The data directory: a snapshot covering journal generations up to N, then journals N+1… replayed on top.
 * Compaction starts a new generation, writes the snapshot of the state at the switch, then deletes the
 * journals it covers, so a crash at any step leaves a loadable directory.
 */
export class Persistence implements Durability {
  private compacting: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly lock: DirLock,
    private journal: Journal,
    private gen: number,
    private readonly compactBytes: number
  ) {}

  static async open(dir: string, store: Store, logger: Logger, options: PersistenceOptions = {}): Promise<Persistence> {
    await makePrivate(dir, logger);
    const lock = await DirLock.acquire(dir, logger);
    try {
      await unlink(join(dir, SNAPSHOT_TMP)).catch(() => {});
      const covered = await loadSnapshot(dir, store);
      const gens = (await readdir(dir))
        .map((f) => JOURNAL_PATTERN.exec(f))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => Number(m[1]))
        .sort((a, b) => a - b);
      for (const gen of gens.filter((g) => g <= covered)) await unlink(join(dir, journalName(gen)));
      const live = gens.filter((g) => g > covered);
      for (const gen of live) await replayJournal(join(dir, journalName(gen)), store, logger);
      const gen = live.length ? live[live.length - 1] : covered + 1;
      const journal = await Journal.open(join(dir, journalName(gen)));
      await fsyncDir(dir);
      store.durability = null;
      const persistence = new Persistence(dir, store, logger, lock, journal, gen, options.compactBytes ?? DEFAULT_COMPACT_BYTES);
      store.durability = persistence;
      logger.info(`embedded-mongo: opened ${dir} (${store.allCollections().length} collections)`);
      return persistence;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  commit(ops: Op[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the embedded engine is stopping'));
    const done = this.journal.append(encodeDocuments(ops as unknown as Document[]));
    if (this.journal.size > this.compactBytes && !this.compacting) {
      this.compact().catch((err: Error) => this.logger.error(`embedded-mongo: compaction failed: ${err.message}`));
    }
    return done;
  }

  /** Folds the journal into a new snapshot. Concurrent calls share one run. */
  compact(): Promise<void> {
    this.compacting ??= this.runCompaction().finally(() => (this.compacting = null));
    return this.compacting;
  }

  get journalSyncs(): number {
    return this.journal.syncs;
  }

  private async runCompaction(): Promise<void> {
    const next = await Journal.open(join(this.dir, journalName(this.gen + 1)));
    // The new file's directory entry must be durable before any write acknowledged through it.
    await fsyncDir(this.dir);
    // From here to captureState nothing yields: every operation applied so far is in journals ≤ oldGen,
    // and every later one goes to the new journal.
    const old = this.journal;
    const oldGen = this.gen;
    this.journal = next;
    this.gen += 1;
    const state = captureState(this.store);
    await old.close();
    await writeSnapshot(this.dir, oldGen, state);
    for (const f of await readdir(this.dir)) {
      const m = JOURNAL_PATTERN.exec(f);
      if (m && Number(m[1]) <= oldGen) await unlink(join(this.dir, f));
    }
    await fsyncDir(this.dir);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.compacting?.catch(() => {});
    try {
      await this.compact();
    } catch (err) {
      this.logger.error(`embedded-mongo: compaction at stop failed (the journal still holds every write): ${(err as Error).message}`);
    }
    this.closed = true;
    await this.journal.close();
    await this.lock.release();
  }
}

/**
 * The data directory is for this user only (700), as are its files (600, and created so): other local users
 * can neither read the data nor reach the engine's socket inside it. Older, looser modes are tightened.
 */
async function makePrivate(dir: string, logger: Logger): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (((await stat(dir)).mode & 0o077) !== 0) {
    logger.warn(`embedded-mongo: ${dir} was open to other users; making it private (mode 700)`);
    await chmod(dir, 0o700);
  }
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(dir, entry.name);
    if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  }
}

/** Replays one journal; a torn or corrupt tail is reported and cut off so later appends follow intact data. */
async function replayJournal(path: string, store: Store, logger: Logger): Promise<void> {
  const buf = await readFile(path);
  const scan = scanRecords(buf);
  for (const record of scan.records) {
    for (const op of decodeOps(record)) store.apply(op as unknown as Op, true);
  }
  if (scan.problem) {
    logger.warn(`embedded-mongo: journal ${path}: ${scan.problem}; truncating ${buf.length - scan.validLength} bytes of unacknowledged tail`);
    await truncate(path, scan.validLength);
    const fh = await open(path, 'r+');
    await fh.sync();
    await fh.close();
  }
}
