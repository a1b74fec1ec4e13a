// What a rendering of the CV (the live preview, the PDF) shows and in which order, so that both agree.
import { SECTION_KEYS, sectionHeadingKey, type SectionKey } from './schema.ts';
import { normaliseSectionOrder } from './model.ts';
import { blocksToText, type RichBlock } from './rich.ts';
import type { CvEntry, CvJson } from './json.ts';

export interface RenderedSection<S extends SectionKey = SectionKey> {
  key: S;
  /** i18n key of the heading (`cv.section.<key>`); a custom section's heading is its entry's title. */
  headingKey: string;
  entries: CvEntry<S>[];
}

/** An entry with nothing typed in (just added) is not shown. */
export function isBlankEntry(entry: object): boolean {
  return Object.entries(entry).every(([key, value]) => {
    if (key === 'id') return true;
    if (value === null || value === undefined) return true;
    if (typeof value === 'string') return value.trim() === '';
    if (Array.isArray(value)) return blocksToText(value as RichBlock[]).trim() === '';
    return false;
  });
}

/** Non-empty sections in the CV's order (meta.sectionOrder, else the default), blank entries left out. */
export function orderedSections(json: CvJson, only: readonly SectionKey[] = SECTION_KEYS): RenderedSection[] {
  const out: RenderedSection[] = [];
  for (const key of normaliseSectionOrder(json.meta.sectionOrder)) {
    if (!only.includes(key)) continue;
    const entries = (json.sections[key] as object[]).filter((e) => !isBlankEntry(e));
    if (entries.length) out.push({ key, headingKey: sectionHeadingKey(key), entries } as RenderedSection);
  }
  return out;
}

/** "2019 – 2023", "2019 – <present>" when only the start is known, or whichever date exists. */
export function dateRange(start: string, end: string, present: string): string {
  const s = start.trim();
  const e = end.trim();
  if (s && e) return `${s} – ${e}`;
  if (s) return `${s} – ${present}`;
  return e;
}
