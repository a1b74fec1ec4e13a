// Stores one document's updates in the background, off the broadcast path: updates received within one batch
// window are merged into one record, appends and compactions for a document never overlap, and a failed write
// is retried rather than dropped (an update that reached the server must reach the database).
import * as Y from 'yjs';
import type { CollabPersistence } from './persistence';

export interface DocWriterOptions {
  batchMs: number;
  /** Compact once this many appended records sit after the last compacted state. */
  compactAfter: number;
  retryMs: number;
}

export interface WriterLog {
  error(details: object, message: string): void;
}

export class DocWriter {
  private pending: Uint8Array[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** When the oldest pending update arrived, and the latest (performance.now()). */
  private pendingSince = 0;
  private lastArrival = -Infinity;
  private flushQueued = false;
  private chain: Promise<void> = Promise.resolve();
  private compactTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly name: string,
    private readonly persistence: CollabPersistence,
    private readonly options: DocWriterOptions,
    private readonly encodeState: () => Uint8Array,
    private readonly log: WriterLog,
    private appendedSinceCompaction: number
  ) {}

  /**
   * Queues an update. The batch is written at the latest batchMs after its oldest update arrived (the timer). When
   * the updates come in a stream, the one after which the next would most likely arrive past that deadline (the
   * batch's age plus the last gap between updates reaches batchMs) writes it in its own event-loop turn instead,
   * after what the turn already queued (the broadcast). A busy document so keeps about one write per window, and
   * the write rides on a wake-up the server has anyway: a timer of its own woke an idle process once more per
   * batch, and on this kind of VM a wake-up costs more CPU than the work it does (bench/collab/README.md).
   */
  push(update: Uint8Array): void {
    const now = performance.now();
    const gap = now - this.lastArrival;
    this.lastArrival = now;
    this.pending.push(update);
    if (!this.timer) {
      this.pendingSince = now;
      this.timer = setTimeout(DocWriter.flushOf, this.options.batchMs, this);
    } else if (!this.flushQueued && now - this.pendingSince + gap >= this.options.batchMs) {
      this.flushQueued = true;
      setImmediate(DocWriter.flushOf, this);
    }
  }

  private static flushOf(writer: DocWriter): void {
    void writer.flush();
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Resolves once every update pushed so far is durable. */
  flush(): Promise<void> {
    this.flushQueued = false;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      const merged = batch.length === 1 ? batch[0] : Y.mergeUpdates(batch);
      this.chain = this.chain.then(() => this.appendWithRetry(merged));
      if (this.appendedSinceCompaction + 1 >= this.options.compactAfter) {
        this.chain = this.chain.then(() => this.compactNow());
      }
    }
    return this.chain;
  }

  /**
   * Folds the history into one state record a little later: a document just loaded from a long history answers
   * its first readers before the encoding and the writes of a compaction compete with them.
   */
  compactLater(delayMs: number): void {
    if (this.compactTimer) return;
    this.compactTimer = setTimeout(() => {
      this.compactTimer = null;
      void this.settle();
    }, delayMs);
    this.compactTimer.unref();
  }

  /** Flushes, then folds everything into one state record (on unload and shutdown). */
  async settle(): Promise<void> {
    if (this.compactTimer) {
      clearTimeout(this.compactTimer);
      this.compactTimer = null;
    }
    await this.flush();
    if (this.appendedSinceCompaction > 0) {
      this.chain = this.chain.then(() => this.compactNow());
      await this.chain;
    }
  }

  private async appendWithRetry(update: Uint8Array): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.persistence.append(this.name, [update]);
        this.appendedSinceCompaction++;
        return;
      } catch (error) {
        this.log.error({ err: error, doc: this.name, attempt }, 'collab: storing an update failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(this.options.retryMs * 2 ** attempt, 10_000)));
      }
    }
  }

  private async compactNow(): Promise<void> {
    try {
      // The state is taken now, after every earlier append resolved, so it includes all of them.
      await this.persistence.compact(this.name, this.encodeState());
      this.appendedSinceCompaction = 0;
    } catch (error) {
      // Appended records are still there: nothing is lost, compaction is tried again later.
      this.log.error({ err: error, doc: this.name }, 'collab: compaction failed');
    }
  }
}
