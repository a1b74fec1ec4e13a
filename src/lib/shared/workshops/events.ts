// Socket.IO events of a live workshop (typed maps merged into live-events.ts). Each client→server event is checked
// by the policy (actions `workshop:*`) and answered through its ack; the server then broadcasts the new state to
// the workshop's room `workshop:<id>`. Nothing here carries an anonymous card's author.
import type { LiveState, MyLiveState, Tally, VoteTarget } from './model';

export type WorkshopAckError = 'not_found' | 'forbidden' | 'invalid' | 'conflict' | 'budget_exhausted' | 'cap_reached' | 'self_vote' | 'locked' | 'wrong_activity';
export type WorkshopAck<T = undefined> = { ok: true; value?: T } | { ok: false; code: WorkshopAckError; message?: string };

export interface WorkshopServerToClientEvents {
  'workshop:state': (state: LiveState) => void;
  'workshop:me': (me: MyLiveState) => void;
  'workshop:tallies': (tallies: Tally[]) => void;
  /** To facilitators only. */
  'workshop:facilitator_notes': (payload: { workshopId: string; text: string }) => void;
  /** Timer announcements the client speaks through aria-live and sound. */
  'workshop:timer_alert': (payload: { workshopId: string; at: 'one_minute' | 'zero' }) => void;
}

export interface WorkshopClientToServerEvents {
  /** Join the room (records attendance); answers the current state. Late joiners land on the current activity. */
  'workshop:join': (workshopId: string, ack: (a: WorkshopAck<{ state: LiveState; me: MyLiveState }>) => void) => void;
  'workshop:leave': (workshopId: string) => void;
  'workshop:ready': (p: { workshopId: string; ready: boolean }, ack: (a: WorkshopAck) => void) => void;
  // Facilitator only:
  'workshop:start': (p: { workshopId: string }, ack: (a: WorkshopAck) => void) => void;
  'workshop:goto': (p: { workshopId: string; index: number; anonymous?: boolean; revealMode?: 'all' | 'each' }, ack: (a: WorkshopAck) => void) => void;
  'workshop:timer': (
    p: { workshopId: string; op: 'start'; minutes: number; lockAtZero: boolean } | { workshopId: string; op: 'pause' | 'resume' | 'stop' } | { workshopId: string; op: 'add'; minutes: number },
    ack: (a: WorkshopAck) => void
  ) => void;
  'workshop:lock': (p: { workshopId: string; locked: boolean }, ack: (a: WorkshopAck) => void) => void;
  'workshop:spotlight': (p: { workshopId: string; target: { kind: 'column' | 'group'; id: string } | null }, ack: (a: WorkshopAck) => void) => void;
  'workshop:reveal_all': (p: { workshopId: string }, ack: (a: WorkshopAck) => void) => void;
  'workshop:reveal_tallies': (p: { workshopId: string; revealed: boolean }, ack: (a: WorkshopAck) => void) => void;
  'workshop:facilitator_notes': (p: { workshopId: string; text: string }, ack: (a: WorkshopAck) => void) => void;
  'workshop:end': (p: { workshopId: string }, ack: (a: WorkshopAck) => void) => void;
  // Participants:
  /** Reveal one of my draft cards (revealMode 'each'). */
  'workshop:reveal_card': (p: { workshopId: string; draftCardId: string }, ack: (a: WorkshopAck) => void) => void;
  /** Edit or delete my own anonymous card on the board (done by the server, so no client id ties me to it). */
  'workshop:edit_my_card': (p: { workshopId: string; cardId: string; text: string | null }, ack: (a: WorkshopAck) => void) => void;
  'workshop:vote': (p: { workshopId: string; target: VoteTarget; delta: 1 | -1 }, ack: (a: WorkshopAck<{ votesLeft: number }>) => void) => void;
}

/** Every client→server event, for the authorisation matrix (a new event without a row there fails the suite). */
export const WORKSHOP_CLIENT_EVENTS = [
  'workshop:join',
  'workshop:leave',
  'workshop:ready',
  'workshop:start',
  'workshop:goto',
  'workshop:timer',
  'workshop:lock',
  'workshop:spotlight',
  'workshop:reveal_all',
  'workshop:reveal_tallies',
  'workshop:facilitator_notes',
  'workshop:end',
  'workshop:reveal_card',
  'workshop:edit_my_card',
  'workshop:vote'
] as const satisfies readonly (keyof WorkshopClientToServerEvents)[];
