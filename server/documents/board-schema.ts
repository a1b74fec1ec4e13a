// The shape of a workshop's board (`board:<workshopId>`) and of a private draft (`draft:<workshopId>:<userId>`),
// as model.ts describes them: keyed maps of items, each a Y.Map of plain values with a fractional order key.
// The four collections are made by the server (fixed): two clients creating one at once would lose one.
import { BOARD_LIMITS, BOARD_ROOT, CARD_COLOURS, DRAFT_ROOT } from '../../src/lib/shared/workshops/model.ts';
import { s, type DocSchema } from '../collab/schema.ts';

/** Item ids are chosen by clients (the server's are base64url too): short and plain. */
export const ITEM_ID = /^[A-Za-z0-9_-]{1,40}$/;
const ORDER = s.string(80);
const REF = s.string(40);
const colour = s.string(16, CARD_COLOURS);
/** Drafts hold a person's cards before the reveal. */
export const DRAFT_LIMITS = { cards: 100 } as const;

export const BOARD_SCHEMA: DocSchema = {
  roots: {
    [BOARD_ROOT]: s.map({
      columns: s.fixed(
        s.entries(ITEM_ID, s.map({ title: s.string(BOARD_LIMITS.columnTitle), prompt: s.string(BOARD_LIMITS.columnPrompt), colour, order: ORDER }), BOARD_LIMITS.columns)
      ),
      cards: s.fixed(
        s.entries(
          ITEM_ID,
          s.map({
            text: s.string(BOARD_LIMITS.cardText),
            colour,
            column: REF,
            group: REF,
            order: ORDER,
            anonymous: s.boolean(),
            authorId: s.string(24),
            authorName: s.string(120),
            createdAt: s.string(40)
          }),
          BOARD_LIMITS.cards
        )
      ),
      groups: s.fixed(s.entries(ITEM_ID, s.map({ title: s.string(BOARD_LIMITS.groupTitle), column: REF, order: ORDER }), BOARD_LIMITS.groups)),
      actions: s.fixed(
        s.entries(
          ITEM_ID,
          s.map({
            text: s.string(BOARD_LIMITS.actionText),
            ownerId: s.string(24),
            ownerName: s.string(120),
            due: s.string(10),
            done: s.boolean(),
            order: ORDER
          }),
          BOARD_LIMITS.actions
        )
      )
    })
  }
};

export const DRAFT_SCHEMA: DocSchema = {
  roots: {
    [DRAFT_ROOT]: s.map({
      cards: s.fixed(s.entries(ITEM_ID, s.map({ text: s.string(BOARD_LIMITS.cardText), column: REF, order: ORDER }), DRAFT_LIMITS.cards))
    })
  }
};

/** A board of 2000 cards of 500 characters with their history stays well under this. */
export const BOARD_MAX_BYTES = 4 * 1024 * 1024;
export const DRAFT_MAX_BYTES = 256 * 1024;
