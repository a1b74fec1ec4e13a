// One durable write per window for every document of the process: the pending batches of all dirty documents are
// handed to storage together (one unordered bulk insert, one record or more per document), then the compactions
// that fell due run. Cycles never overlap, so appends and compactions of one document never do either. A
// document whose records failed keeps them pending (in front of what came after) and is tried again later, alone
// in its backoff; the others' records are stored (bench/collab/README.md, "many rooms").
import type { AppendBatch, CollabPersistence } from './persistence';

export interface WriteWindowOptions {
  /** The durability window: an update is handed to storage at the latest this long after it arrived. */
  batchMs: number;
  /** First delay before a failed document's records are tried again (doubled per attempt, at most 10 s). */
  retryMs: number;
}

export interface WindowLog {
  error(details: object, message: string): void;
}

/** What the window needs of a document's writer (doc-writer.ts). */
export interface WindowMember {
  readonly name: string;
  /** performance.now() before which a failed batch is not tried again. */
  readonly retryAt: number;
  /** Takes the pending batch (records split under the record limit), or null when nothing is pending. */
  take(): AppendBatch | null;
  /** The batch is durable. */
  written(batch: AppendBatch): void;
  /** The batch failed: it becomes pending again, in front of anything that came after it. */
  failed(batch: AppendBatch, error: unknown): void;
  /** Folds the document into one state record (only ever called between the window's appends). */
  compactNow(): Promise<void>;
}

const MAX_RETRY_MS = 10_000;

export class WriteWindow {
  private readonly dirty = new Set<WindowMember>();
  private readonly compactionsDue = new Set<WindowMember>();
  private timer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** When the oldest update not yet taken arrived, and the latest (performance.now()). */
  private windowStart = 0;
  private lastArrival = -Infinity;
  private flushQueued = false;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** How many bulk writes were handed to storage, and how many compactions (tests, the benchmark). */
  writes = 0;
  compactions = 0;

  constructor(
    private readonly persistence: CollabPersistence,
    private readonly options: WriteWindowOptions,
    private readonly log: WindowLog
  ) {}

  /**
   * A document received an update. The window is written at the latest batchMs after its oldest update arrived
   * (the timer). When updates come in a stream, the one after which the next would most likely arrive past that
   * deadline (the window's age plus the last gap between updates reaches batchMs) writes it in its own event-loop
   * turn instead, after what the turn already queued (the broadcast): a busy process so keeps about one write per
   * window, riding on a wake-up it has anyway (on this kind of VM a wake-up of its own costs more CPU than the
   * work it does).
   */
  arrive(member: WindowMember): void {
    this.dirty.add(member);
    const now = performance.now();
    const gap = now - this.lastArrival;
    this.lastArrival = now;
    if (!this.timer) {
      this.windowStart = now;
      this.timer = setTimeout(WriteWindow.runOf, this.options.batchMs, this);
    } else if (!this.flushQueued && now - this.windowStart + gap >= this.options.batchMs) {
      this.flushQueued = true;
      setImmediate(WriteWindow.runOf, this);
    }
  }

  /** Asks for the document to be compacted with the next window (at once if `now`). */
  compact(member: WindowMember, now: boolean): Promise<void> {
    this.compactionsDue.add(member);
    return now ? this.run() : Promise.resolve();
  }

  /** Leaves the window (a document destroyed): nothing of it is written any more. */
  forget(member: WindowMember): void {
    this.dirty.delete(member);
    this.compactionsDue.delete(member);
  }

  private static runOf(window: WriteWindow): void {
    window.run().catch((error: unknown) => window.log.error({ err: error }, 'collab: a write window failed'));
  }

  /** Writes everything pending now (after a cycle already running); resolves once that cycle is done. */
  run(): Promise<void> {
    this.flushQueued = false;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.running) {
      this.running = this.cycle().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // One cycle waits behind the running one and gathers everything that arrives meanwhile.
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.run();
    });
    return this.queued;
  }

  private async cycle(): Promise<void> {
    const now = performance.now();
    const members: WindowMember[] = [];
    const batches: AppendBatch[] = [];
    for (const member of this.dirty) {
      if (member.retryAt > now) continue;
      this.dirty.delete(member);
      const batch = member.take();
      if (!batch) continue;
      members.push(member);
      batches.push(batch);
    }
    if (batches.length > 0) {
      this.writes++;
      let outcomes: (unknown | null)[];
      try {
        outcomes = await this.persistence.appendMany(batches);
      } catch (error) {
        outcomes = batches.map(() => error);
      }
      for (const [i, member] of members.entries()) {
        const error = outcomes[i];
        if (error == null) member.written(batches[i]);
        else {
          member.failed(batches[i], error);
          this.dirty.add(member);
        }
      }
    }
    const due = [...this.compactionsDue];
    this.compactionsDue.clear();
    this.compactions += due.length;
    await Promise.all(due.map((member) => member.compactNow()));
    this.scheduleRetry();
  }

  /**
   * Wakes for the earliest failed document still waiting. Documents that are dirty because updates arrived
   * during the write wait for their window's timer (started by `arrive`), not for the end of the write: a slow
   * database must not turn the window into writes back to back.
   */
  private scheduleRetry(): void {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    let earliest = Infinity;
    for (const member of this.dirty) if (member.retryAt > 0) earliest = Math.min(earliest, member.retryAt);
    if (earliest === Infinity) return;
    this.retryTimer = setTimeout(
      (window: WriteWindow) => {
        window.retryTimer = null;
        WriteWindow.runOf(window);
      },
      Math.max(0, earliest - performance.now()),
      this
    );
  }

  /** The delay before the `attempt`-th retry of a failed document. */
  retryDelay(attempt: number): number {
    return Math.min(this.options.retryMs * 2 ** attempt, MAX_RETRY_MS);
  }
}
