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

/**
 * Largest record the writer hands to storage: MongoDB refuses documents over 16 MiB, and a batch of several large
 * updates (a paste, an import, messages of up to 4 MiB) must not become one record past that.
 */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

/** What a compaction stores: the whole state and the whole map of client ids. */
export interface Snapshot {
  state: Uint8Array;
  clients: [number, string][];
}

export class DocWriter {
  private pending: Uint8Array[] = [];
  /** Callers of `stored()` waiting for the pending batch to be handed to storage. */
  private waiters: (() => void)[] = [];
  /** Client ids first used in the pending updates, stored with them. */
  private pendingClients: [number, string][] = [];
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
    private readonly encodeState: () => Snapshot,
    private readonly log: WriterLog,
    private appendedSinceCompaction: number,
    /** Runs after each batch is stored (the document type's projection). */
    private readonly onStored: () => void = () => {}
  ) {}

  /** Where the pending batch ends now (see discardSince). */
  mark(): number {
    return this.pending.length;
  }

  /** Forgets the updates pushed since `mark`: a change that failed half-way is never stored. */
  discardSince(mark: number): void {
    this.pending.length = Math.min(this.pending.length, mark);
  }

  /** Records that `client` belongs to `owner`; stored with the next batch. */
  bind(client: number, owner: string): void {
    this.pendingClients.push([client, owner]);
  }

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

  /** Resolves once every update pushed so far is durable, without hurrying its batch (tests, shutdown checks). */
  stored(): Promise<void> {
    if (this.pending.length === 0) return this.chain;
    return new Promise<void>((resolve) => this.waiters.push(resolve)).then(() => this.chain);
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
      const clients = this.pendingClients;
      this.pending = [];
      this.pendingClients = [];
      const records = recordsOf(batch);
      this.chain = this.chain.then(() => this.appendWithRetry(records, clients));
      if (this.appendedSinceCompaction + records.length >= this.options.compactAfter) {
        this.chain = this.chain.then(() => this.compactNow());
      }
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
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

  private async appendWithRetry(records: Uint8Array[], clients: [number, string][]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.persistence.append(this.name, records, clients.length > 0 ? clients : undefined);
        this.appendedSinceCompaction += records.length;
        this.onStored();
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
      const { state, clients } = this.encodeState();
      await this.persistence.compact(this.name, state, clients);
      this.appendedSinceCompaction = 0;
    } catch (error) {
      // Appended records are still there: nothing is lost, compaction is tried again later.
      this.log.error({ err: error, doc: this.name }, 'collab: compaction failed');
    }
  }
}

/** The batch as records: merged into one where it fits, else in runs that each stay under MAX_RECORD_BYTES. */
function recordsOf(batch: Uint8Array[]): Uint8Array[] {
  if (batch.length === 1) return batch;
  const records: Uint8Array[] = [];
  let run: Uint8Array[] = [];
  let bytes = 0;
  for (const update of batch) {
    if (run.length > 0 && bytes + update.byteLength > MAX_RECORD_BYTES) {
      records.push(run.length === 1 ? run[0] : Y.mergeUpdates(run));
      run = [];
      bytes = 0;
    }
    run.push(update);
    bytes += update.byteLength;
  }
  records.push(run.length === 1 ? run[0] : Y.mergeUpdates(run));
  return records;
}
