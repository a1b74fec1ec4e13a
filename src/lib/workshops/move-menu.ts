// The keyboard (and screen-reader) way to move a card, beside pointer drag-and-drop: a "Move to…" menu listing
// where the card can go — up or down where it is, another column, a group, a new group — and the sentence
// announced once it moved. Pure: the menu component renders these, the board applies the chosen one.
import type { BoardView } from './board-view';
import type { Place } from './board-doc';

export type MoveTarget =
  | { kind: 'up' | 'down' | 'top' | 'bottom' }
  | { kind: 'column'; column: string; title: string }
  | { kind: 'group'; column: string; group: string; title: string }
  | { kind: 'new_group'; column: string };

export interface MoveOption {
  target: MoveTarget;
  /** Message key and values for the menu item. */
  key: string;
  values?: Record<string, string | number>;
}

/** Where the card is: its place and its index among the cards of that place. */
export function locate(board: BoardView, cardId: string): { place: Place; index: number; size: number } | null {
  const card = board.cards.get(cardId);
  if (!card) return null;
  const column = board.columns.find((c) => c.id === card.column);
  if (!column) return null;
  const list = card.group ? (column.groups.find((g) => g.id === card.group)?.cards ?? []) : column.loose;
  return { place: { column: card.column, group: card.group }, index: list.findIndex((c) => c.id === cardId), size: list.length };
}

const untitled = (title: string, fallback: string) => title.trim() || fallback;

/**
 * The options for one card. `groups` offers grouping (only during the grouping activity, or to facilitators);
 * `untitledGroup` names a group without a title.
 */
export function moveOptions(board: BoardView, cardId: string, { groups, untitledGroup }: { groups: boolean; untitledGroup: string }): MoveOption[] {
  const at = locate(board, cardId);
  if (!at) return [];
  const options: MoveOption[] = [];
  if (at.index > 0) options.push({ target: { kind: 'top' }, key: 'workshops.move.top' }, { target: { kind: 'up' }, key: 'workshops.move.up' });
  if (at.index < at.size - 1) options.push({ target: { kind: 'down' }, key: 'workshops.move.down' }, { target: { kind: 'bottom' }, key: 'workshops.move.bottom' });
  for (const column of board.columns) {
    if (column.id !== at.place.column || at.place.group !== '') {
      options.push({ target: { kind: 'column', column: column.id, title: column.title }, key: 'workshops.move.toColumn', values: { column: column.title } });
    }
    if (!groups) continue;
    for (const group of column.groups) {
      if (group.id === at.place.group) continue;
      const title = untitled(group.title, untitledGroup);
      options.push({ target: { kind: 'group', column: column.id, group: group.id, title }, key: 'workshops.move.toGroup', values: { group: title, column: column.title } });
    }
  }
  if (groups) options.push({ target: { kind: 'new_group', column: at.place.column }, key: 'workshops.move.newGroup' });
  return options;
}

/** The place and index a target means for this card (a new group is made by the caller first, then moved into). */
export function resolveMove(board: BoardView, cardId: string, target: MoveTarget): { place: Place; index: number } | null {
  const at = locate(board, cardId);
  if (!at) return null;
  switch (target.kind) {
    case 'top':
      return { place: at.place, index: 0 };
    case 'up':
      return { place: at.place, index: Math.max(0, at.index - 1) };
    case 'down':
      // Among the siblings without the card itself, one further down is index + 1.
      return { place: at.place, index: Math.min(at.size - 1, at.index + 1) };
    case 'bottom':
      return { place: at.place, index: at.size };
    case 'column':
      return { place: { column: target.column, group: '' }, index: Number.MAX_SAFE_INTEGER };
    case 'group':
      return { place: { column: target.column, group: target.group }, index: Number.MAX_SAFE_INTEGER };
    case 'new_group':
      return null;
  }
}

/** What a screen reader hears once the card moved: where it is now, as "position n of m in <place>". */
export function announcement(board: BoardView, cardId: string, untitledGroup: string): { key: string; values: Record<string, string | number> } | null {
  const at = locate(board, cardId);
  const card = board.cards.get(cardId);
  if (!at || !card) return null;
  const column = board.columns.find((c) => c.id === at.place.column);
  const group = column?.groups.find((g) => g.id === at.place.group);
  const values = { text: card.text.slice(0, 60), position: at.index + 1, of: at.size, column: column?.title ?? '' };
  return group
    ? { key: 'workshops.move.announceGroup', values: { ...values, group: untitled(group.title, untitledGroup) } }
    : { key: 'workshops.move.announceColumn', values };
}
