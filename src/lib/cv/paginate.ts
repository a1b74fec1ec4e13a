// The live preview's pages. The CV becomes a flat list of blocks (the header, a heading, an entry's head, one
// paragraph or list item of rich text, one skill …), which is the finest grain at which a page may break: a line
// is never cut in half. The preview measures the blocks once in a hidden copy and `pageStarts` decides where each
// page begins, as the PDF (server/cv) does with its keep-together rules: a heading stays with what follows it, an
// entry's head with its first line of description. Pure functions only, so they are tested without a browser.
import type { CvJson, CvTemplate, RichBlock, RichRun, SectionKey } from '$shared/cv';
// relative: unit tests run without SvelteKit's aliases
import { dateRange, orderedSections, type RenderedSection } from '../shared/cv/sections.ts';
import type { CvWords } from './cv-words';

/** Space before a block, by what precedes it (the stylesheet gives each its height); none at a page's top. */
export type Gap = 'none' | 'section' | 'heading' | 'entry' | 'rich' | 'para' | 'item' | 'grid';

export interface ListInfo {
  /** Same id for the items of one list, so the renderer groups them into one <ul>/<ol>. */
  id: string;
  /** grid: rows of two items (each row a block), read as one list of items. */
  kind: 'bullet' | 'ordered' | 'plain' | 'grid';
}

export type BlockBody =
  | { kind: 'header'; name: string; headline: string; contact: string }
  | { kind: 'monogram'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'entry'; title: string; date: string; where: string }
  | { kind: 'rich'; runs: RichRun[]; number: number }
  | { kind: 'item'; text: string; detail: string }
  /** One row of a two-column grid (skills, languages in the classic template, as the PDF prints them). */
  | { kind: 'pair'; cells: Cell[] }
  | { kind: 'text'; text: string }
  | { kind: 'empty' };

export interface Cell {
  text: string;
  detail: string;
}

export type Block = BlockBody & {
  key: string;
  gap: Gap;
  /** Never the last block of a page when what follows it can go with it. */
  keepWithNext: boolean;
  list?: ListInfo;
};

/** The two flows of a page: the main column, and the modern template's band (empty for classic). */
export interface PreviewBlocks {
  main: Block[];
  band: Block[];
}

const BAND: readonly SectionKey[] = ['languages', 'skills', 'interests'];
const MAIN: readonly SectionKey[] = ['experience', 'education', 'volunteering', 'certificates', 'custom'];

type AnyEntry = Record<string, unknown> & { id: string };
const str = (e: AnyEntry, key: string) => (typeof e[key] === 'string' ? (e[key] as string) : '');
const joined = (...parts: string[]) => parts.map((p) => p.trim()).filter(Boolean).join(', ');
const richOf = (value: unknown): RichBlock[] => (Array.isArray(value) ? (value as RichBlock[]) : []);

/** Collects blocks, deciding each one's gap from the one before (the first of a flow has none). */
class FlowBuilder {
  readonly blocks: Block[] = [];

  push(body: BlockBody, key: string, gap: Gap, keepWithNext = false, list?: ListInfo): void {
    this.blocks.push({ ...body, key, gap: this.blocks.length ? gap : 'none', keepWithNext, ...(list ? { list } : {}) });
  }

  heading(text: string, key: string): void {
    this.push({ kind: 'heading', text }, key, 'section', true);
  }

  /** Paragraphs and list items; numbering restarts after anything that is not a numbered item (as in the PDF). */
  rich(blocks: readonly RichBlock[], owner: string, firstGap: Gap): void {
    let number = 0;
    let list: ListInfo | undefined;
    blocks.forEach((block, i) => {
      const previous = blocks[i - 1];
      number = block.type === 'ordered' ? number + 1 : 0;
      if (block.type === 'paragraph') list = undefined;
      else if (!list || previous?.type !== block.type) list = { id: `${owner}:l${i}`, kind: block.type };
      const gap: Gap = i === 0 ? firstGap : list && previous?.type === block.type ? 'item' : 'para';
      this.push({ kind: 'rich', runs: block.runs, number }, `${owner}:${i}`, gap, false, list);
    });
  }

