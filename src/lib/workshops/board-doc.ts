// The board document (`board:<workshopId>`, $shared/workshops/model) as the interface reads and changes it. The
// server seeds the four keyed maps under the root `board`; each entry is a Y.Map of plain values, so that two
// people changing different fields of one card (its text, its place) both keep their change. Everything read
// here comes from other people's browsers: a missing or wrong-typed field reads as empty, never throws.
import * as Y from 'yjs';
import { uuidv4 } from 'lib0/random';
import { BOARD_LIMITS, BOARD_ROOT, CARD_COLOURS, type ActionData, type CardColour, type CardData, type ColumnData, type GroupData } from '../shared/workshops/model';
import { orderKeyAt, orderKeyLast, sortByOrder } from './order';

export type BoardCollection = 'columns' | 'cards' | 'groups' | 'actions';
const COLLECTIONS: readonly BoardCollection[] = ['columns', 'cards', 'groups', 'actions'];

export function boardRoot(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(BOARD_ROOT);
}

function collection(doc: Y.Doc, name: BoardCollection): Y.Map<Y.Map<unknown>> | null {
  const value = boardRoot(doc).get(name);
  return value instanceof Y.Map ? (value as Y.Map<Y.Map<unknown>>) : null;
}

/** Seeded by the server: the board can be shown once its four collections are there. */
export function isBoardReady(doc: Y.Doc): boolean {
  return COLLECTIONS.every((name) => collection(doc, name) !== null);
}

/** A new entry id (the server's schema accepts `[A-Za-z0-9_-]{1,40}`). */
export function newId(): string {
  return uuidv4().replace(/-/g, '').slice(0, 20);
}

const str = (entry: Y.Map<unknown>, key: string, max = 2000): string => {
  const v = entry.get(key);
  return typeof v === 'string' ? v.slice(0, max) : '';
};
const colour = (entry: Y.Map<unknown>): CardColour => {
  const v = entry.get('colour');
  return (CARD_COLOURS as readonly unknown[]).includes(v) ? (v as CardColour) : 'yellow';
};

export interface Column extends ColumnData {
  id: string;
}
export interface Card extends CardData {
  id: string;
}
export interface Group extends GroupData {
  id: string;
}
export interface Action extends ActionData {
  id: string;
}

function entries<T>(doc: Y.Doc, name: BoardCollection, read: (id: string, entry: Y.Map<unknown>) => T): T[] {
  const map = collection(doc, name);
  const out: T[] = [];
  map?.forEach((entry, id) => {
    if (entry instanceof Y.Map) out.push(read(id, entry));
  });
  return out;
}

export function readColumns(doc: Y.Doc): Column[] {
  return sortByOrder(
    entries(doc, 'columns', (id, e) => ({ id, title: str(e, 'title', BOARD_LIMITS.columnTitle), prompt: str(e, 'prompt', BOARD_LIMITS.columnPrompt), colour: colour(e), order: str(e, 'order') }))
  );
}

export function readCards(doc: Y.Doc): Card[] {
  return sortByOrder(
    entries(doc, 'cards', (id, e) => {
      const anonymous = e.get('anonymous') === true;
      const card: Card = {
        id,
        text: str(e, 'text', BOARD_LIMITS.cardText),
        colour: colour(e),
        column: str(e, 'column', 64),
        group: str(e, 'group', 64),
        order: str(e, 'order'),
        anonymous,
        createdAt: str(e, 'createdAt', 40)
      };
      if (!anonymous) {
        card.authorId = str(e, 'authorId', 64);
        card.authorName = str(e, 'authorName', 100);
      }
      return card;
    })
  );
}

export function readGroups(doc: Y.Doc): Group[] {
  return sortByOrder(entries(doc, 'groups', (id, e) => ({ id, title: str(e, 'title', BOARD_LIMITS.groupTitle), column: str(e, 'column', 64), order: str(e, 'order') })));
}

export function readActions(doc: Y.Doc): Action[] {
  return sortByOrder(
    entries(doc, 'actions', (id, e) => ({
      id,
      text: str(e, 'text', BOARD_LIMITS.actionText),
      ownerId: str(e, 'ownerId', 64),
      ownerName: str(e, 'ownerName', 100),
      due: /^\d{4}-\d{2}-\d{2}$/.test(str(e, 'due', 10)) ? str(e, 'due', 10) : '',
      done: e.get('done') === true,
      order: str(e, 'order')
    }))
  );
}

/** Adds an entry with all its fields in one transaction (nobody ever sees half an entry). */
function insert(doc: Y.Doc, name: BoardCollection, fields: Record<string, unknown>, origin: unknown): string {
  const id = newId();
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    for (const [k, v] of Object.entries(fields)) entry.set(k, v);
    collection(doc, name)?.set(id, entry);
  }, origin);
  return id;
}

