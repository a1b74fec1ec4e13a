import type { Document } from 'bson';
import { CommandError } from '../errors.ts';
import { canonicalKey } from '../keys.ts';
import { valuesAtPath } from '../paths.ts';
import type { Matcher } from '../query.ts';

export interface IndexSpec {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  hidden?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Document;
  [option: string]: unknown;
}

export const ID_INDEX_NAME = '_id_';

/** MongoDB's default index name: field_direction pairs joined by underscores. */
export function defaultIndexName(key: Document): string {
  return Object.entries(key).map(([f, d]) => `${f}_${d}`).join('_');
}

interface KeyEntry {
  key: string;
  values: unknown[];
}

/**
 * A secondary index: a hash map from the canonical key of the indexed values to the ids of the documents
 * holding them. It answers equality and $in lookups and enforces uniqueness; ranges still scan.
 */
export class Index {
  readonly fields: string[];
  private readonly map = new Map<string, Set<string>>();
  /** For compound indexes: ids by the first field alone, so a query pinning only that field still avoids a scan. */
  private readonly prefix: Map<string, Set<string>> | null;

  constructor(
    public spec: IndexSpec,
    private readonly partial: Matcher | null
  ) {
    this.fields = Object.keys(spec.key);
    this.prefix = this.fields.length > 1 ? new Map() : null;
  }

  get name(): string {
    return this.spec.name;
  }

  /** Whether the planner may use it: hidden, sparse and partial indexes do not hold every document. */
  get usableForEquality(): boolean {
    return !this.spec.hidden && !this.spec.partialFilterExpression;
  }

  /** The keys a document contributes (several when a field is an array), or none when it is left out. */
  entries(doc: Document): KeyEntry[] {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => valuesAtPath(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.length === 0)) return [];
    let combos: unknown[][] = [[]];
    for (const vals of perField) {
      const options = vals.length ? vals : [null];
      const next: unknown[][] = [];
      for (const combo of combos) for (const v of options) next.push([...combo, v]);
      combos = next;
    }
    const seen = new Set<string>();
    const out: KeyEntry[] = [];
    for (const values of combos) {
      const key = this.keyOf(values);
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ key, values });
      }
    }
    return out;
  }

  keyOf(values: unknown[]): string {
    return values.length === 1 ? canonicalKey(values[0]) : values.map(canonicalKey).join('\u0000');
  }

  lookup(key: string): Iterable<string> {
    return this.map.get(key) ?? [];
  }

  /** Ids whose first indexed field has the value with this canonical key (compound indexes only). */
  lookupPrefix(key: string): Iterable<string> | null {
    return this.prefix ? (this.prefix.get(key) ?? []) : null;
  }

  add(id: string, doc: Document): void {
    const entries = this.entries(doc);
    for (const { key } of entries) addTo(this.map, key, id);
    if (this.prefix) for (const v of entries) addTo(this.prefix, canonicalKey(v.values[0]), id);
  }

  remove(id: string, doc: Document): void {
    const entries = this.entries(doc);
    for (const { key } of entries) removeFrom(this.map, key, id);
    if (this.prefix) for (const v of entries) removeFrom(this.prefix, canonicalKey(v.values[0]), id);
  }

  /** For a unique index, the first key of `doc` already held by another document. */
  conflict(id: string, doc: Document): KeyEntry | null {
    if (!this.spec.unique) return null;
    for (const entry of this.entries(doc)) {
      const ids = this.map.get(entry.key);
      if (ids) for (const other of ids) if (other !== id) return entry;
    }
    return null;
  }

  clear(): void {
    this.map.clear();
    this.prefix?.clear();
  }
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let ids = map.get(key);
  if (!ids) map.set(key, (ids = new Set()));
  ids.add(id);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const ids = map.get(key);
  if (!ids) return;
  ids.delete(id);
  if (ids.size === 0) map.delete(key);
}

/** Renders a value the way MongoDB prints it in E11000 messages. */
function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return `[ ${v.map(formatValue).join(', ')} ]`;
  const bsonType = (v as { _bsontype?: string })._bsontype;
  if (bsonType === 'ObjectId') return `ObjectId('${String((v as { toHexString(): string }).toHexString())}')`;
  if (bsonType) return String(v);
  const entries = Object.entries(v as Document).map(([k, val]) => `${k}: ${formatValue(val)}`);
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

export function duplicateKeyError(ns: string, index: Index, values: unknown[]): CommandError {
  const keyValue: Document = {};
  index.fields.forEach((f, i) => (keyValue[f] = values[i] ?? null));
  const shown = index.fields.map((f, i) => `${f}: ${formatValue(values[i])}`).join(', ');
  return new CommandError('DuplicateKey', `E11000 duplicate key error collection: ${ns} index: ${index.name} dup key: { ${shown} }`, {
    keyPattern: { ...index.spec.key },
    keyValue
  });
}
