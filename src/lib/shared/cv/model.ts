// The live CV document: creation of its structure and the operations the editor and the server perform on it.
//
// Concurrent initialisation. Two clients that each `set` a nested container under the same key conflict: the
// last writer wins and the other's container, with whatever was typed in it, disappears. So the structure is
// never created by ordinary operations from two places. `initCv` applies a *seed*: an update built in a
// throwaway document with a fixed client id, always with the same operations, so that every seed is
// byte-for-byte the same update with the same item ids. Yjs merges identical items as one: a seed applied by
// the server and, concurrently, by an offline client is one structure, never two. The server calls `initCv`
// when it loads a CV (collaboration load hook); a client may call it too (tests, an offline first open).
// Nested containers created later are new entries under fresh random ids (no two clients pick the same key)
// and their fields, created in the same transaction as the entry. `upgradeCv` adds fields a newer schema
// declares to older documents with ordinary operations: only the server should call it, on load, before any
// client syncs.
import * as Y from 'yjs';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { uuidv4 } from 'lib0/random';
import {
  CV_LOCALES,
  CV_TEMPLATES,
  HEADER_FIELDS,
  LINK_FIELDS,
  MAX_ENTRIES_PER_SECTION,
  MAX_LINKS,
  SECTION_FIELDS,
  SECTION_KEYS,
  isCefrLevel,
  isSectionKey,
  isSkillLevel,
  type CvLocale,
  type CvTemplate,
  type FieldDef,
  type SectionKey
} from './schema.ts';
import { newField, setPlainText, textToBlocks, writeRich, type RichBlock } from './rich.ts';
import { parseFieldPath } from './paths.ts';

export const CV_ROOT = 'cv';
export const COMMENTS_ROOT = 'comments';

/**
 * The seed's items carry this client id. Changing what the seed contains requires a new id: two seeds with the
 * same ids and different contents would make replicas diverge silently.
 */
export const SEED_CLIENT_ID = 0x5eed01;

/** A collection of ordered entries: the CV sections, and the header's links. */
export type CollectionKey = SectionKey | 'links';

export type EntryFieldValue = string | number | RichBlock[] | null;

export class CvError extends Error {
  constructor(
    message: string,
    readonly field?: string
  ) {
    super(message);
    this.name = 'CvError';
  }
}

export function cvDocName(duoId: string): string {
  return `cv:${duoId}`;
}

export function cvRoot(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(CV_ROOT);
}

export function collectionFields(collection: CollectionKey): readonly FieldDef[] {
  return collection === 'links' ? LINK_FIELDS : SECTION_FIELDS[collection];
}

function fillEntry(entry: Y.Map<unknown>, collection: CollectionKey): void {
  for (const def of collectionFields(collection)) {
    if ((def.kind === 'plain' || def.kind === 'rich') && !(entry.get(def.key) instanceof Y.XmlFragment)) {
      entry.set(def.key, newField());
    }
  }
}

function buildStructure(doc: Y.Doc): void {
  const root = cvRoot(doc);
  doc.transact(() => {
    const header = new Y.Map<unknown>();
    root.set('header', header);
    for (const def of HEADER_FIELDS) header.set(def.key, newField());
    header.set('links', new Y.Map());
    root.set('summary', newField());
    for (const section of SECTION_KEYS) root.set(section, new Y.Map());
    const meta = new Y.Map<unknown>();
    root.set('meta', meta);
    meta.set('template', 'classic');
    meta.set('locale', 'fr');
  });
}

/** The seed update (see the top of this file). */
export function cvSeedUpdate(): Uint8Array {
  const seed = new Y.Doc();
  seed.clientID = SEED_CLIENT_ID;
  buildStructure(seed);
  const update = Y.encodeStateAsUpdate(seed);
  seed.destroy();
  return update;
}

export function isCvInitialised(doc: Y.Doc): boolean {
  return cvRoot(doc).get('header') instanceof Y.Map;
}

/** Creates the CV structure if missing (idempotent, safe concurrently: see the top of this file). */
export function initCv(doc: Y.Doc, origin: unknown = null): void {
  if (!cvRoot(doc).has('header')) Y.applyUpdate(doc, cvSeedUpdate(), origin);
}

