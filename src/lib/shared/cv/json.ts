// A plain, ordered projection of the whole CV (for the preview, the PDF, versions, diff and import/export), its
// zod schema (imports and restores are validated against the schema's limits), and the way back: rewriting the
// live document to equal a projection as one new change.
import * as Y from 'yjs';
import { z } from 'zod';
import { generateNKeysBetween } from 'fractional-indexing';
import {
  CEFR_LEVELS,
  CV_LOCALES,
  CV_TEMPLATES,
  HEADER_FIELDS,
  LINK_FIELDS,
  MAX_ENTRIES_PER_SECTION,
  MAX_LINKS,
  SECTION_FIELDS,
  SECTION_KEYS,
  SKILL_LEVEL_MAX,
  SKILL_LEVEL_MIN,
  SUMMARY_MAX,
  type FieldDef,
  type SectionKey
} from './schema.ts';
import { longestIncreasing } from './increasing.ts';
import { blocksToText, plainText, readRich, setPlainText, writeRich, type RichBlock } from './rich.ts';
import {
  addEntry,
  collectionFields,
  collectionMap,
  cvRoot,
  entryValue,
  getMeta,
  initCv,
  orderedEntries,
  setMeta,
  type CollectionKey,
  type EntryFieldValue,
  type OrderedEntry
} from './model.ts';

const MAX_BLOCKS = 300;

const runSchema = z.strictObject({
  text: z.string().max(10_000),
  bold: z.boolean().optional(),
  italic: z.boolean().optional()
});
const blockSchema = z.strictObject({
  type: z.enum(['paragraph', 'bullet', 'ordered']),
  runs: z.array(runSchema).max(500)
});

function richSchema(max: number) {
  return z
    .array(blockSchema)
    .max(MAX_BLOCKS)
    .refine((blocks) => blocksToText(blocks).length <= max, { message: `At most ${max} characters` });
}

function fieldMax(defs: readonly FieldDef[], key: string): number {
  const def = defs.find((d) => d.key === key);
  if (!def?.max) throw new Error(`No limit declared for ${key}`);
  return def.max;
}

const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Invalid id');
const plainOf = (defs: readonly FieldDef[], key: string) =>
  z
    .string()
    .max(fieldMax(defs, key))
    .refine((s) => !s.includes('\n'), { message: 'One line only' });
const richOf = (defs: readonly FieldDef[], key: string) => richSchema(fieldMax(defs, key));

const F = SECTION_FIELDS;
const linkSchema = z.strictObject({ id: idSchema, label: plainOf(LINK_FIELDS, 'label'), url: plainOf(LINK_FIELDS, 'url') });
const experienceSchema = z.strictObject({
  id: idSchema,
  title: plainOf(F.experience, 'title'),
  employer: plainOf(F.experience, 'employer'),
  place: plainOf(F.experience, 'place'),
  start: plainOf(F.experience, 'start'),
  end: plainOf(F.experience, 'end'),
  description: richOf(F.experience, 'description')
});
const educationSchema = z.strictObject({
  id: idSchema,
  degree: plainOf(F.education, 'degree'),
  school: plainOf(F.education, 'school'),
  place: plainOf(F.education, 'place'),
  start: plainOf(F.education, 'start'),
  end: plainOf(F.education, 'end'),
  description: richOf(F.education, 'description')
});
const skillSchema = z.strictObject({
  id: idSchema,
  name: plainOf(F.skills, 'name'),
  level: z.number().int().min(SKILL_LEVEL_MIN).max(SKILL_LEVEL_MAX).nullable()
});
const languageSchema = z.strictObject({ id: idSchema, language: plainOf(F.languages, 'language'), level: z.enum(CEFR_LEVELS).nullable() });
const certificateSchema = z.strictObject({
  id: idSchema,
  name: plainOf(F.certificates, 'name'),
  issuer: plainOf(F.certificates, 'issuer'),
  date: plainOf(F.certificates, 'date')
});
const volunteeringSchema = z.strictObject({
  id: idSchema,
  role: plainOf(F.volunteering, 'role'),
  organisation: plainOf(F.volunteering, 'organisation'),
  place: plainOf(F.volunteering, 'place'),
  start: plainOf(F.volunteering, 'start'),
  end: plainOf(F.volunteering, 'end'),
  description: richOf(F.volunteering, 'description')
});
const interestSchema = z.strictObject({ id: idSchema, name: plainOf(F.interests, 'name') });
const customSchema = z.strictObject({ id: idSchema, title: plainOf(F.custom, 'title'), body: richOf(F.custom, 'body') });

