// Reads and writes the content of a field's Y.XmlFragment in the exact layout that y-prosemirror (through
// @tiptap/y-tiptap) keeps for Tiptap's StarterKit: one Y.XmlElement per node named after the node type
// (`paragraph`, `bulletList`, `orderedList`, `listItem`, `hardBreak`), text in Y.XmlText whose formatting
// attributes are the marks (`bold: {}`, `italic: {}`). Anything else an editor may have stored (headings,
// quotes, code, nested lists) is read as plain blocks so that no text is ever hidden from a reader.
import * as Y from 'yjs';

export interface RichRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type RichBlockType = 'paragraph' | 'bullet' | 'ordered';

export interface RichBlock {
  type: RichBlockType;
  runs: RichRun[];
}

const LIST_NODE: Record<'bullet' | 'ordered', string> = { bullet: 'bulletList', ordered: 'orderedList' };

// y-prosemirror stores overlapping marks as `name--hash`; bold and italic are not overlapping but stay tolerant.
const markName = (attr: string): string => attr.replace(/--[a-zA-Z0-9+/=]{8}$/, '');

function runsEqual(a: RichRun, b: RichRun): boolean {
  return !!a.bold === !!b.bold && !!a.italic === !!b.italic;
}

/** Drops empty runs, joins neighbours with the same marks and leaves `bold`/`italic` only when true. */
export function normaliseRuns(runs: readonly RichRun[]): RichRun[] {
  const out: RichRun[] = [];
  for (const run of runs) {
    if (run.text === '') continue;
    const last = out[out.length - 1];
    if (last && runsEqual(last, run)) {
      last.text += run.text;
    } else {
      const copy: RichRun = { text: run.text };
      if (run.bold) copy.bold = true;
      if (run.italic) copy.italic = true;
      out.push(copy);
    }
  }
  return out;
}

function readInline(parent: Y.XmlElement | Y.XmlFragment, runs: RichRun[]): void {
  for (const child of parent.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
        if (typeof op.insert !== 'string') continue;
        const names = Object.keys(op.attributes ?? {}).map(markName);
        runs.push({ text: op.insert, bold: names.includes('bold'), italic: names.includes('italic') });
      }
    } else if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') runs.push({ text: '\n' });
      else readInline(child, runs);
    }
  }
}

function readBlocks(node: Y.XmlElement | Y.XmlText, listType: 'bullet' | 'ordered' | null, out: RichBlock[]): void {
  if (node instanceof Y.XmlText) {
    const runs: RichRun[] = [];
    readInline(wrapText(node), runs);
    out.push({ type: listType ?? 'paragraph', runs: normaliseRuns(runs) });
    return;
  }
  switch (node.nodeName) {
    case 'bulletList':
    case 'orderedList': {
      const type = node.nodeName === 'bulletList' ? 'bullet' : 'ordered';
      for (const item of node.toArray()) {
        if (item instanceof Y.XmlElement) readBlocks(item, type, out);
      }
      return;
    }
    case 'listItem':
    case 'blockquote':
      // a list item holds paragraphs and maybe a nested list; every paragraph becomes one item
      for (const child of node.toArray()) readBlocks(child as Y.XmlElement | Y.XmlText, listType, out);
      return;
    default: {
      const runs: RichRun[] = [];
      readInline(node, runs);
      out.push({ type: listType ?? 'paragraph', runs: normaliseRuns(runs) });
    }
  }
}

// A stray Y.XmlText at block level (never written by Tiptap) is read through a throwaway parent-like view.
function wrapText(text: Y.XmlText): Y.XmlFragment {
  return { toArray: () => [text] } as unknown as Y.XmlFragment;
}

/** The field's content as blocks; an empty field is `[]` (one empty paragraph reads as nothing). */
export function readRich(fragment: Y.XmlFragment): RichBlock[] {
  const out: RichBlock[] = [];
  for (const child of fragment.toArray()) readBlocks(child as Y.XmlElement | Y.XmlText, null, out);
  return trimEmptyBlocks(out);
}

function trimEmptyBlocks(blocks: RichBlock[]): RichBlock[] {
  if (blocks.length === 1 && blocks[0].type === 'paragraph' && blocks[0].runs.length === 0) return [];
  return blocks;
}

/** Text of a field: blocks joined by newlines, marks dropped. */
export function plainText(fragment: Y.XmlFragment): string {
  return blocksToText(readRich(fragment));
}

export function blocksToText(blocks: readonly RichBlock[]): string {
  return blocks.map((b) => b.runs.map((r) => r.text).join('')).join('\n');
}

/** Blocks holding `text` as paragraphs, one per line (used for plain text given where rich text is expected). */
export function textToBlocks(text: string): RichBlock[] {
  if (text === '') return [];
  return text.split('\n').map((line) => ({ type: 'paragraph', runs: line ? [{ text: line }] : [] }));
}

/** Top-level nodes as Tiptap groups them: a paragraph alone, consecutive list items of one kind in one list. */
type Group = { kind: 'paragraph' | 'bullet' | 'ordered'; blocks: RichBlock[] };

