// What the server itself does to a board or a draft (as the server, with its own client id): seed the columns,
// copy revealed draft cards onto the board, change an anonymous card for its author, read everything back for
// the summary. The shapes are those of model.ts; movable things are keyed Y.Maps with an order key.
import { randomBytes } from 'node:crypto';
import { generateKeyBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { BOARD_ROOT, DRAFT_ROOT, type ActionData, type CardColour, type CardData, type ColumnData, type DraftCardData, type GroupData } from '../../../src/lib/shared/workshops/model.ts';

export const BOARD_COLLECTIONS = ['columns', 'cards', 'groups', 'actions'] as const;

/** An id no client can predict or collide with. */
export const newItemId = () => randomBytes(9).toString('base64url');

/** Creates the board's four collections when missing (the schema marks them fixed: only the server makes them). */
export function prepareBoard(doc: Y.Doc): void {
  const root = doc.getMap(BOARD_ROOT);
  doc.transact(() => {
    for (const c of BOARD_COLLECTIONS) if (!(root.get(c) instanceof Y.Map)) root.set(c, new Y.Map());
  });
}

export function prepareDraft(doc: Y.Doc): void {
  const root = doc.getMap(DRAFT_ROOT);
  if (!(root.get('cards') instanceof Y.Map)) root.set('cards', new Y.Map());
}

const collection = (doc: Y.Doc, name: (typeof BOARD_COLLECTIONS)[number]) => doc.getMap(BOARD_ROOT).get(name) as Y.Map<Y.Map<unknown>>;

function toMap(values: object): Y.Map<unknown> {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) m.set(k, v);
  return m;
}

/** Whether a key is one `fractional-indexing` can place after (a writer may store any short string as `order`). */
export function isOrderKey(key: string): boolean {
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

/**
 * The last valid order key among the items. Keys that are not fractional-indexing keys (a writer's "~") are
 * skipped: placing after one would throw, and one such card must not stop every reveal into its column.
 */
function lastOrder(items: Iterable<Y.Map<unknown>>, filter: (m: Y.Map<unknown>) => boolean = () => true): string | null {
  let last: string | null = null;
  for (const m of items) {
    const o = m.get('order');
    if (filter(m) && typeof o === 'string' && (last === null || o > last) && isOrderKey(o)) last = o;
  }
  return last;
}

/** Replaces the board's columns (before the start: no card hangs on them yet). Ids are kept by position. */
export function seedColumns(doc: Y.Doc, columns: { id: string; title: string; prompt: string; colour: CardColour }[]): void {
  prepareBoard(doc);
  const cols = collection(doc, 'columns');
  doc.transact(() => {
    for (const key of [...cols.keys()]) if (!columns.some((c) => c.id === key)) cols.delete(key);
    let order: string | null = null;
    for (const c of columns) {
      order = generateKeyBetween(order, null);
      const data: ColumnData = { title: c.title, prompt: c.prompt, colour: c.colour, order };
      cols.set(c.id, toMap(data));
    }
  });
}

export interface NewCard {
  text: string;
  column: string;
  colour?: CardColour;
  author: { id: string; name: string } | null;
  createdAt: string;
}

/** Adds cards at the end of their columns; returns their ids. The author fields exist only when named. */
export function addCards(doc: Y.Doc, cards: NewCard[]): string[] {
  prepareBoard(doc);
  const cols = collection(doc, 'columns');
  const board = collection(doc, 'cards');
  const ids: string[] = [];
  doc.transact(() => {
    for (const c of cards) {
      const column = cols.has(c.column) ? c.column : ([...cols.keys()][0] ?? '');
      const colour = c.colour ?? ((cols.get(column)?.get('colour') as CardColour | undefined) ?? 'yellow');
      const order = generateKeyBetween(lastOrder(board.values(), (m) => m.get('column') === column), null);
      const data: CardData = {
        text: c.text.slice(0, 500),
        colour,
        column,
        group: '',
        order,
        anonymous: c.author === null,
        createdAt: c.createdAt,
        ...(c.author ? { authorId: c.author.id, authorName: c.author.name } : {})
      };
      const id = newItemId();
      board.set(id, toMap(data));
      ids.push(id);
    }
  });
  return ids;
}

export function hasItem(doc: Y.Doc, name: (typeof BOARD_COLLECTIONS)[number], id: string): boolean {
  return collection(doc, name)?.get(id) instanceof Y.Map;
}

/** Changes a card's text, or deletes it (null). False when there is no such card. */
export function editCard(doc: Y.Doc, cardId: string, text: string | null): boolean {
  const cards = collection(doc, 'cards');
  const card = cards.get(cardId);
  if (!(card instanceof Y.Map)) return false;
  if (text === null) cards.delete(cardId);
  else card.set('text', text);
  return true;
}

export function draftCards(doc: Y.Doc): { id: string; card: DraftCardData }[] {
  const cards = doc.getMap(DRAFT_ROOT).get('cards');
  if (!(cards instanceof Y.Map)) return [];
  const out: { id: string; card: DraftCardData }[] = [];
  for (const [id, m] of cards as Y.Map<Y.Map<unknown>>) {
    if (!(m instanceof Y.Map)) continue;
    const text = m.get('text');
    if (typeof text !== 'string' || text.trim() === '') continue;
    out.push({ id, card: { text, column: String(m.get('column') ?? ''), order: String(m.get('order') ?? '') } });
  }
  return out.sort((a, b) => (a.card.order < b.card.order ? -1 : a.card.order > b.card.order ? 1 : 0));
}

/** Removes revealed cards from a draft, so that the draft keeps only what is still private. */
export function removeDraftCards(doc: Y.Doc, ids: string[]): void {
  const cards = doc.getMap(DRAFT_ROOT).get('cards');
  if (!(cards instanceof Y.Map)) return;
  doc.transact(() => ids.forEach((id) => cards.delete(id)));
}

export interface BoardContent {
  columns: (ColumnData & { id: string })[];
  cards: (CardData & { id: string })[];
  groups: (GroupData & { id: string })[];
  actions: (ActionData & { id: string })[];
}

const byOrder = <T extends { order: string }>(a: T, b: T) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0);

function read<T>(doc: Y.Doc, name: (typeof BOARD_COLLECTIONS)[number]): (T & { id: string })[] {
  const m = doc.getMap(BOARD_ROOT).get(name);
  if (!(m instanceof Y.Map)) return [];
  const out: (T & { id: string })[] = [];
  for (const [id, item] of m as Y.Map<Y.Map<unknown>>) if (item instanceof Y.Map) out.push({ ...(item.toJSON() as T), id });
  return out;
}

export function readBoard(doc: Y.Doc): BoardContent {
  return {
    columns: read<ColumnData>(doc, 'columns').sort(byOrder),
    cards: read<CardData>(doc, 'cards').sort(byOrder),
    groups: read<GroupData>(doc, 'groups').sort(byOrder),
    actions: read<ActionData>(doc, 'actions').sort(byOrder)
  };
}
