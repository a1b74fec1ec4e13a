// The board as the page shows it: columns in order, each with its groups (and their cards) and the cards outside
// groups. A card whose column or group no longer exists (someone removed it meanwhile) is still shown: in the
// first column, outside groups, so nothing written disappears from view.
import type * as Y from 'yjs';
import { readActions, readCards, readColumns, readGroups, type Action, type Card, type Column, type Group } from './board-doc';

export interface GroupView extends Group {
  cards: Card[];
}
export interface ColumnView extends Column {
  groups: GroupView[];
  /** Cards outside any group. */
  loose: Card[];
  /** Every card of the column, grouped or not. */
  count: number;
}
export interface BoardView {
  columns: ColumnView[];
  actions: Action[];
  /** Every card by id. */
  cards: Map<string, Card>;
  groups: Map<string, Group>;
}

export function buildBoardView(columns: Column[], groups: Group[], cards: Card[], actions: Action[]): BoardView {
  const columnIds = new Set(columns.map((c) => c.id));
  const groupById = new Map(groups.filter((g) => columnIds.has(g.column)).map((g) => [g.id, g]));
  const fallback = columns[0]?.id ?? '';
  const placed = cards.map((card) => {
    const column = columnIds.has(card.column) ? card.column : fallback;
    const group = groupById.get(card.group)?.column === column ? card.group : '';
    return column === card.column && group === card.group ? card : { ...card, column, group };
  });
  return {
    columns: columns.map((column) => {
      const own = placed.filter((c) => c.column === column.id);
      return {
        ...column,
        groups: [...groupById.values()].filter((g) => g.column === column.id).map((g) => ({ ...g, cards: own.filter((c) => c.group === g.id) })),
        loose: own.filter((c) => c.group === ''),
        count: own.length
      };
    }),
    actions,
    cards: new Map(placed.map((c) => [c.id, c])),
    groups: groupById
  };
}

export function readBoard(doc: Y.Doc): BoardView {
  return buildBoardView(readColumns(doc), readGroups(doc), readCards(doc), readActions(doc));
}
