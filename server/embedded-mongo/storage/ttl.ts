import type { Document } from 'bson';
import type { Logger } from '../commands/context.ts';
import type { CursorRegistry } from '../cursors.ts';
import { valuesAtPath } from '../paths.ts';
import type { Store } from './store.ts';

/** Documents whose TTL date (the earliest, for arrays) plus expireAfterSeconds has passed. */
export function expiredDocuments(docs: Iterable<Document>, field: string, expireAfterSeconds: number, now: number): Document[] {
  const out: Document[] = [];
  const limit = now - expireAfterSeconds * 1000;
  for (const doc of docs) {
    let earliest = Infinity;
    for (const v of valuesAtPath(doc, field)) if (v instanceof Date) earliest = Math.min(earliest, v.getTime());
    if (earliest <= limit) out.push(doc);
  }
  return out;
}

/** Periodic housekeeping: TTL deletions (journaled like any delete) and idle cursor expiry. */
export class TtlSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly cursors: CursorRegistry,
    private readonly logger: Logger,
    private readonly periodMs: number
  ) {}

  start(): void {
    // MongoDB sweeps every 60 s; never less often than that.
    this.timer = setInterval(() => void this.sweep(), Math.min(60_000, Math.max(10, this.periodMs)));
    this.timer.unref();
  }

  /** Stops the timer and waits for a sweep in progress, so its deletions are journaled before shutdown. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  sweep(now = Date.now()): Promise<void> {
    this.running ??= this.run(now).finally(() => (this.running = null));
    return this.running;
  }

  private async run(now: number): Promise<void> {
    this.cursors.sweep();
    const batch = this.store.begin();
    for (const coll of this.store.allCollections()) {
      for (const index of coll.indexes.values()) {
        const seconds = index.spec.expireAfterSeconds;
        if (seconds === undefined || index.fields.length !== 1) continue;
        for (const doc of expiredDocuments(coll.docs.values(), index.fields[0], seconds, now)) {
          if (coll.getById(doc._id)) batch.del(coll, doc._id);
        }
      }
    }
    try {
      await batch.commit();
    } catch (err) {
      this.logger.error(`embedded-mongo: TTL sweep could not be journaled: ${(err as Error).message}`);
    }
  }
}
