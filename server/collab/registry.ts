// Keeps one SharedDoc per open document. Concurrent first connections share one load; a document leaves only
// after its last peer left and its last write is stored (DESIGN.md, convention 3).
import type { DocWriterOptions, WriterLog } from './doc-writer';
import type { CollabPersistence } from './persistence';
import { SharedDoc } from './shared-doc';
import type { GuardFor, GuardLog } from './update-guard';

interface Entry {
  loading: Promise<SharedDoc>;
  doc: SharedDoc | null;
  /** Peers and server-side users holding the document open. */
  refs: number;
}

export class DocumentRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly persistence: CollabPersistence,
    private readonly writerOptions: DocWriterOptions,
    private readonly log: WriterLog & GuardLog,
    /** Runs once a document is loaded, before any peer sees it: seeds or upgrades its structure. */
    private readonly afterLoad: (name: string, doc: SharedDoc) => void = () => {},
    /** The check of writers' updates for a document, if it has one (see update-guard.ts). */
    private readonly guardFor: GuardFor = () => null
  ) {}

  /** Opens (or shares) a document; the caller must `release` it once. */
  acquire(name: string): Promise<SharedDoc> {
    let entry = this.entries.get(name);
    if (!entry) {
      const created: Entry = { loading: Promise.resolve(null as never), doc: null, refs: 0 };
      created.loading = this.persistence.load(name).then(
        (stored) => {
          const guard = this.guardFor(name);
          const doc = new SharedDoc(name, stored, this.persistence, this.writerOptions, this.log, guard && { check: guard, log: this.log });
          this.afterLoad(name, doc);
          created.doc = doc;
          return doc;
        },
        (error: unknown) => {
          // A failed load must not stay cached: the next connection tries again.
          if (this.entries.get(name) === created) this.entries.delete(name);
          throw error;
        }
      );
      entry = created;
      this.entries.set(name, entry);
    }
    entry.refs++;
    return entry.loading;
  }

  release(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) return Promise.resolve();
    entry.refs--;
    if (entry.refs > 0) return Promise.resolve();
    return this.unloadWhenIdle(name, entry);
  }

  private async unloadWhenIdle(name: string, entry: Entry): Promise<void> {
    let doc: SharedDoc;
    try {
      doc = await entry.loading;
    } catch {
      return;
    }
    await doc.writer.settle();
    // Someone may have opened it again while it was being stored: then it stays.
    if (entry.refs === 0 && this.entries.get(name) === entry) {
      this.entries.delete(name);
      doc.destroy();
    }
  }

  /** Runs `fn` on the document's content, loading it if nobody has it open (export, indexing, tests). */
  async use<T>(name: string, fn: (doc: SharedDoc) => T | Promise<T>): Promise<T> {
    const doc = await this.acquire(name);
    try {
      return await fn(doc);
    } finally {
      await this.release(name);
    }
  }

  get(name: string): SharedDoc | null {
    return this.entries.get(name)?.doc ?? null;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get size(): number {
    return this.entries.size;
  }

  private loaded(): SharedDoc[] {
    return [...this.entries.values()].map((e) => e.doc).filter((d): d is SharedDoc => d !== null);
  }

  /** Stores every loaded document's pending writes. */
  async flushAll(): Promise<void> {
    await Promise.all(this.loaded().map((d) => d.writer.flush()));
  }

  /** Stores and compacts every loaded document (graceful shutdown). */
  async settleAll(): Promise<void> {
    await Promise.all(this.loaded().map((d) => d.writer.settle()));
  }
}