/** Adds what the current schema declares and an older document lacks. Server only, on load (see top). */
export function upgradeCv(doc: Y.Doc, origin: unknown = null): void {
  initCv(doc, origin);
  const root = cvRoot(doc);
  doc.transact(() => {
    // A header the seed could not give back (the seed's own items were replaced, and the server repaired the
    // document by dropping the value that replaced them) is made anew with ordinary operations.
    if (!(root.get('header') instanceof Y.Map)) root.set('header', new Y.Map());
    const header = root.get('header') as Y.Map<unknown>;
    for (const def of HEADER_FIELDS) if (!(header.get(def.key) instanceof Y.XmlFragment)) header.set(def.key, newField());
    if (!(header.get('links') instanceof Y.Map)) header.set('links', new Y.Map());
    if (!(root.get('summary') instanceof Y.XmlFragment)) root.set('summary', newField());
    if (!(root.get('meta') instanceof Y.Map)) root.set('meta', new Y.Map());
    for (const section of SECTION_KEYS) if (!(root.get(section) instanceof Y.Map)) root.set(section, new Y.Map());
    for (const collection of ['links', ...SECTION_KEYS] as CollectionKey[]) {
      for (const entry of collectionMap(doc, collection).values()) {
        if (entry instanceof Y.Map) fillEntry(entry, collection);
      }
    }
  }, origin);
}

function headerMap(doc: Y.Doc): Y.Map<unknown> {
  const header = cvRoot(doc).get('header');
  if (!(header instanceof Y.Map)) throw new CvError('The CV is not initialised');
  return header;
}

/** The Y.Map of a collection: entry id → entry map. */
export function collectionMap(doc: Y.Doc, collection: CollectionKey): Y.Map<Y.Map<unknown>> {
  const map = collection === 'links' ? headerMap(doc).get('links') : cvRoot(doc).get(collection);
  if (!(map instanceof Y.Map)) throw new CvError(`The CV has no collection ${collection}`, collection);
  return map as Y.Map<Y.Map<unknown>>;
}

export interface OrderedEntry {
  id: string;
  order: string;
  map: Y.Map<unknown>;
}

/** Entries in display order: by fractional key, then by id so that a tie (two clients inserting at the same
 * place at once) still gives every replica the same order. */