const uniqueIds = <T extends { id: string }>(entries: T[]): boolean => new Set(entries.map((e) => e.id)).size === entries.length;
const collection = <T extends z.ZodType<{ id: string }>>(entry: T, max = MAX_ENTRIES_PER_SECTION) =>
  z.array(entry).max(max).refine(uniqueIds, { message: 'Duplicate entry id' });

export const cvJsonSchema = z.strictObject({
  meta: z.strictObject({
    template: z.enum(CV_TEMPLATES),
    locale: z.enum(CV_LOCALES),
    sectionOrder: z.array(z.enum(SECTION_KEYS)).max(SECTION_KEYS.length).nullable()
  }),
  header: z.strictObject({
    name: plainOf(HEADER_FIELDS, 'name'),
    headline: plainOf(HEADER_FIELDS, 'headline'),
    email: plainOf(HEADER_FIELDS, 'email'),
    phone: plainOf(HEADER_FIELDS, 'phone'),
    commune: plainOf(HEADER_FIELDS, 'commune'),
    links: collection(linkSchema, MAX_LINKS)
  }),
  summary: richSchema(SUMMARY_MAX),
  sections: z.strictObject({
    experience: collection(experienceSchema),
    education: collection(educationSchema),
    skills: collection(skillSchema),
    languages: collection(languageSchema),
    certificates: collection(certificateSchema),
    volunteering: collection(volunteeringSchema),
    interests: collection(interestSchema),
    custom: collection(customSchema)
  })
});

export type CvJson = z.infer<typeof cvJsonSchema>;
export type CvSections = CvJson['sections'];
export type CvEntry<S extends SectionKey> = CvSections[S][number];
export type LinkEntry = z.infer<typeof linkSchema>;

/** Validates untrusted input; the error names the first offending field as a path (`sections.skills.0.level`). */
export function parseCvJson(input: unknown): { ok: true; value: CvJson } | { ok: false; field: string; message: string } {
  const result = cvJsonSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return { ok: false, field: issue.path.map(String).join('.') || '(root)', message: issue.message };
}

function readEntry(entry: OrderedEntry, collection: CollectionKey, doc: Y.Doc): Record<string, unknown> {
  const out: Record<string, unknown> = { id: entry.id };
  for (const def of collectionFields(collection)) {
    const value = entry.map.get(def.key);
    if (def.kind === 'plain') out[def.key] = value instanceof Y.XmlFragment ? plainText(value) : '';
    else if (def.kind === 'rich') out[def.key] = value instanceof Y.XmlFragment ? readRich(value) : [];
    else out[def.key] = entryValue(doc, collection, entry.id, def.key);
  }
  return out;
}

export function emptyCvJson(): CvJson {
  return {
    meta: { template: 'classic', locale: 'fr', sectionOrder: null },
    header: { name: '', headline: '', email: '', phone: '', commune: '', links: [] },
    summary: [],
    sections: {
      experience: [],
      education: [],
      skills: [],
      languages: [],
      certificates: [],
      volunteering: [],
      interests: [],
      custom: []
    }
  };
}

/** The whole CV as plain data, entries in display order. An uninitialised document reads as an empty CV. */
export function cvToJson(doc: Y.Doc): CvJson {
  const json = emptyCvJson();
  const root = cvRoot(doc);
  const header = root.get('header');
  if (!(header instanceof Y.Map)) return json;
  json.meta = getMeta(doc);
  for (const def of HEADER_FIELDS) {
    const fragment = header.get(def.key);
    json.header[def.key] = fragment instanceof Y.XmlFragment ? plainText(fragment) : '';
  }
  json.header.links = orderedEntries(doc, 'links').map((e) => readEntry(e, 'links', doc) as LinkEntry);
  const summary = root.get('summary');
  json.summary = summary instanceof Y.XmlFragment ? readRich(summary) : [];
  for (const section of SECTION_KEYS) {
    (json.sections[section] as unknown[]) = orderedEntries(doc, section).map((e) => readEntry(e, section, doc));
  }
  return json;
}

const sameOrder = (a: OrderedEntry, b: OrderedEntry): number =>
  a.order < b.order ? -1 : a.order > b.order ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Gives the entries `ids` (all present) the order of `ids`, re-keying as few entries as possible. */
