import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { encodeRecord } from './records.ts';

const SYNC_ON_WRITE = typeof constants.O_DSYNC === 'number';

interface Waiter {
  record: Buffer;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * An append-only journal file with group commit: records appended while a write is in flight are written
 * together and share the next synchronous write. append() resolves only once its record is on disk.
 */
export class Journal {
  private pending: Waiter[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  /** Bytes in the file, including records still waiting to be written. */
  size: number;
  /** Synchronous writes (commits) so far, so tests can observe group commit. */
  syncs = 0;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    initialSize: number
  ) {
    this.size = initialSize;
  }

  static async open(path: string): Promise<Journal> {
    // O_DSYNC: each write returns once its bytes are on disk, as write + fdatasync would, but in one trip to the
    // thread pool instead of two (measured: about 0.1 ms less CPU per commit when commits are spread out).
    // Where the platform has no O_DSYNC (Windows), every write is followed by an fdatasync instead.
    const fh = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (SYNC_ON_WRITE ? constants.O_DSYNC : 0), 0o600);
    const { size } = await fh.stat();
    return new Journal(path, fh, size);
  }

  append(payload: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const record = encodeRecord(payload);
    this.size += record.length;
    const done = new Promise<void>((resolve, reject) => this.pending.push({ record, resolve, reject }));
    this.flushing ??= this.flushLoop();
    return done;
  }

  /** Resolves when every record appended so far is durable. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.fh.close();
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length) {
        const group = this.pending;
        this.pending = [];
        try {
          const data = group.length === 1 ? group[0].record : Buffer.concat(group.map((w) => w.record));
          let written = 0;
          while (written < data.length) {
            const { bytesWritten } = await this.fh.write(data, written, data.length - written, null);
            written += bytesWritten;
          }
          if (!SYNC_ON_WRITE) await this.fh.datasync();
          this.syncs++;
          for (const w of group) w.resolve();
        } catch (err) {
          // After a failed write the file's tail is unknown: refuse further appends rather than risk acking
          // records that follow a hole.
          this.failure = err as Error;
          for (const w of [...group, ...this.pending]) w.reject(this.failure);
          this.pending = [];
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}
