// My private draft during private writing (`draft:<workshopId>:<userId>`, opened only by me and the server):
// cards per column, in order. Its content never reaches anyone else; the server copies it onto the board at reveal.
import * as Y from 'yjs';
import { BOARD_LIMITS, DRAFT_ROOT, type DraftCardData } from '../shared/workshops/model';
import { newId } from './board-doc';
import { orderKeyLast, sortByOrder } from './order';

export interface DraftCard extends DraftCardData {
  id: string;
}

function cardsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> | null {
  const cards = doc.getMap<unknown>(DRAFT_ROOT).get('cards');
  return cards instanceof Y.Map ? (cards as Y.Map<Y.Map<unknown>>) : null;
}

export function readDraft(doc: Y.Doc): DraftCard[] {
  const out: DraftCard[] = [];
  cardsMap(doc)?.forEach((entry, id) => {
    if (!(entry instanceof Y.Map)) return;
    const get = (k: string) => (typeof entry.get(k) === 'string' ? (entry.get(k) as string) : '');
    out.push({ id, text: get('text').slice(0, BOARD_LIMITS.cardText), column: get('column'), order: get('order') });
  });
  return sortByOrder(out);
}

export function addDraftCard(doc: Y.Doc, column: string, text: string, origin: unknown): string {
  const id = newId();
  const siblings = readDraft(doc).filter((c) => c.column === column);
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set('text', text.slice(0, BOARD_LIMITS.cardText));
    entry.set('column', column);
    entry.set('order', orderKeyLast(siblings));
    cardsMap(doc)?.set(id, entry);
  }, origin);
  return id;
}

export function setDraftText(doc: Y.Doc, id: string, text: string, origin: unknown): void {
  const entry = cardsMap(doc)?.get(id);
  if (entry instanceof Y.Map) doc.transact(() => entry.set('text', text.slice(0, BOARD_LIMITS.cardText)), origin);
}

export function removeDraftCard(doc: Y.Doc, id: string, origin: unknown): void {
  const map = cardsMap(doc);
  if (map?.has(id)) doc.transact(() => map.delete(id), origin);
}
