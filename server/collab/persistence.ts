// Persistence behind a narrow interface (DESIGN.md, convention 2): the registry never knows where bytes go.

export interface StoredDocument {
  /** The compacted state (if any) followed by the updates appended after it, oldest first. */
  updates: Uint8Array[];
  /** How many appended updates sit after the compacted state: the registry compacts when it grows. */
  pendingCount: number;
  /** Which person each Yjs client id belongs to (see shared-doc.ts), as stored with the updates. */
  clients?: [number, string][];
}

/** One document's share of a window's write: its records in order, with the client ids first used in them. */
export interface AppendBatch {
  docName: string;
  updates: Uint8Array[];
  clients?: [number, string][];
}

export interface CollabPersistence {
  load(docName: string): Promise<StoredDocument>;
  /**
   * Appends updates in order, with the client ids first used in them; resolves once they are durable. Each update
   * is one record, so the caller keeps each under the database's record size limit.
   */
  append(docName: string, updates: Uint8Array[], clients?: [number, string][]): Promise<void>;
  /**
   * Appends the batches of several documents in one write (write-window.ts), each as `append` would; resolves with
   * one outcome per batch, in order: null once it is durable, or the error that kept it from being stored. A
   * batch that failed must not keep the others from being stored.
   */
  appendMany(batches: AppendBatch[]): Promise<(unknown | null)[]>;
  /**
   * Replaces everything stored for the document by `state`, which must include every update appended so far, and
   * the whole map of client ids. Must be crash-safe: an interrupted compaction leaves either the old records or the
   * new state readable.
   */
  compact(docName: string, state: Uint8Array, clients?: [number, string][]): Promise<void>;
}

interface MemoryRecord {
  state: Uint8Array | null;
  updates: Uint8Array[];
  clients: Map<number, string>;
}

/** For unit tests and the benchmark's no-persistence runs. */
export class MemoryPersistence implements CollabPersistence {
  private readonly docs = new Map<string, MemoryRecord>();
  appendCalls = 0;
  appendManyCalls = 0;

  async load(docName: string): Promise<StoredDocument> {
    const stored = this.docs.get(docName);
    if (!stored) return { updates: [], pendingCount: 0, clients: [] };
    return {
      updates: stored.state ? [stored.state, ...stored.updates] : [...stored.updates],
      pendingCount: stored.updates.length,
      clients: [...stored.clients]
    };
  }

  async append(docName: string, updates: Uint8Array[], clients: [number, string][] = []): Promise<void> {
    this.appendCalls++;
    const stored: MemoryRecord = this.docs.get(docName) ?? { state: null, updates: [], clients: new Map() };
    stored.updates.push(...updates.map((u) => u.slice()));
    for (const [client, owner] of clients) stored.clients.set(client, owner);
    this.docs.set(docName, stored);
  }

  async appendMany(batches: AppendBatch[]): Promise<(unknown | null)[]> {
    this.appendManyCalls++;
    return Promise.all(batches.map((b) => this.append(b.docName, b.updates, b.clients).then(() => null, (error: unknown) => error)));
  }

  async compact(docName: string, state: Uint8Array, clients: [number, string][] = []): Promise<void> {
    this.docs.set(docName, { state: state.slice(), updates: [], clients: new Map(clients) });
  }

  has(docName: string): boolean {
    return this.docs.has(docName);
  }
}
