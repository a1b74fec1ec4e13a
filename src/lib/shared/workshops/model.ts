// Workshops (group sessions): the names, limits and shapes that client and server share. The contract between
// the workshop server (server/domain/workshops*, server/live/workshops*, server/documents/board*) and the
// board's interface (src/lib/components/workshops/). DESIGN.md, "Workshops — the shape to build on":
// server-decided state lives in MongoDB and travels over Socket.IO (events.ts); the board's content lives in one
// Yjs document per workshop; each participant's private draft is a document only its writer and the server open.

export const WORKSHOP_STATES = ['planned', 'live', 'ended'] as const;
export type WorkshopState = (typeof WORKSHOP_STATES)[number];

/** What an activity lets participants do; the board and the server follow the current activity's kind. */
export const ACTIVITY_KINDS = [
  'checkin', // a round: everyone writes one card in the check-in column (not anonymous)
  'private_writing', // each writes in a private draft; nothing reaches anyone else
  'reveal', // drafts are copied onto the board by the server (all at once, or each author reveals card by card)
  'group', // move cards into groups, title groups
  'vote', // votes within the budget; tallies hidden until the facilitator reveals them
  'discuss', // read-only board with the spotlight; tallies shown
  'actions', // write the actions list (text, owner, due date)
  'checkout' // a closing round
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface Activity {
  id: string;
  kind: ActivityKind;
  /** Shown to participants; translated by the template, edited freely by the facilitator. */
  title: string;
  /** What to do, one or two short sentences. */
  prompt: string;
  /** Suggested length in minutes; the facilitator starts the timer. */
  minutes: number;
}

export interface ColumnTemplate {
  title: string;
  prompt: string;
  colour: CardColour;
}

export interface WorkshopTemplate {
  id: 'cv_strengths' | 'interview_questions' | 'channels_map' | 'midway_checkin' | 'blank';
  title: string;
  description: string;
  columns: ColumnTemplate[];
  activities: Omit<Activity, 'id'>[];
}

export const CARD_COLOURS = ['yellow', 'blue', 'green', 'pink', 'purple', 'orange', 'grey'] as const;
export type CardColour = (typeof CARD_COLOURS)[number];

// ---- The board document: `board:<workshopId>` ------------------------------------------------------------------
// One root map `board` with four keyed collections. Movable things are entries of keyed Y.Maps with a fractional
// `order` key (the `fractional-indexing` package), never elements of a Y.Array: two people moving one card at once
// must not duplicate it. Groups point at their column (parent pointers), cards at their column and group.
export const BOARD_ROOT = 'board';
export const BOARD_LIMITS = {
  cardText: 500,
  columnTitle: 120,
  columnPrompt: 500,
  groupTitle: 120,
  actionText: 500,
  columns: 12,
  cards: 2000,
  groups: 300,
  actions: 300
} as const;

/** `board.columns.<id>` */
export interface ColumnData {
  title: string;
  prompt: string;
  colour: CardColour;
  order: string;
}
/** `board.cards.<id>`. An anonymous card has no author fields at all, on the board and on the wire. */
export interface CardData {
  text: string;
  colour: CardColour;
  column: string;
  /** A group id, or '' when the card is in no group. */
  group: string;
  order: string;
  anonymous: boolean;
  authorId?: string;
  authorName?: string;
  createdAt: string;
}
/** `board.groups.<id>` */
export interface GroupData {
  title: string;
  column: string;
  order: string;
}
/** `board.actions.<id>` */
export interface ActionData {
  text: string;
  /** A participant's user id, or '' for nobody yet. */
  ownerId: string;
  ownerName: string;
  /** yyyy-mm-dd or ''. */
  due: string;
  done: boolean;
  order: string;
}

// ---- A private draft: `draft:<workshopId>:<userId>` ------------------------------------------------------------
// Opened only by its writer (and the server). Root map `draft`, entries `cards.<id>` { text, column, order }.
export const DRAFT_ROOT = 'draft';
export interface DraftCardData {
  text: string;
  column: string;
  order: string;
}

// ---- Votes ---------------------------------------------------------------------------------------------------
export const DEFAULT_VOTE_BUDGET = 5;
export const DEFAULT_VOTE_CAP = 3;
/** What one votes on: a card, or a group (then its cards are not voted on separately). */
export interface VoteTarget {
  kind: 'card' | 'group';
  id: string;
}

// ---- Server-decided live state, sent to everyone in the workshop's room ------------------------------------------
export interface TimerState {
  /** Epoch ms when the time is up, while running. */
  endsAt: number | null;
  /** Remaining ms while paused. */
  pausedRemaining: number | null;
  /** Participants' input is refused once the time is up. */
  lockAtZero: boolean;
}

export interface LiveState {
  workshopId: string;
  state: WorkshopState;
  activities: Activity[];
  /** Index into activities. */
  current: number;
  /** The current activity's options, fixed when it starts. */
  anonymous: boolean;
  /** 'all' reveal at once by the facilitator; 'each' each author reveals card by card. */
  revealMode: 'all' | 'each';
  timer: TimerState;
  /** The board is read-only for participants. */
  locked: boolean;
  spotlight: { kind: 'column' | 'group'; id: string } | null;
  ready: { count: number; of: number };
  votes: {
    budget: number;
    cap: number;
    selfVotes: boolean;
    /** Tallies are sent only once revealed (to everyone at once); never who voted for what. */
    revealed: boolean;
  };
  /** Server time when this state was sent, for the client's clock offset. */
  serverNow: number;
}

/** Per person, sent only to that person. */
export interface MyLiveState {
  ready: boolean;
  /** My votes by target key `${kind}:${id}`. */
  myVotes: Record<string, number>;
  votesLeft: number;
  /** Cards I wrote, anonymous or not (the server keeps the link). */
  myCards: string[];
  facilitator: boolean;
}

export interface Tally {
  target: VoteTarget;
  count: number;
}
