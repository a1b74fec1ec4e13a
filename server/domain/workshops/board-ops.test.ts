// The server's own board edits hold whatever a writer stored in the board within its schema.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { BOARD_ROOT } from '../../../src/lib/shared/workshops/model.ts';
import { addCards, isOrderKey, seedColumns } from './board-ops.ts';

const cards = (doc: Y.Doc) => doc.getMap(BOARD_ROOT).get('cards') as Y.Map<Y.Map<unknown>>;

describe('addCards', () => {
  it('places cards after a card whose order key is not a fractional-indexing key, instead of failing', () => {
    const doc = new Y.Doc();
    seedColumns(doc, [{ id: 'c1', title: 'Forces', prompt: 'Ce que je sais faire', colour: 'yellow' }]);
    const [first] = addCards(doc, [{ text: 'Je parle trois langues', column: 'c1', author: null, createdAt: '2026-12-05T10:00:00.000Z' }]);
    // A participant's own card, given the order "~" (a valid string for the schema) to sort last.
    cards(doc).get(first)!.set('order', '~');
    expect(isOrderKey('~')).toBe(false);
    expect(isOrderKey(cards(doc).get(first)!.get('order') as string)).toBe(false);
    const ids = addCards(doc, [{ text: 'Ik kan goed plannen', column: 'c1', author: null, createdAt: '2026-12-05T10:01:00.000Z' }]);
    expect(ids).toHaveLength(1);
    expect(isOrderKey(cards(doc).get(ids[0])!.get('order') as string)).toBe(true);
  });
});