function applyOrder(doc: Y.Doc, collection: CollectionKey, ids: string[]): void {
  const byId = new Map(orderedEntries(doc, collection).map((e) => [e.id, e]));
  const wanted = ids.map((id) => byId.get(id) as OrderedEntry);
  const keep = longestIncreasing(wanted, sameOrder);
  let i = 0;
  while (i < wanted.length) {
    if (keep.has(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < wanted.length && !keep.has(j)) j++;
    const before = i > 0 ? wanted[i - 1].order : null;
    const after = j < wanted.length ? wanted[j].order : null;
    let keys: string[];
    try {
      keys = before !== null && after !== null && before >= after ? [] : generateNKeysBetween(before, after, j - i);
    } catch {
      keys = [];
    }
    if (keys.length !== j - i) {
      // kept neighbours tie or carry invalid keys: renumber the whole collection
      generateNKeysBetween(null, null, wanted.length).forEach((key, k) => wanted[k].map.set('order', key));
      return;
    }
    for (let k = i; k < j; k++) {
      wanted[k].map.set('order', keys[k - i]);
      wanted[k].order = keys[k - i];
    }
    i = j;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function applyCollection(doc: Y.Doc, collection: CollectionKey, entries: readonly Record<string, unknown>[]): void {
  const map = collectionMap(doc, collection);
  const wanted = new Set(entries.map((e) => e.id as string));
  for (const id of [...map.keys()]) if (!wanted.has(id)) map.delete(id);
  for (const entry of entries) {
    const id = entry.id as string;
    const fields: Record<string, EntryFieldValue> = {};
    for (const def of collectionFields(collection)) fields[def.key] = entry[def.key] as EntryFieldValue;
    const existing = map.get(id);
    if (!(existing instanceof Y.Map)) {
      addEntry(doc, collection, fields, undefined, { id });
      continue;
    }
    for (const def of collectionFields(collection)) {
      const value = fields[def.key];
      const current = existing.get(def.key);
      if (def.kind === 'plain' && current instanceof Y.XmlFragment) setPlainText(current, value as string);
      else if (def.kind === 'rich' && current instanceof Y.XmlFragment) writeRich(current, value as RichBlock[]);
      else if (def.kind === 'skillLevel' || def.kind === 'cefrLevel') {
        if (!sameValue(entryValue(doc, collection, id, def.key), value)) {
          if (value === null) existing.delete(def.key);
          else existing.set(def.key, value);
        }
      } else addEntryFieldMissing(existing, def, value);
    }
  }
  applyOrder(doc, collection, entries.map((e) => e.id as string));
}

// A text field missing from an old entry (before `upgradeCv` ran): create it with its content.
function addEntryFieldMissing(entry: Y.Map<unknown>, def: FieldDef, value: EntryFieldValue): void {
  const fragment = new Y.XmlFragment();
  entry.set(def.key, fragment);
  if (def.kind === 'plain') setPlainText(fragment, value as string);
  else writeRich(fragment, (value as RichBlock[]) ?? []);
}

/**
 * Rewrites the live document to equal `json` in one transaction with `origin`: a new change on top of the
 * history (restoring a version never rewinds it). Entries are matched by id; an unchanged field, entry or
 * order key is not touched, so comments and concurrent edits elsewhere are unharmed. Throws CvError-like
 * `Error` with the field named when `json` is invalid, before changing anything.
 */
export function applyCvJson(doc: Y.Doc, json: CvJson, origin: unknown = null): void {
  const parsed = parseCvJson(json);
  if (!parsed.ok) throw new InvalidCvJson(parsed.field, parsed.message);
  const value = parsed.value;
  doc.transact(() => {
    initCv(doc, origin);
    const root = cvRoot(doc);
    const header = root.get('header') as Y.Map<unknown>;
    for (const def of HEADER_FIELDS) {
      const fragment = header.get(def.key);
      if (fragment instanceof Y.XmlFragment) setPlainText(fragment, value.header[def.key]);
    }
    applyCollection(doc, 'links', value.header.links);
    const summary = root.get('summary');
    if (summary instanceof Y.XmlFragment) writeRich(summary, value.summary);
    for (const section of SECTION_KEYS) {
      applyCollection(doc, section, value.sections[section] as unknown as Record<string, unknown>[]);
    }
    const meta = getMeta(doc);
    const patch: Parameters<typeof setMeta>[1] = {};
    if (meta.template !== value.meta.template) patch.template = value.meta.template;
    if (meta.locale !== value.meta.locale) patch.locale = value.meta.locale;
    if (!sameValue(meta.sectionOrder, value.meta.sectionOrder)) patch.sectionOrder = value.meta.sectionOrder;
    if (Object.keys(patch).length) setMeta(doc, patch);
  }, origin);
}

export class InvalidCvJson extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidCvJson';
  }
}
