// What every part of the board needs from the page, handed down once through context: the view, what this person
// may do now (the server still decides), and the actions. The page builds it from the live workshop (server state)
// and the board document.
import { getContext, setContext } from 'svelte';
import type { VoteTarget } from '$shared/workshops/model';
import type { BoardView } from '$lib/workshops/board-view';
import type { Card } from '$lib/workshops/board-doc';
import type { MoveTarget } from '$lib/workshops/move-menu';
import type { BoardPeer } from '$lib/workshops/board-presence';

export interface VotingUi {
  /** My votes by `${kind}:${id}`. */
  mine: Record<string, number>;
  left: number;
  budget: number;
  cap: number;
}

export interface BoardUi {
  readonly view: BoardView;
  readonly userId: string;
  /** The board may be edited by this person now (policy, activity, lock, timer). */
  readonly canWrite: boolean;
  /** Cards may be moved and grouped now. */
  readonly canGroup: boolean;
  /** Cards may be added in the columns now (check-in, check-out, or a facilitator). */
  readonly canAdd: boolean;
  /** This person may change or delete this card now (their own; the server checks again). */
  canEditCard(card: Card): boolean;
  readonly voting: VotingUi | null;
  /** Tallies by `${kind}:${id}`, once the facilitator revealed them. */
  readonly tallies: Map<string, number> | null;
  readonly myCards: ReadonlySet<string>;
  readonly spotlight: { kind: 'column' | 'group'; id: string } | null;
  readonly peers: BoardPeer[];
  readonly untitledGroup: string;
  move(cardId: string, target: MoveTarget): void;
  /** After a pointer drop: the card's place and its index among the others there. */
  drop(cardId: string, column: string, group: string, index: number): void;
  addCard(column: string, text: string): void;
  editCard(cardId: string, text: string): void;
  deleteCard(cardId: string): void;
  renameGroup(groupId: string, title: string): void;
  ungroup(groupId: string): void;
  vote(target: VoteTarget, delta: 1 | -1): void;
  /** Tells the others where this person is writing (null: nowhere). */
  typing(column: string | null): void;
}

const KEY = Symbol('workshop-board');
export const provideBoard = (ui: BoardUi) => setContext(KEY, ui);
export const useBoard = () => getContext<BoardUi>(KEY);
export const voteKey = (t: VoteTarget) => `${t.kind}:${t.id}`;