export function orderedEntries(doc: Y.Doc, collection: CollectionKey): OrderedEntry[] {
  const entries: OrderedEntry[] = [];
  collectionMap(doc, collection).forEach((map, id) => {
    if (!(map instanceof Y.Map)) return;
    const order = map.get('order');
    entries.push({ id, order: typeof order === 'string' ? order : '', map });
  });
  return entries.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function tryKeyBetween(a: string | null, b: string | null): string | null {
  if (a !== null && b !== null && a >= b) return null;
  try {
    return generateKeyBetween(a, b);
  } catch {
    return null; // a key written by a faulty client: renumber below
  }
}

/** Renumbers every entry of a collection in its current order; only for ties and invalid keys. */
function renumber(entries: OrderedEntry[]): void {
  const keys = generateNKeysBetween(null, null, entries.length);
  entries.forEach((entry, i) => {
    entry.order = keys[i];
    entry.map.set('order', keys[i]);
  });
}

/** A key placing an entry at `index` among `others` (which exclude it). Runs inside a transaction. */
function keyAt(others: OrderedEntry[], index: number): string {
  const key = tryKeyBetween(others[index - 1]?.order ?? null, others[index]?.order ?? null);
  if (key !== null) return key;
  renumber(others);
  return generateKeyBetween(others[index - 1]?.order ?? null, others[index]?.order ?? null);
}

/** `{ afterId: null }` = first, `{ beforeId: null }` = last. */
export type Placement = { afterId: string | null } | { beforeId: string | null };

function placementIndex(others: OrderedEntry[], placement: Placement): number {
  const ref = 'afterId' in placement ? placement.afterId : placement.beforeId;
  if (ref === null) return 'afterId' in placement ? 0 : others.length;
  const at = others.findIndex((e) => e.id === ref);
  if (at < 0) throw new CvError(`No entry ${ref}`, 'afterId' in placement ? 'afterId' : 'beforeId');
  return 'afterId' in placement ? at + 1 : at;
}

export function newEntryId(): string {
  return uuidv4().replace(/-/g, '').slice(0, 20);
}

/** Checks fields before any write: Yjs has no rollback, so a transaction must not fail half-way. */
function checkEntryFields(collection: CollectionKey, fields: Record<string, EntryFieldValue>): void {
  for (const [key, value] of Object.entries(fields)) {
    const def = collectionFields(collection).find((f) => f.key === key);
    if (!def) throw new CvError(`Unknown field ${collection}.${key}`, key);
    const ok =
      def.kind === 'plain'
        ? typeof value === 'string'
        : def.kind === 'rich'
          ? typeof value === 'string' || Array.isArray(value)
          : value === null || (def.kind === 'skillLevel' ? isSkillLevel(value) : isCefrLevel(value));
    if (!ok) throw new CvError(`Invalid value for ${collection}.${key}`, key);
  }
}

function writeEntryField(entry: Y.Map<unknown>, collection: CollectionKey, key: string, value: EntryFieldValue): void {
  const def = collectionFields(collection).find((f) => f.key === key);
  if (!def) throw new CvError(`Unknown field ${collection}.${key}`, key);
  if (def.kind === 'plain' || def.kind === 'rich') {
    const fragment = entry.get(key);
    if (!(fragment instanceof Y.XmlFragment)) throw new CvError(`Missing field ${collection}.${key}`, key);
    if (def.kind === 'plain') {
      if (typeof value !== 'string') throw new CvError(`${collection}.${key} must be text`, key);
      setPlainText(fragment, value);
    } else {
      writeRich(fragment, typeof value === 'string' ? textToBlocks(value) : Array.isArray(value) ? value : []);
    }
    return;
  }
  const valid = value === null || (def.kind === 'skillLevel' ? isSkillLevel(value) : isCefrLevel(value));
  if (!valid) throw new CvError(`Invalid value for ${collection}.${key}`, key);
  if (value === null) entry.delete(key);
  else entry.set(key, value);
}

/**
 * Adds an entry with the given fields after `afterId` (null: first; omitted: last) in one transaction and
 * returns its id. `id` may be given (restoring a version keeps the ids of its entries).
 */
export function addEntry(
  doc: Y.Doc,
  collection: CollectionKey,
  fields: Record<string, EntryFieldValue> = {},
  afterId?: string | null,
  options: { id?: string; origin?: unknown } = {}
): string {
  const id = options.id ?? newEntryId();
  checkEntryFields(collection, fields);
  doc.transact(() => {
    const map = collectionMap(doc, collection);
    if (map.has(id)) throw new CvError(`Entry ${id} exists`, 'id');
    if (map.size >= (collection === 'links' ? MAX_LINKS : MAX_ENTRIES_PER_SECTION)) throw new CvError(`Too many entries in ${collection}`, collection);
    const others = orderedEntries(doc, collection);
    const index = placementIndex(others, afterId === undefined ? { beforeId: null } : { afterId });
    const entry = new Y.Map<unknown>();
    map.set(id, entry);
    entry.set('order', keyAt(others, index));
    fillEntry(entry, collection);
    for (const [key, value] of Object.entries(fields)) writeEntryField(entry, collection, key, value);
  }, options.origin ?? null);
  return id;
}

export function removeEntry(doc: Y.Doc, collection: CollectionKey, id: string, origin: unknown = null): void {
  doc.transact(() => {
    const map = collectionMap(doc, collection);
    if (!map.has(id)) throw new CvError(`No entry ${id}`, 'id');
    map.delete(id);
  }, origin);
}

/**
 * Moves an entry by giving it a new fractional key: the entry map itself stays, so concurrent edits inside it
 * survive, and two concurrent moves of one entry end with one of the two positions, never a duplicate.
 */
export function moveEntry(doc: Y.Doc, collection: CollectionKey, id: string, placement: Placement, origin: unknown = null): void {
  doc.transact(() => {
    const all = orderedEntries(doc, collection);
    const self = all.find((e) => e.id === id);
    if (!self) throw new CvError(`No entry ${id}`, 'id');
    if (('afterId' in placement ? placement.afterId : placement.beforeId) === id) return;
    const others = all.filter((e) => e.id !== id);
    self.map.set('order', keyAt(others, placementIndex(others, placement)));
  }, origin);
}

/** Writes fields of an existing entry (plain text, rich blocks or level values) in one transaction. */
export function updateEntry(
  doc: Y.Doc,
  collection: CollectionKey,
  id: string,
  fields: Record<string, EntryFieldValue>,
  origin: unknown = null
): void {
  checkEntryFields(collection, fields);
  doc.transact(() => {
    const entry = collectionMap(doc, collection).get(id);
    if (!(entry instanceof Y.Map)) throw new CvError(`No entry ${id}`, 'id');
    for (const [key, value] of Object.entries(fields)) writeEntryField(entry, collection, key, value);
  }, origin);
}

/** A level value of an entry (`skills.level`, `languages.level`), or null when unset or invalid. */
export function entryValue(doc: Y.Doc, collection: CollectionKey, id: string, key: string): number | string | null {
  const entry = collectionMap(doc, collection).get(id);
  const value = entry instanceof Y.Map ? entry.get(key) : undefined;
  const def = collectionFields(collection).find((f) => f.key === key);
  if (def?.kind === 'skillLevel') return isSkillLevel(value) ? (value as number) : null;
  if (def?.kind === 'cefrLevel') return isCefrLevel(value) ? value : null;
  return null;
}

/** The fragment of a text field, or null when the path names nothing in this document. */
export function findField(doc: Y.Doc, path: string): Y.XmlFragment | null {
  const parsed = parseFieldPath(path);
  if (!parsed || !isCvInitialised(doc)) return null;
  let value: unknown;
  if (parsed.kind === 'summary') value = cvRoot(doc).get('summary');
  else if (parsed.kind === 'header') value = headerMap(doc).get(parsed.field);
  else {
    const entry = collectionMap(doc, parsed.collection).get(parsed.id);
    value = entry instanceof Y.Map ? entry.get(parsed.field) : undefined;
  }
  return value instanceof Y.XmlFragment ? value : null;
}

/** The fragment of a text field; throws CvError when the path names nothing in this document. */
export function getField(doc: Y.Doc, path: string): Y.XmlFragment {
  const fragment = findField(doc, path);
  if (!fragment) throw new CvError(`No field ${path}`, 'field');
  return fragment;
}

export interface CvMeta {
  template: CvTemplate;
  locale: CvLocale;
  /** null: the default order (SECTION_KEYS). */
  sectionOrder: SectionKey[] | null;
}

/** Section keys in display order: the stored order's valid keys, then any section it does not mention. */
export function normaliseSectionOrder(order: readonly unknown[] | null | undefined): SectionKey[] {
  const seen = new Set<SectionKey>();
  for (const key of order ?? []) if (isSectionKey(key)) seen.add(key);
  for (const key of SECTION_KEYS) seen.add(key);
  return [...seen];
}

export function getMeta(doc: Y.Doc): CvMeta {
  const meta = cvRoot(doc).get('meta');
  const get = (key: string): unknown => (meta instanceof Y.Map ? meta.get(key) : undefined);
  const template = get('template');
  const locale = get('locale');
  const order = get('sectionOrder');
  return {
    template: (CV_TEMPLATES as readonly unknown[]).includes(template) ? (template as CvTemplate) : 'classic',
    locale: (CV_LOCALES as readonly unknown[]).includes(locale) ? (locale as CvLocale) : 'fr',
    sectionOrder: Array.isArray(order) ? normaliseSectionOrder(order) : null
  };
}

export function setMeta(doc: Y.Doc, patch: Partial<CvMeta>, origin: unknown = null): void {
  if (patch.template !== undefined && !CV_TEMPLATES.includes(patch.template)) throw new CvError('Invalid template', 'template');
  if (patch.locale !== undefined && !CV_LOCALES.includes(patch.locale)) throw new CvError('Invalid locale', 'locale');
  doc.transact(() => {
    const meta = cvRoot(doc).get('meta');
    if (!(meta instanceof Y.Map)) throw new CvError('The CV is not initialised');
    if (patch.template !== undefined) meta.set('template', patch.template);
    if (patch.locale !== undefined) meta.set('locale', patch.locale);
    if (patch.sectionOrder === null) meta.delete('sectionOrder');
    else if (patch.sectionOrder !== undefined) meta.set('sectionOrder', normaliseSectionOrder(patch.sectionOrder));
  }, origin);
}
