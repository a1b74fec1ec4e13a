// Persistence behind a narrow interface (DESIGN.md, convention 2): the registry never knows where bytes go.

export interface StoredDocument {
  /** The compacted state (if any) followed by the updates appended after it, oldest first. */
  updates: Uint8Array[];
  /** How many appended updates sit after the compacted state: the registry compacts when it grows. */
  pendingCount: number;
}

export interface CollabPersistence {
  load(docName: string): Promise<StoredDocument>;
  /** Appends updates in order; resolves once they are durable. */
  append(docName: string, updates: Uint8Array[]): Promise<void>;
  /**
   * Replaces everything stored for the document by `state`, which must include every update appended so far.
   * Must be crash-safe: an interrupted compaction leaves either the old records or the new state readable.
   */
  compact(docName: string, state: Uint8Array): Promise<void>;
}

/** For unit tests and the benchmark's no-persistence runs. */
export class MemoryPersistence implements CollabPersistence {
  private readonly docs = new Map<string, { state: Uint8Array | null; updates: Uint8Array[] }>();
  appendCalls = 0;

  async load(docName: string): Promise<StoredDocument> {
    const stored = this.docs.get(docName);
    if (!stored) return { updates: [], pendingCount: 0 };
    return {
      updates: stored.state ? [stored.state, ...stored.updates] : [...stored.updates],
      pendingCount: stored.updates.length
    };
  }

  async append(docName: string, updates: Uint8Array[]): Promise<void> {
    this.appendCalls++;
    const stored = this.docs.get(docName) ?? { state: null, updates: [] };
    stored.updates.push(...updates.map((u) => u.slice()));
    this.docs.set(docName, stored);
  }

  async compact(docName: string, state: Uint8Array): Promise<void> {
    this.docs.set(docName, { state: state.slice(), updates: [] });
  }

  has(docName: string): boolean {
    return this.docs.has(docName);
  }
}