function update(doc: Y.Doc, name: BoardCollection, id: string, fields: Record<string, unknown>, origin: unknown): boolean {
  const entry = collection(doc, name)?.get(id);
  if (!(entry instanceof Y.Map)) return false;
  doc.transact(() => {
    for (const [k, v] of Object.entries(fields)) if (entry.get(k) !== v) entry.set(k, v);
  }, origin);
  return true;
}

export function removeEntry(doc: Y.Doc, name: BoardCollection, id: string, origin: unknown): void {
  const map = collection(doc, name);
  if (map?.has(id)) doc.transact(() => map.delete(id), origin);
}

/** The cards of one place (a column outside groups, or a group), in order. */
export function cardsIn(cards: readonly Card[], column: string, group: string): Card[] {
  return cards.filter((c) => c.column === column && c.group === group);
}

export interface Author {
  id: string;
  name: string;
}

export function addCard(doc: Y.Doc, input: { column: string; text: string; colour: CardColour; author: Author }, origin: unknown): string {
  const siblings = cardsIn(readCards(doc), input.column, '');
  return insert(
    doc,
    'cards',
    {
      text: input.text.slice(0, BOARD_LIMITS.cardText),
      colour: input.colour,
      column: input.column,
      group: '',
      order: orderKeyLast(siblings),
      anonymous: false,
      authorId: input.author.id,
      authorName: input.author.name,
      createdAt: new Date().toISOString()
    },
    origin
  );
}

export function setCardText(doc: Y.Doc, id: string, text: string, origin: unknown): boolean {
  return update(doc, 'cards', id, { text: text.slice(0, BOARD_LIMITS.cardText) }, origin);
}

export function setCardColour(doc: Y.Doc, id: string, value: CardColour, origin: unknown): boolean {
  return update(doc, 'cards', id, { colour: value }, origin);
}

export interface Place {
  column: string;
  group: string;
}

/**
 * Moves a card to `index` within a place (a column outside groups, or a group). Only the card's own fields change:
 * two people moving it at once leave it in one place (the last move wins), never in two.
 */
export function moveCard(doc: Y.Doc, id: string, to: Place, index: number, origin: unknown): boolean {
  const siblings = cardsIn(readCards(doc), to.column, to.group).filter((c) => c.id !== id);
  return update(doc, 'cards', id, { column: to.column, group: to.group, order: orderKeyAt(siblings, index) }, origin);
}

export function addGroup(doc: Y.Doc, input: { column: string; title: string; cardIds: readonly string[] }, origin: unknown): string {
  let id = '';
  doc.transact(() => {
    const groups = readGroups(doc).filter((g) => g.column === input.column);
    id = insert(doc, 'groups', { title: input.title.slice(0, BOARD_LIMITS.groupTitle), column: input.column, order: orderKeyLast(groups) }, origin);
    input.cardIds.forEach((cardId, i) => moveCard(doc, cardId, { column: input.column, group: id }, i, origin));
  }, origin);
  return id;
}

export function setGroupTitle(doc: Y.Doc, id: string, title: string, origin: unknown): boolean {
  return update(doc, 'groups', id, { title: title.slice(0, BOARD_LIMITS.groupTitle) }, origin);
}

/** Removes a group; its cards stay in the column, after the cards outside groups. */
export function removeGroup(doc: Y.Doc, id: string, origin: unknown): void {
  doc.transact(() => {
    const group = readGroups(doc).find((g) => g.id === id);
    if (!group) return;
    for (const card of readCards(doc).filter((c) => c.group === id)) moveCard(doc, card.id, { column: group.column, group: '' }, Number.MAX_SAFE_INTEGER, origin);
    removeEntry(doc, 'groups', id, origin);
  }, origin);
}

export function addAction(doc: Y.Doc, input: { text: string; ownerId: string; ownerName: string; due: string }, origin: unknown): string {
  return insert(doc, 'actions', { text: input.text.slice(0, BOARD_LIMITS.actionText), ownerId: input.ownerId, ownerName: input.ownerName, due: input.due, done: false, order: orderKeyLast(readActions(doc)) }, origin);
}

export function updateAction(doc: Y.Doc, id: string, patch: Partial<Pick<ActionData, 'text' | 'ownerId' | 'ownerName' | 'due' | 'done'>>, origin: unknown): boolean {
  return update(doc, 'actions', id, patch, origin);
}

export function addColumn(doc: Y.Doc, input: { title: string; prompt: string; colour: CardColour }, origin: unknown): string {
  return insert(doc, 'columns', { ...input, order: orderKeyLast(readColumns(doc)) }, origin);
}

export function updateColumn(doc: Y.Doc, id: string, patch: Partial<Pick<ColumnData, 'title' | 'prompt' | 'colour'>>, origin: unknown): boolean {
  return update(doc, 'columns', id, patch, origin);
}
