import type { Document } from 'bson';
import type { QueryEngine } from '../query.ts';
import { Collection } from './collection.ts';
import type { IndexSpec } from './indexes.ts';

/**
 * Logical operations: the only things the journal records. Each describes a resulting state (a whole
 * document, an index spec…), never a command, so replaying them is deterministic.
 */
export type Op =
  | { op: 'create'; db: string; coll: string; options?: Document }
  | { op: 'drop'; db: string; coll: string }
  | { op: 'dropDb'; db: string }
  | { op: 'put'; db: string; coll: string; doc: Document }
  | { op: 'del'; db: string; coll: string; id: unknown }
  | { op: 'index'; db: string; coll: string; spec: IndexSpec }
  | { op: 'dropIndex'; db: string; coll: string; name: string };

/** Where committed operations go to become durable (the journal), or nowhere in memory mode. */
export interface Durability {
  commit(ops: Op[]): Promise<void>;
}

export class Store {
  readonly dbs = new Map<string, Map<string, Collection>>();
  durability: Durability | null = null;

  constructor(readonly queries: QueryEngine) {}

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  allCollections(): Collection[] {
    return [...this.dbs.values()].flatMap((m) => [...m.values()]);
  }

  /** Applies one operation to memory. `replay` skips uniqueness checks the live path already made. */
  apply(op: Op, replay = false): void {
    switch (op.op) {
      case 'create': {
        let colls = this.dbs.get(op.db);
        if (!colls) this.dbs.set(op.db, (colls = new Map()));
        if (!colls.has(op.coll)) colls.set(op.coll, new Collection(op.db, op.coll, this.queries, op.options ?? {}));
        return;
      }
      case 'drop':
        this.dbs.get(op.db)?.delete(op.coll);
        if (this.dbs.get(op.db)?.size === 0) this.dbs.delete(op.db);
        return;
      case 'dropDb':
        this.dbs.delete(op.db);
        return;
    }
    let coll = this.collection(op.db, op.coll);
    if (!coll) {
      if (!replay) throw new Error(`bug: ${op.op} on missing collection ${op.db}.${op.coll}`);
      this.apply({ op: 'create', db: op.db, coll: op.coll });
      coll = this.collection(op.db, op.coll)!;
    }
    switch (op.op) {
      case 'put':
        coll.put(op.doc);
        return;
      case 'del':
        coll.remove(op.id);
        return;
      case 'index':
        if (coll.indexes.has(op.spec.name)) coll.indexes.get(op.spec.name)!.spec = op.spec;
        else coll.addIndex(op.spec, !replay);
        return;
      case 'dropIndex':
        if (coll.indexes.has(op.name)) coll.dropIndex(op.name);
        return;
    }
  }

  begin(): WriteBatch {
    return new WriteBatch(this);
  }

  async commit(ops: Op[]): Promise<void> {
    if (ops.length && this.durability) await this.durability.commit(ops);
  }
}

/**
 * The effects of one command: applied to memory as they happen, then committed as one journal record, so
 * after a crash a command's writes are either all replayed or none are.
 */
export class WriteBatch {
  readonly ops: Op[] = [];
  constructor(private readonly store: Store) {}

  record(op: Op): void {
    this.store.apply(op);
    this.ops.push(op);
  }

  ensureCollection(db: string, name: string): Collection {
    const existing = this.store.collection(db, name);
    if (existing) return existing;
    this.record({ op: 'create', db, coll: name });
    return this.store.collection(db, name)!;
  }

  put(coll: Collection, doc: Document): void {
    this.record({ op: 'put', db: coll.db, coll: coll.name, doc });
  }

  del(coll: Collection, id: unknown): void {
    this.record({ op: 'del', db: coll.db, coll: coll.name, id });
  }

  commit(): Promise<void> {
    return this.store.commit(this.ops);
  }
}