function groupBlocks(blocks: readonly RichBlock[]): Group[] {
  const groups: Group[] = [];
  for (const block of blocks) {
    const last = groups[groups.length - 1];
    if (block.type !== 'paragraph' && last && last.kind === block.type) last.blocks.push(block);
    else groups.push({ kind: block.type, blocks: [block] });
  }
  return groups;
}

function groupKey(group: Group): string {
  return JSON.stringify([group.kind, group.blocks.map((b) => normaliseRuns(b.runs))]);
}

function buildParagraph(runs: readonly RichRun[]): Y.XmlElement {
  const paragraph = new Y.XmlElement('paragraph');
  const children: (Y.XmlText | Y.XmlElement)[] = [];
  let delta: { insert: string; attributes?: Record<string, object> }[] = [];
  const flush = (): void => {
    if (delta.length === 0) return;
    const text = new Y.XmlText();
    text.applyDelta(delta);
    children.push(text);
    delta = [];
  };
  for (const run of normaliseRuns(runs)) {
    const attributes: Record<string, object> = {};
    if (run.bold) attributes.bold = {};
    if (run.italic) attributes.italic = {};
    const lines = run.text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) {
        flush();
        children.push(new Y.XmlElement('hardBreak'));
      }
      if (line) delta.push(Object.keys(attributes).length ? { insert: line, attributes } : { insert: line });
    });
  }
  flush();
  if (children.length) paragraph.insert(0, children);
  return paragraph;
}

function buildGroup(group: Group): Y.XmlElement {
  if (group.kind === 'paragraph') return buildParagraph(group.blocks[0].runs);
  const list = new Y.XmlElement(LIST_NODE[group.kind]);
  // y-prosemirror writes every non-null node attribute; orderedList's `start` defaults to 1 (`type` is null)
  if (group.kind === 'ordered') list.setAttribute('start', 1 as unknown as string);
  list.insert(
    0,
    group.blocks.map((block) => {
      const item = new Y.XmlElement('listItem');
      item.insert(0, [buildParagraph(block.runs)]);
      return item;
    })
  );
  return list;
}

function readGroups(fragment: Y.XmlFragment): string[] {
  return fragment.toArray().map((node) => {
    const blocks: RichBlock[] = [];
    readBlocks(node as Y.XmlElement | Y.XmlText, null, blocks);
    const kind =
      node instanceof Y.XmlElement && node.nodeName === 'bulletList'
        ? 'bullet'
        : node instanceof Y.XmlElement && node.nodeName === 'orderedList'
          ? 'ordered'
          : node instanceof Y.XmlElement && node.nodeName === 'paragraph'
            ? 'paragraph'
            : 'other';
    return JSON.stringify([kind, blocks.map((b) => normaliseRuns(b.runs))]);
  });
}

/**
 * Makes the field hold `blocks`, touching only the top-level nodes that differ (an unchanged paragraph or list
 * keeps its identity, so comments anchored in it and concurrent edits inside it survive). An empty content is
 * stored as one empty paragraph, as Tiptap would, so that two editors opening an empty field never both insert
 * their own first paragraph. Call inside a transaction to group it with other changes.
 */