  items(items: Cell[], owner: string): void {
    const list: ListInfo = { id: `${owner}:list`, kind: 'plain' };
    items.forEach((item, i) => this.push({ kind: 'item', ...item }, `${owner}:${i}`, i === 0 ? 'heading' : 'item', false, list));
  }

  /** Two items a row: a page breaks between rows, never inside one. */
  grid(items: Cell[], owner: string): void {
    const list: ListInfo = { id: `${owner}:grid`, kind: 'grid' };
    for (let i = 0; i < items.length; i += 2) {
      this.push({ kind: 'pair', cells: items.slice(i, i + 2) }, `${owner}:r${i / 2}`, i === 0 ? 'heading' : 'grid', false, list);
    }
  }
}

/**
 * One section's blocks. Skills and languages are a two-column grid in the main column (classic), a plain list in
 * the modern template's narrow band: where the PDF puts them.
 */
function section(flow: FlowBuilder, s: RenderedSection, words: CvWords, inBand: boolean): void {
  const list = s.entries as unknown as AnyEntry[];
  const key = `s:${s.key}`;
  if (s.key === 'custom') {
    // every custom entry is a section of its own, headed by its title
    for (const e of list) {
      flow.heading(str(e, 'title').trim() || words.section('custom'), `${key}:${e.id}`);
      flow.rich(richOf(e.body), e.id, 'heading');
    }
    return;
  }
  flow.heading(words.section(s.key), key);
  const cells = (items: Cell[]) => (inBand ? flow.items(items, key) : flow.grid(items, key));
  if (s.key === 'skills') {
    cells(list.map((e) => ({ text: str(e, 'name'), detail: typeof e.level === 'number' ? words.skillLevel(e.level) : '' })));
  } else if (s.key === 'languages') {
    const detail = (level: unknown) => {
      if (typeof level !== 'string') return '';
      const name = words.cefr(level as 'A1');
      return inBand ? `${level} (${name})` : `${level} · ${name}`;
    };
    cells(list.map((e) => ({ text: str(e, 'language'), detail: detail(e.level) })));
  } else if (s.key === 'interests') {
    const text = list.map((e) => str(e, 'name').trim()).filter(Boolean).join(' · ');
    flow.push({ kind: 'text', text }, `${key}:text`, 'heading');
  } else if (s.key === 'certificates') {
    list.forEach((e, i) =>
      flow.push({ kind: 'entry', title: str(e, 'name'), date: str(e, 'date'), where: str(e, 'issuer').trim() }, e.id, i === 0 ? 'heading' : 'entry')
    );
  } else {
    list.forEach((e, i) => {
      const title = str(e, s.key === 'education' ? 'degree' : s.key === 'volunteering' ? 'role' : 'title');
      const where =
        s.key === 'education'
          ? joined(str(e, 'school'), str(e, 'place'))
          : s.key === 'volunteering'
            ? joined(str(e, 'organisation'), str(e, 'place'))
            : joined(str(e, 'employer'), str(e, 'place'));
      const description = richOf(e.description);
      const date = dateRange(str(e, 'start'), str(e, 'end'), words.present);
      // an entry's head stays with the first line of its description
      flow.push({ kind: 'entry', title, date, where }, e.id, i === 0 ? 'heading' : 'entry', description.length > 0);
      flow.rich(description, e.id, 'rich');
    });
  }
}

/** The contact lines of the header, empty ones left out (a link prints "label: url", or whichever exists). */
export function contactLines(json: CvJson): string[] {
  const h = json.header;
  const links = h.links.filter((l) => l.url.trim() || l.label.trim()).map((l) => (l.label.trim() ? `${l.label}: ${l.url}` : l.url));
  return [h.email, h.phone, h.commune, ...links].filter((v) => v.trim() !== '');
}

