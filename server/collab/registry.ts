// Keeps one SharedDoc per open document. Concurrent first connections share one load; a document leaves only
// after its last peer left and its last write is stored (DESIGN.md, convention 3). Loading a document finds its
// type, repairs what does not fit the type's schema, and lets the type seed or upgrade it before any peer sees
// it. A document whose processing failed is dropped at once: the next connection loads it again from storage.
import type { DocumentTypes } from './document-type';
import type { DocWriterOptions, WriterLog } from './doc-writer';
import type { CollabPersistence } from './persistence';
import type { WriteWindow } from './write-window';
import type { Relay } from './relay';
import { repairDocument } from './repair';
import { SERVER_ORIGIN, SharedDoc } from './shared-doc';
import type { GuardLog } from './update-guard';
import type { AwarenessLimits } from './awareness-guard';

interface Entry {
  loading: Promise<SharedDoc>;
  doc: SharedDoc | null;
  /** Peers and server-side users holding the document open. */
  refs: number;
}

export type RegistryLog = WriterLog & GuardLog;

/** A name that no declared document type matches. */
export class UnknownDocument extends Error {}

export class DocumentRegistry {
  private readonly entries = new Map<string, Entry>();
  /** Documents that failed, still storing what they had: the next load waits for it. */
  private readonly settling = new Map<string, Promise<void>>();

  constructor(
    private readonly persistence: CollabPersistence,
    /** The process's one write window, shared by every document. */
    private readonly window: WriteWindow,
    private readonly writerOptions: DocWriterOptions,
    private readonly log: RegistryLog,
    private readonly types: DocumentTypes,
    private readonly awarenessLimits?: AwarenessLimits,
    /** The other nodes holding the same documents (several nodes on Redis); absent on a single node. */
    private readonly relay?: Relay
  ) {}

  /** Opens (or shares) a document; the caller must `release` it once. */
  acquire(name: string): Promise<SharedDoc> {
    let entry = this.entries.get(name);
    if (!entry) {
      const created: Entry = { loading: Promise.resolve(null as never), doc: null, refs: 0 };
      created.loading = this.load(name, created).then(
        (doc) => {
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

  private async load(name: string, entry: Entry): Promise<SharedDoc> {
    const resolved = this.types.resolve(name);
    if (!resolved) throw new UnknownDocument(`no document type for ${name}`);
    await this.settling.get(name);
    // Subscribed before the load: what other nodes apply meanwhile is kept, then applied (relay.ts).
    const link = this.relay ? await this.relay.open(name) : null;
    let stored;
    try {
      stored = await this.persistence.load(name);
    } catch (error) {
      await link?.close();
      throw error;
    }
    const doc = new SharedDoc(name, stored, this.persistence, this.window, this.writerOptions, {
      type: resolved.type,
      log: this.log,
      awarenessLimits: this.awarenessLimits,
      onFailure: () => this.drop(name, entry)
    });
    try {
      const dropped = repairDocument(doc.doc, resolved.type.schema, SERVER_ORIGIN);
      if (dropped.length > 0) {
        this.log.warn({ doc: name, dropped: dropped.slice(0, 20), count: dropped.length }, 'collab: stored document did not fit its schema; repaired');
      }
      resolved.type.prepare?.(doc.doc);
    } catch (error) {
      await doc.writer.settle();
      await link?.close();
      doc.destroy();
      throw error;
    }
    if (link) doc.attachRelay(link);
    return doc;
  }

  /** Forgets a failed document at once; what it had is stored, then it is destroyed. Its peers are closed. */
  private drop(name: string, entry: Entry): void {
    if (this.entries.get(name) === entry) this.entries.delete(name);
    const doc = entry.doc;
    if (!doc) return;
    doc.closePeers();
    // Stored, not compacted: the records before the failure stay as they were, the suspect state is not folded in.
    const done = doc.writer
      .flush()
      .catch((error: unknown) => this.log.error({ err: error, doc: name }, 'collab: storing a failed document failed'))
      .finally(() => {
        if (this.settling.get(name) === done) this.settling.delete(name);
        doc.destroy();
      });
    this.settling.set(name, done);
  }

  /** Lets go of `doc` (as returned by `acquire`); the document is unloaded once nobody holds it. */
  release(name: string, doc?: SharedDoc): Promise<void> {
    const entry = this.entries.get(name);
    // A document that failed was already dropped: its holders let go of nothing that is still registered.
    if (!entry || (doc && entry.doc !== doc)) return Promise.resolve();
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
    // What another node relayed and has not said it stored is stored here before the document goes.
    doc.storeUnconfirmed();
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
      await this.release(name, doc);
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

  /** Stores every loaded document's pending writes (in one write window). */
  async flushAll(): Promise<void> {
    await this.window.run();
    await Promise.all(this.loaded().map((d) => d.writer.flush()));
  }

  /** Stores and compacts every loaded document (graceful shutdown), and waits for failed ones to be stored. */
  async settleAll(): Promise<void> {
    for (const d of this.loaded()) d.storeUnconfirmed();
    await Promise.all([...this.loaded().map((d) => d.writer.settle()), ...this.settling.values()]);
  }
}