export function writeRich(fragment: Y.XmlFragment, blocks: readonly RichBlock[]): void {
  const target = groupBlocks(blocks.length ? blocks : [{ type: 'paragraph', runs: [] }]);
  const wanted = target.map(groupKey);
  const current = readGroups(fragment);
  let prefix = 0;
  while (prefix < wanted.length && prefix < current.length && wanted[prefix] === current[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < wanted.length - prefix &&
    suffix < current.length - prefix &&
    wanted[wanted.length - 1 - suffix] === current[current.length - 1 - suffix]
  ) {
    suffix++;
  }
  const removeCount = current.length - prefix - suffix;
  const middle = target.slice(prefix, target.length - suffix);
  const apply = (): void => {
    // as many nodes changed as replace them: edit each inside, so that unchanged words keep their identity
    if (removeCount === middle.length) {
      middle.forEach((group, i) => {
        if (updateNode(fragment.get(prefix + i), group)) return;
        fragment.delete(prefix + i, 1);
        fragment.insert(prefix + i, [buildGroup(group)]);
      });
      return;
    }
    if (removeCount > 0) fragment.delete(prefix, removeCount);
    if (middle.length) fragment.insert(prefix, middle.map(buildGroup));
  };
  if (fragment.doc) fragment.doc.transact(apply);
  else apply();
}

function updateNode(node: unknown, group: Group): boolean {
  if (!(node instanceof Y.XmlElement)) return false;
  if (group.kind === 'paragraph') return node.nodeName === 'paragraph' && updateParagraph(node, group.blocks[0].runs);
  if (node.nodeName !== LIST_NODE[group.kind]) return false;
  const items = node.toArray();
  // only simple items (one paragraph each) are edited in place
  const paragraphs = items.map((item) =>
    item instanceof Y.XmlElement && item.nodeName === 'listItem' && item.length === 1 && item.get(0) instanceof Y.XmlElement
      ? (item.get(0) as Y.XmlElement)
      : null
  );
  if (paragraphs.some((p) => p === null || p.nodeName !== 'paragraph')) return false;
  const key = (runs: readonly RichRun[]): string => JSON.stringify(normaliseRuns(runs));
  const current = (paragraphs as Y.XmlElement[]).map((p) => {
    const runs: RichRun[] = [];
    readInline(p, runs);
    return key(runs);
  });
  const wanted = group.blocks.map((b) => key(b.runs));
  const { start, end } = commonEdgesOf(current, wanted);
  const removeCount = current.length - start - end;
  const middle = group.blocks.slice(start, group.blocks.length - end);
  if (removeCount === middle.length) {
    middle.forEach((block, i) => {
      if (updateParagraph(paragraphs[start + i] as Y.XmlElement, block.runs)) return;
      const item = node.get(start + i) as Y.XmlElement;
      item.delete(0, item.length);
      item.insert(0, [buildParagraph(block.runs)]);
    });
    return true;
  }
  if (removeCount > 0) node.delete(start, removeCount);
  if (middle.length) {
    node.insert(
      start,
      middle.map((block) => {
        const item = new Y.XmlElement('listItem');
        item.insert(0, [buildParagraph(block.runs)]);
        return item;
      })
    );
  }
  return true;
}

/** Rewrites a paragraph of unbroken text with the smallest text edit, then sets the marks run by run. */
function updateParagraph(paragraph: Y.XmlElement, runs: readonly RichRun[]): boolean {
  const list = normaliseRuns(runs);
  if (list.some((r) => r.text.includes('\n'))) return false;
  if (paragraph.length === 0) {
    if (list.length) paragraph.insert(0, [textFromRuns(list)]);
    return true;
  }
  const text = paragraph.length === 1 ? paragraph.get(0) : null;
  if (!(text instanceof Y.XmlText)) return false;
  const before = (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  const after = list.map((r) => r.text).join('');
  const { start, end } = commonEdges(before, after);
  if (before.length - start - end > 0) text.delete(start, before.length - start - end);
  const inserted = after.slice(start, after.length - end);
  if (inserted) text.insert(start, inserted, {});
  let at = 0;
  for (const run of list) {
    // Yjs only records a format where the attribute actually changes
    text.format(at, run.text.length, { bold: run.bold ? {} : null, italic: run.italic ? {} : null });
    at += run.text.length;
  }
  return true;
}

function textFromRuns(runs: readonly RichRun[]): Y.XmlText {
  const text = new Y.XmlText();
  text.applyDelta(
    runs.map((run) => {
      const attributes: Record<string, object> = {};
      if (run.bold) attributes.bold = {};
      if (run.italic) attributes.italic = {};
      return Object.keys(attributes).length ? { insert: run.text, attributes } : { insert: run.text };
    })
  );
  return text;
}

function commonEdgesOf(a: readonly string[], b: readonly string[]): { start: number; end: number } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return { start, end };
}

/**
 * Makes a plain field hold `text` (newlines become spaces: a plain field is one line) with the smallest
 * character edit, so that a comment on an unchanged word keeps its anchor.
 */
export function setPlainText(fragment: Y.XmlFragment, text: string): void {
  const wanted = text.replace(/\s*\n\s*/g, ' ');
  const apply = (): void => {
    const first = fragment.length === 1 ? fragment.get(0) : null;
    const paragraph = first instanceof Y.XmlElement && first.nodeName === 'paragraph' ? first : null;
    const only = paragraph && paragraph.length === 1 ? paragraph.get(0) : null;
    if (paragraph && paragraph.length === 0) {
      if (wanted) paragraph.insert(0, [new Y.XmlText(wanted)]);
      return;
    }
    if (!(only instanceof Y.XmlText) || hasFormatting(only)) {
      writeRich(fragment, []);
      const fresh = fragment.get(0) as Y.XmlElement;
      if (fresh.length) fresh.delete(0, fresh.length);
      if (wanted) fresh.insert(0, [new Y.XmlText(wanted)]);
      return;
    }
    const current = only.toString();
    if (current === wanted) return;
    const { start, end } = commonEdges(current, wanted);
    if (current.length - start - end > 0) only.delete(start, current.length - start - end);
    const inserted = wanted.slice(start, wanted.length - end);
    if (inserted) only.insert(start, inserted);
  };
  if (fragment.doc) fragment.doc.transact(apply);
  else apply();
}

function hasFormatting(text: Y.XmlText): boolean {
  return (text.toDelta() as { attributes?: object }[]).some((op) => op.attributes && Object.keys(op.attributes).length);
}

/** A new field holding one empty paragraph (see writeRich for why fields are never empty). */
export function newField(): Y.XmlFragment {
  const fragment = new Y.XmlFragment();
  fragment.insert(0, [new Y.XmlElement('paragraph')]);
  return fragment;
}

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Lengths of the common prefix and suffix of a and b, never splitting a surrogate pair (Yjs would store a
 * lone surrogate as U+FFFD). */
export function commonEdges(a: string, b: string): { start: number; end: number } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  if (start > 0 && isHigh(a.charCodeAt(start - 1))) start--;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  if (end > 0 && isLow(a.charCodeAt(a.length - end))) end--;
  return { start, end };
}
