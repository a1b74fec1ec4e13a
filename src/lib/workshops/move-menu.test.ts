import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, addColumn, addGroup, moveCard, readCards } from './board-doc';
import { readBoard } from './board-view';
import { announcement, locate, moveOptions, resolveMove } from './move-menu';
import { seedBoard } from './test-board';

const author = { id: 'u1', name: 'Nadia El Amrani' };

function board() {
  const doc = seedBoard(new Y.Doc());
  const strengths = addColumn(doc, { title: 'Mes forces', prompt: '', colour: 'green' }, null);
  const doubts = addColumn(doc, { title: 'Mes doutes', prompt: '', colour: 'pink' }, null);
  const a = addCard(doc, { column: strengths, text: 'Ponctuelle', colour: 'yellow', author }, null);
  const b = addCard(doc, { column: strengths, text: 'Bilingue français-néerlandais', colour: 'yellow', author }, null);
  const c = addCard(doc, { column: strengths, text: 'Permis B', colour: 'yellow', author }, null);
  const group = addGroup(doc, { column: doubts, title: 'Langues', cardIds: [] }, null);
  return { doc, strengths, doubts, a, b, c, group };
}

const opts = { groups: true, untitledGroup: 'Groupe sans titre' };

describe('the "move to…" menu', () => {
  it('offers the moves that change something, and grouping only when asked', () => {
    const { doc, b, a } = board();
    const view = readBoard(doc);
    const kinds = moveOptions(view, b, opts).map((o) => o.target.kind);
    expect(kinds).toEqual(['top', 'up', 'down', 'bottom', 'column', 'group', 'new_group']);
    // The first card cannot go up; without grouping no group is offered.
    const first = moveOptions(view, a, { ...opts, groups: false }).map((o) => o.key);
    expect(first).toEqual(['workshops.move.down', 'workshops.move.bottom', 'workshops.move.toColumn']);
  });

  it('moves down and up by one, to the top and bottom', () => {
    const { doc, a, b, c } = board();
    const apply = (id: string, kind: 'up' | 'down' | 'top' | 'bottom') => {
      const to = resolveMove(readBoard(doc), id, { kind })!;
      moveCard(doc, id, to.place, to.index, null);
      return readBoard(doc).columns[0].loose.map((x) => x.text);
    };
    expect(apply(a, 'down')).toEqual(['Bilingue français-néerlandais', 'Ponctuelle', 'Permis B']);
    expect(apply(a, 'down')).toEqual(['Bilingue français-néerlandais', 'Permis B', 'Ponctuelle']);
    expect(apply(a, 'top')).toEqual(['Ponctuelle', 'Bilingue français-néerlandais', 'Permis B']);
    expect(apply(b, 'bottom')).toEqual(['Ponctuelle', 'Permis B', 'Bilingue français-néerlandais']);
    expect(apply(b, 'up')).toEqual(['Ponctuelle', 'Bilingue français-néerlandais', 'Permis B']);
    expect(locate(readBoard(doc), c)).toEqual({ place: { column: readBoard(doc).columns[0].id, group: '' }, index: 2, size: 3 });
  });

  it('moves into a group of another column and says where, in words', () => {
    const { doc, b, doubts, group } = board();
    const option = moveOptions(readBoard(doc), b, opts).find((o) => o.target.kind === 'group')!;
    expect(option.values).toEqual({ group: 'Langues', column: 'Mes doutes' });
    const to = resolveMove(readBoard(doc), b, option.target)!;
    moveCard(doc, b, to.place, to.index, null);
    const view = readBoard(doc);
    expect(view.columns[1].groups[0].cards.map((x) => x.id)).toEqual([b]);
    expect(announcement(view, b, 'Groupe sans titre')).toEqual({
      key: 'workshops.move.announceGroup',
      values: { text: 'Bilingue français-néerlandais', position: 1, of: 1, column: 'Mes doutes', group: 'Langues' }
    });
    expect(readCards(doc).find((x) => x.id === b)).toMatchObject({ column: doubts, group });
  });

  it('two people moving the same card at once leave it in one place, on both replicas', () => {
    const { doc, a, doubts, group } = board();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    moveCard(doc, a, { column: doubts, group: '' }, 0, null);
    moveCard(other, a, { column: doubts, group }, 0, null);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    for (const replica of [doc, other]) {
      const view = readBoard(replica);
      const places = view.columns.flatMap((col) => [...col.loose, ...col.groups.flatMap((g) => g.cards)]).filter((x) => x.id === a);
      expect(places).toHaveLength(1);
      expect(view.cards.size).toBe(3);
    }
    expect(readCards(doc)).toEqual(readCards(other));
  });

  it('shows a card whose column was removed in the first column instead of losing it', () => {
    const { doc, strengths, a } = board();
    doc.transact(() => (doc.getMap('board').get('cards') as Y.Map<Y.Map<unknown>>).get(a)!.set('column', 'gone'));
    const view = readBoard(doc);
    expect(view.columns.find((c) => c.id === strengths)!.loose.map((c) => c.id)).toContain(a);
  });
});
