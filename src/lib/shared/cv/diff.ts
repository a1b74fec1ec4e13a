// Differences between two CVs (typically a named version and the current CV), per section, for the UI to
// highlight: entries added, removed, changed (with a word-level text diff per field) and moved.
import { diffWordsWithSpace } from 'diff';
import { HEADER_FIELDS, SECTION_KEYS, type SectionKey } from './schema.ts';
import { collectionFields, type CollectionKey } from './model.ts';
import type { CvJson } from './json.ts';
import type { RichBlock } from './rich.ts';
import { longestIncreasing } from './increasing.ts';

export interface TextSegment {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface FieldDiff {
  field: string;
  before: string;
  after: string;
  segments: TextSegment[];
  /** Same text, different bold/italic or list kind. */
  formattingOnly: boolean;
}

type AnyEntry = { id: string } & Record<string, unknown>;

export interface CollectionDiff {
  added: { id: string; index: number; entry: AnyEntry }[];
  removed: { id: string; index: number; entry: AnyEntry }[];
  changed: { id: string; fields: FieldDiff[] }[];
  /** Entries whose place among the others changed (a minimal set: the rest kept their relative order). */
  moved: { id: string; from: number; to: number }[];
}

export interface MetaDiff {
  field: 'template' | 'locale' | 'sectionOrder';
  before: unknown;
  after: unknown;
}

export interface CvDiff {
  header: FieldDiff[];
  links: CollectionDiff;
  summary: FieldDiff | null;
  sections: Record<SectionKey, CollectionDiff>;
  meta: MetaDiff[];
  /** False when the two CVs are the same. */
  changed: boolean;
}

/** Text of a rich field for comparison, one line per block, list items marked as they print. */
export function richToComparableText(blocks: readonly RichBlock[]): string {
  let number = 0;
  return blocks
    .map((block) => {
      number = block.type === 'ordered' ? number + 1 : 0;
      const text = block.runs.map((r) => r.text).join('');
      return block.type === 'bullet' ? `• ${text}` : block.type === 'ordered' ? `${number}. ${text}` : text;
    })
    .join('\n');
}

/** Word-level segments turning `before` into `after`. */
export function diffText(before: string, after: string): TextSegment[] {
  if (before === after) return before ? [{ op: 'equal', text: before }] : [];
  return diffWordsWithSpace(before, after).map((change) => ({
    op: change.added ? 'insert' : change.removed ? 'delete' : 'equal',
    text: change.value
  }));
}

function comparable(value: unknown): string {
  if (Array.isArray(value)) return richToComparableText(value as RichBlock[]);
  if (value === null || value === undefined) return '';
  return String(value);
}

function fieldDiff(field: string, before: unknown, after: unknown): FieldDiff | null {
  if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return null;
  const a = comparable(before);
  const b = comparable(after);
  return { field, before: a, after: b, segments: diffText(a, b), formattingOnly: a === b };
}

export function diffCollection(collection: CollectionKey, before: readonly AnyEntry[], after: readonly AnyEntry[]): CollectionDiff {
  const beforeIndex = new Map(before.map((e, i) => [e.id, i]));
  const afterIndex = new Map(after.map((e, i) => [e.id, i]));
  const result: CollectionDiff = { added: [], removed: [], changed: [], moved: [] };
  before.forEach((entry, index) => {
    if (!afterIndex.has(entry.id)) result.removed.push({ id: entry.id, index, entry });
  });
  const common: AnyEntry[] = [];
  after.forEach((entry, index) => {
    const old = beforeIndex.has(entry.id) ? before[beforeIndex.get(entry.id) as number] : undefined;
    if (!old) {
      result.added.push({ id: entry.id, index, entry });
      return;
    }
    common.push(entry);
    const fields = collectionFields(collection)
      .map((def) => fieldDiff(def.key, old[def.key], entry[def.key]))
      .filter((d): d is FieldDiff => d !== null);
    if (fields.length) result.changed.push({ id: entry.id, fields });
  });
  const order = common.map((e) => beforeIndex.get(e.id) as number);
  const stable = longestIncreasing(order, (a, b) => a - b);
  common.forEach((entry, i) => {
    if (!stable.has(i)) result.moved.push({ id: entry.id, from: beforeIndex.get(entry.id) as number, to: afterIndex.get(entry.id) as number });
  });
  return result;
}

const collectionChanged = (d: CollectionDiff): boolean => d.added.length + d.removed.length + d.changed.length + d.moved.length > 0;

/** What changed from `before` (e.g. a saved version) to `after` (e.g. the current CV). */
export function diffCv(before: CvJson, after: CvJson): CvDiff {
  const header = HEADER_FIELDS.map((def) => fieldDiff(def.key, before.header[def.key], after.header[def.key])).filter(
    (d): d is FieldDiff => d !== null
  );
  const links = diffCollection('links', before.header.links, after.header.links);
  const summary = fieldDiff('summary', before.summary, after.summary);
  const sections = {} as Record<SectionKey, CollectionDiff>;
  for (const key of SECTION_KEYS) {
    sections[key] = diffCollection(key, before.sections[key] as AnyEntry[], after.sections[key] as AnyEntry[]);
  }
  const meta: MetaDiff[] = (['template', 'locale', 'sectionOrder'] as const)
    .filter((field) => JSON.stringify(before.meta[field]) !== JSON.stringify(after.meta[field]))
    .map((field) => ({ field, before: before.meta[field], after: after.meta[field] }));
  const changed =
    header.length > 0 || summary !== null || meta.length > 0 || collectionChanged(links) || SECTION_KEYS.some((k) => collectionChanged(sections[k]));
  return { header, links, summary, sections, meta, changed };
}
