// Stores one document's updates in the background, off the broadcast path: updates received within one window
// are merged into one record and handed to the process's write window (write-window.ts), which stores every
// dirty document's records in one write. A failed write is retried rather than dropped (an update that reached
// the server must reach the database).
import * as Y from 'yjs';
import type { AppendBatch, CollabPersistence } from './persistence';
import type { WindowMember, WriteWindow } from './write-window';

export interface DocWriterOptions {
  /** Compact once this many appended records sit after the last compacted state. */
  compactAfter: number;
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

export class DocWriter implements WindowMember {
  private pending: Uint8Array[] = [];
  /** Client ids first used in the pending updates, stored with them. */
  private pendingClients: [number, string][] = [];
  /** Updates pushed so far, and how many of them are durable (waiters of `stored()` wait for a count). */
  private pushed = 0;
  private durable = 0;
  /** How many pushed updates the batch being written covers (the count becomes durable with it). */
  private inFlight = 0;
  private waiters: { upTo: number; resolve: () => void }[] = [];
  private compactTimer: NodeJS.Timeout | null = null;
  private attempts = 0;
  retryAt = 0;

  constructor(
    readonly name: string,
    private readonly persistence: CollabPersistence,
    private readonly window: WriteWindow,
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
    const dropped = this.pending.length - Math.min(this.pending.length, mark);
    this.pending.length -= dropped;
    this.pushed -= dropped;
  }

  /** Records that `client` belongs to `owner`; stored with the next batch. */
  bind(client: number, owner: string): void {
    this.pendingClients.push([client, owner]);
  }

  /** Queues an update: the window writes it within its batch window (write-window.ts). */
  push(update: Uint8Array): void {
    this.pending.push(update);
    this.pushed++;
    this.window.arrive(this);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  take(): AppendBatch | null {
    if (this.pending.length === 0) return null;
    const batch: AppendBatch = { docName: this.name, updates: recordsOf(this.pending) };
    if (this.pendingClients.length > 0) batch.clients = this.pendingClients;
    this.pending = [];
    this.pendingClients = [];
    this.inFlight = this.pushed;
    return batch;
  }

  /** Resolves once every update pushed so far is durable, without hurrying its window (tests, shutdown checks). */
  stored(): Promise<void> {
    return this.durableUpTo(this.pushed);
  }

  written(batch: AppendBatch): void {
    this.attempts = 0;
    this.retryAt = 0;
    this.durable = this.inFlight;
    this.appendedSinceCompaction += batch.updates.length;
    const ready = this.waiters.filter((w) => w.upTo <= this.durable);
    this.waiters = this.waiters.filter((w) => w.upTo > this.durable);
    for (const w of ready) w.resolve();
    if (this.appendedSinceCompaction >= this.options.compactAfter) void this.window.compact(this, false);
    this.onStored();
  }

  failed(batch: AppendBatch, error: unknown): void {
    this.log.error({ err: error, doc: this.name, attempt: this.attempts }, 'collab: storing an update failed; retrying');
    this.pending = [...batch.updates, ...this.pending];
    this.pendingClients = [...(batch.clients ?? []), ...this.pendingClients];
    this.retryAt = performance.now() + this.window.retryDelay(this.attempts++);
  }

  private durableUpTo(count: number): Promise<void> {
    if (this.durable >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ upTo: count, resolve }));
  }

  /** Resolves once every update pushed so far is durable; the window is written now. */
  async flush(): Promise<void> {
    const upTo = this.pushed;
    if (this.durable >= upTo && this.pending.length === 0) return;
    await this.window.run();
    await this.durableUpTo(upTo);
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

  /** Stores what is pending, then folds everything into one state record (on unload and shutdown). */
  async settle(): Promise<void> {
    if (this.compactTimer) {
      clearTimeout(this.compactTimer);
      this.compactTimer = null;
    }
    await this.flush();
    if (this.appendedSinceCompaction > 0) await this.window.compact(this, true);
  }

  /** Leaves the window: called once the document is destroyed. */
  close(): void {
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = null;
    this.window.forget(this);
  }

  async compactNow(): Promise<void> {
    if (this.appendedSinceCompaction === 0) return;
    try {
      // Taken between the window's appends: the state includes every record appended so far.
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
