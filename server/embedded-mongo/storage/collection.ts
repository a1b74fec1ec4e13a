import type { Document } from 'bson';
import { CommandError } from '../errors.ts';
import { canonicalKey } from '../keys.ts';
import type { QueryEngine } from '../query.ts';
import { duplicateKeyError, ID_INDEX_NAME, Index, type IndexSpec } from './indexes.ts';
import { isTextSpec } from '../text/spec.ts';
import { TextIndex } from '../text/text-index.ts';

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: ID_INDEX_NAME };

/**
 * One collection in memory: documents by canonical _id (insertion order is the natural order) and its
 * secondary indexes. Stored documents are never mutated in place, so cursors and snapshots can hold
 * references to them safely.
 */
export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes = new Map<string, Index>();

  constructor(
    readonly db: string,
    readonly name: string,
    private readonly queries: QueryEngine,
    public options: Document = {}
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  specs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  getById(id: unknown): Document | undefined {
    return this.docs.get(canonicalKey(id));
  }

  /** Throws the E11000 error MongoDB gives if `doc` (taking the place of `id`) would break a unique index. */
  checkUnique(doc: Document, replacing?: Document): void {
    const id = canonicalKey(doc._id);
    if (!replacing && this.docs.has(id)) throw duplicateKeyError(this.ns, this.idIndex(), [doc._id]);
    for (const index of this.indexes.values()) {
      const clash = index.conflict(id, doc);
      if (clash) throw duplicateKeyError(this.ns, index, clash.values);
    }
  }

  private idIndex(): Index {
    return new Index(ID_INDEX_SPEC, null);
  }

  /** Stores `doc` under its _id, replacing any previous version; uniqueness is the caller's job. */
  put(doc: Document): void {
    const id = canonicalKey(doc._id);
    const old = this.docs.get(id);
    if (old) for (const index of this.indexes.values()) index.remove(id, old);
    this.docs.set(id, doc);
    for (const index of this.indexes.values()) index.add(id, doc);
  }

  remove(idValue: unknown): Document | undefined {
    const id = canonicalKey(idValue);
    const old = this.docs.get(id);
    if (!old) return undefined;
    for (const index of this.indexes.values()) index.remove(id, old);
    this.docs.delete(id);
    return old;
  }

  /** Builds an index over existing documents; refuses (11000) when a unique index meets duplicates. */
  addIndex(spec: IndexSpec, enforce = true): void {
    const partial = spec.partialFilterExpression ? this.queries.compile(spec.partialFilterExpression) : null;
    const index = isTextSpec(spec) ? new TextIndex(spec, this.queries.analyzers) : new Index(spec, partial);
    for (const [id, doc] of this.docs) {
      if (enforce) {
        const clash = index.conflict(id, doc);
        if (clash) throw duplicateKeyError(this.ns, index, clash.values);
      }
      index.add(id, doc);
    }
    this.indexes.set(spec.name, index);
  }

  dropIndex(name: string): void {
    if (!this.indexes.delete(name)) {
      throw new CommandError('IndexNotFound', `index not found with name [${name}]`);
    }
  }

  /**
   * Documents that can match `filter`, narrowed through _id or an index when the filter pins an indexed
   * field to one value or an $in list; otherwise every document. The caller still applies the full filter.
   */
  candidates(filter: Document | undefined): Iterable<Document> {
    return this.narrowed(filter) ?? this.docs.values();
  }

  /** The documents an _id or index lookup narrows `filter` to, or null when only a scan can answer it. */
  narrowed(filter: Document | undefined): Document[] | null {
    if (!filter) return null;
    const idValues = equalityValues(filter._id);
    if (idValues) {
      const out: Document[] = [];
      const seen = new Set<string>();
      for (const v of idValues) {
        const key = canonicalKey(v);
        const doc = this.docs.get(key);
        if (doc && !seen.has(key)) {
          seen.add(key);
          out.push(doc);
        }
      }
      return out;
    }
    let prefixed: Index | null = null;
    let prefixValues: unknown[] | null = null;
    for (const index of this.indexes.values()) {
      if (!index.usableForEquality) continue;
      const perField = index.fields.map((f) => equalityValues(filter[f]));
      if (perField.some((v) => !v)) {
        if (!prefixed && perField[0] && index.fields.length > 1) [prefixed, prefixValues] = [index, perField[0]];
        continue;
      }
      let combos: unknown[][] = [[]];
      for (const vals of perField as unknown[][]) combos = combos.flatMap((c) => vals.map((v) => [...c, v]));
      if (combos.length > 1000) continue;
      const ids = new Set<string>();
      for (const combo of combos) for (const id of index.lookup(index.keyOf(combo))) ids.add(id);
      return this.byIds(ids);
    }
    if (prefixed && prefixValues) {
      const ids = new Set<string>();
      for (const v of prefixValues) for (const id of prefixed.lookupPrefix(canonicalKey(v)) ?? []) ids.add(id);
      return this.byIds(ids);
    }
    return null;
  }

  private byIds(ids: Iterable<string>): Document[] {
    const out: Document[] = [];
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (doc) out.push(doc);
    }
    return out;
  }
}

/**
 * The exact values a filter condition pins a field to, or null when the index cannot answer it (ranges,
 * regexes, null — which also matches missing fields — and whole-array or sub-document equality).
 */
function equalityValues(cond: unknown): unknown[] | null {
  if (cond === undefined) return null;
  const plain = (v: unknown) =>
    v !== null && v !== undefined && !(v instanceof RegExp) && !Array.isArray(v) && !isPlainObject(v);
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond as Document);
    if (keys.length !== 1) return null;
    const c = cond as Document;
    if (keys[0] === '$eq') return plain(c.$eq) ? [c.$eq] : null;
    if (keys[0] === '$in' && Array.isArray(c.$in)) return c.$in.every(plain) ? c.$in : null;
    return null;
  }
  return plain(cond) ? [cond] : null;
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}
