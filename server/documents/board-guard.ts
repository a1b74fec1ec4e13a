// Who may change what on a workshop's board, checked on every writer's update before the server applies it,
// from the workshop's live state (the current activity, the lock). Beyond the schema:
// - nobody writes in someone else's name: a new card's authorId is the writer's own, its authorName theirs;
// - an anonymous card never carries author fields (its author is known to the server only), and the author
//   fields of an existing card never change;
// - a card's text changes only by its named author (anonymous cards are edited through `workshop:edit_my_card`,
//   done by the server) or a lead;
// - participants create cards in check-in and check-out, move cards and make groups during 'group', write the
//   actions during 'actions', and nothing else; leads (facilitators, coordinators) also edit the columns.
import * as Y from 'yjs';
import type { ActivityKind } from '../../src/lib/shared/workshops/model.ts';
import { BOARD_ROOT } from '../../src/lib/shared/workshops/model.ts';
import { ALLOWED, inspectUpdate, refused, type Change, type GuardVerdict, type UpdateGuard, type YType } from '../collab/update-guard.ts';

export interface BoardWriter {
  lead: boolean;
  /** The current activity while live and unlocked; null otherwise (participants then write nothing). */
  activity: ActivityKind | null;
  /** The writer's name as the server knows it (for authorName). */
  name: string | undefined;
}

/** Finds who is writing to which board: null refuses the update (an unknown workshop, someone no longer in it). */
export type BoardWriterOf = (docName: string, userId: string) => BoardWriter | null;

const CARD_CREATORS: readonly ActivityKind[] = ['checkin', 'checkout'];
const MOVE_FIELDS = new Set(['column', 'group', 'order']);
const AUTHOR_FIELDS = new Set(['authorId', 'authorName', 'anonymous', 'createdAt']);

const itemKey = (id: Y.ID) => `${id.client}:${id.clock}`;
const field = (m: YType | null, key: string): unknown => (m instanceof Y.Map ? m.get(key) : undefined);

interface NewCard {
  authorId?: unknown;
  authorName?: unknown;
  anonymous?: unknown;
}

export function boardGuard(writerOf: BoardWriterOf): UpdateGuard {
  return (doc, update, { userId }, docName) => {
    const inspection = inspectUpdate(doc, update, BOARD_ROOT);
    if (!inspection.ok) return refused(inspection.reason);
    if (inspection.inserts.length === 0 && inspection.deletes.length === 0) return ALLOWED;
    const writer = docName ? writerOf(docName, userId) : null;
    if (!writer) return refused('not in this workshop');
    return check(writer, userId, inspection.inserts, inspection.deletes);
  };
}

function check(w: BoardWriter, userId: string, inserts: Change[], deletes: Change[]): GuardVerdict {
  const can = (what: 'cards' | 'move' | 'groups' | 'actions' | 'columns'): boolean => {
    if (w.lead) return true;
    switch (what) {
      case 'cards':
        return w.activity !== null && CARD_CREATORS.includes(w.activity);
      case 'move':
      case 'groups':
        return w.activity === 'group';
      case 'actions':
        return w.activity === 'actions';
      case 'columns':
        return false;
    }
  };
  const created = new Map<string, NewCard>();
  const written = new Set<string>();
  const deletedItems = new Set<string>();

  for (const i of inserts) {
    const collection = i.path[0]?.key;
    if (i.path.length === 0) return refused('the board’s collections are made by the server');
    if (i.path.length === 1) {
      // A new item under a new id (a value born deleted changes nothing).
      if (i.values.length === 0) continue;
      if (!(i.values[0] instanceof Y.Map)) return refused('an item of the board is a map');
      if (i.path[0].type instanceof Y.Map && i.key !== null && (i.path[0].type as Y.Map<unknown>).has(i.key)) return refused('an item is added under a new id');
      if (collection === 'cards') {
        if (!can('cards')) return refused('cards are not written on the board in this activity');
        created.set(itemKey(i.id), {});
      } else if (!can(collection === 'columns' ? 'columns' : collection === 'groups' ? 'groups' : 'actions')) {
        return refused(`${collection} do not change in this activity`);
      }
      continue;
    }
    if (i.path.length !== 2 || i.key === null) return refused('this part of the board does not change');
    const item = i.path[1];
    const isNew = item.type === null;
    if (collection === 'cards') {
      if (isNew) {
        const card = created.get(itemKey(item.id));
        if (!card) return refused('a card is a map');
        if (i.key === 'authorId' || i.key === 'authorName' || i.key === 'anonymous') card[i.key] = i.values[0];
        continue;
      }
      if (AUTHOR_FIELDS.has(i.key)) return refused('who wrote a card does not change');
      const ownNamed = field(item.type, 'authorId') === userId && field(item.type, 'anonymous') === false;
      if (MOVE_FIELDS.has(i.key)) {
        if (!can('move') && !(ownNamed && can('cards'))) return refused('cards are not moved in this activity');
      } else if (!w.lead && !(ownNamed && can('cards'))) {
        return refused('only its author changes a card');
      }
    } else if (!isNew) {
      const kind = collection === 'columns' ? 'columns' : collection === 'groups' ? 'groups' : 'actions';
      if (!can(kind)) return refused(`${collection} do not change in this activity`);
    }
    written.add(`${itemKey(item.id)}/${i.key}`);
  }

  for (const [, card] of created) {
    if (card.anonymous === true) {
      if (card.authorId !== undefined || card.authorName !== undefined) return refused('an anonymous card carries no author');
      if (!w.lead) return refused('anonymous cards are revealed by the server');
      continue;
    }
    if (card.authorId !== userId) return refused('a card is written in its author’s name only');
    if (w.name !== undefined && card.authorName !== w.name) return refused('a card carries its author’s own name');
  }

  // Items this update removes first: their fields go with them.
  for (const d of deletes) if (d.path.length === 1) deletedItems.add(itemKey(d.id));
  for (const d of deletes) {
    const collection = d.path[0]?.key;
    if (d.path.length === 1) {
      const item = d.values[0] as YType | undefined;
      if (collection === 'cards') {
        const ownNamed = field(item ?? null, 'authorId') === userId && field(item ?? null, 'anonymous') === false;
        if (!w.lead && !(ownNamed && can('cards'))) return refused('only its author removes a card');
      } else if (!can(collection === 'columns' ? 'columns' : collection === 'groups' ? 'groups' : 'actions')) {
        return refused(`${collection} do not change in this activity`);
      }
      continue;
    }
    if (d.path.length === 2) {
      if (deletedItems.has(itemKey(d.path[1].id))) continue;
      // The value a write replaces is deleted beside it.
      if (d.key !== null && written.has(`${itemKey(d.path[1].id)}/${d.key}`)) continue;
      return refused('a field of a board item is not removed');
    }
    return refused('this part of the board does not change');
  }
  return ALLOWED;
}