/** First letters of the first and last words of the name, as the PDF's monogram ("Noël Dubœuf" → "ND"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (!words.length) return '';
  const first = (w: string) => (/\p{L}/u.exec(w)?.[0] ?? '').toLocaleUpperCase();
  return words.length === 1 ? first(words[0]) : first(words[0]) + first(words[words.length - 1]);
}

/** The CV as the blocks of the template's flows, in print order. */
export function previewBlocks(json: CvJson, template: CvTemplate, words: CvWords): PreviewBlocks {
  const modern = template === 'modern';
  const h = json.header;
  const contact = contactLines(json);
  const main = new FlowBuilder();
  main.push({ kind: 'header', name: h.name, headline: h.headline.trim(), contact: modern ? '' : contact.join(' · ') }, 'header', 'none');
  // as in the PDF: a profile with no words in it (the field emptied) has no heading either
  const summary = json.summary.some((b) => b.runs.some((r) => r.text.trim()));
  if (summary) {
    main.heading(words.section('summary'), 's:summary');
    main.rich(json.summary, 'summary', 'heading');
  }
  const all = orderedSections(json);
  for (const s of modern ? orderedSections(json, MAIN) : all) section(main, s, words, false);
  const empty = !h.name.trim() && !h.headline.trim() && contact.length === 0 && !summary && all.length === 0;
  if (empty) main.push({ kind: 'empty' }, 'empty', 'section');

  const band = new FlowBuilder();
  if (modern) {
    const letters = initials(h.name);
    if (letters) band.push({ kind: 'monogram', text: letters }, 'monogram', 'none');
    if (contact.length) {
      band.heading(words.contact, 'contact');
      band.items(contact.map((text) => ({ text, detail: '' })), 'contact');
    }
    for (const s of orderedSections(json, BAND)) section(band, s, words, true);
  }
  return { main: main.blocks, band: band.blocks };
}

/** Where a block sits in one continuous column, in CSS pixels from the column's top (its own gap excluded). */
export interface BlockBox {
  top: number;
  bottom: number;
  keepWithNext?: boolean;
}

/**
 * The index of the first block of each page (always starting with 0). A page holds blocks from its first one's
 * top to its last one's bottom within `pageHeight`; the gap before a page's first block is dropped. When a
 * block does not fit, the page breaks before it, or before the blocks kept with it (a heading, an entry's head),
 * unless they fill the page from its top. A block taller than any page (a very long paragraph on a phone)
 * stays where it starts, with its heading, and its page grows to hold it (it moves to the next page with its
 * heading only when less than a quarter of the page is left): nothing is ever left out.
 */
export function pageStarts(boxes: readonly BlockBox[], pageHeight: number, tolerance = 0.5): number[] {
  const starts = [0];
  if (!(pageHeight > 0)) return starts;
  const oversized = (i: number) => boxes[i].bottom - boxes[i].top > pageHeight + tolerance;
  let start = 0;
  for (let i = start + 1; i < boxes.length; i++) {
    if (boxes[i].bottom - boxes[start].top <= pageHeight + tolerance) continue;
    // a block taller than any page starts where it is, unless less than a quarter of the page is left
    if (oversized(i) && boxes[i].top - boxes[start].top < pageHeight * 0.75) continue;
    let at = i;
    while (at - 1 > start && boxes[at - 1].keepWithNext && !oversized(at - 1)) at--;
    // the chain kept together starts at the page's top and still does not fit: break inside it
    if (at === start + 1 && boxes[start].keepWithNext) at = i;
    starts.push(at);
    start = at;
    i = at;
  }
  return starts;
}

/** The blocks of each page of a flow, given its page starts; pages past the flow's end are empty. */
export function slicePages<T>(blocks: readonly T[], starts: readonly number[], pages: number): T[][] {
  return Array.from({ length: pages }, (_v, k) => {
    const from = k < starts.length ? Math.min(starts[k], blocks.length) : blocks.length;
    const to = k + 1 < starts.length ? Math.min(starts[k + 1], blocks.length) : blocks.length;
    return blocks.slice(from, Math.max(from, to));
  });
}

export type Run<T extends { list?: ListInfo }> = { list: ListInfo; items: T[] } | { list: null; items: [T] };

/** Consecutive list items of one list grouped, so each page's part of a list is one <ul>/<ol>. */
export function groupLists<T extends { list?: ListInfo }>(blocks: readonly T[]): Run<T>[] {
  const out: Run<T>[] = [];
  for (const block of blocks) {
    const last = out[out.length - 1];
    if (block.list && last?.list && last.list.id === block.list.id) last.items.push(block);
    else if (block.list) out.push({ list: block.list, items: [block] });
    else out.push({ list: null, items: [block] });
  }
  return out;
}

export function sameStarts(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
