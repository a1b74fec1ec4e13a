// A workshop document → what the policy judges (its resource, and the live facts the board's access follows),
// and the live state everyone in its room is sent. One place, so that routes, Socket.IO handlers and the
// collaboration server describe a workshop the same way.
import type { LiveState } from '../../../src/lib/shared/workshops/model.ts';
import type { WorkshopDoc } from '../../data/workshops.ts';
import type { WorkshopLive, WorkshopResource } from '../policy.ts';

export function workshopResource(w: WorkshopDoc): WorkshopResource {
  return {
    kind: 'workshop',
    organisationId: String(w.organisationId),
    programmeId: w.programmeId ? String(w.programmeId) : null,
    workshopId: String(w._id),
    facilitatorIds: w.facilitatorIds.map(String),
    participantIds: w.participants.map((p) => String(p.userId)),
    state: w.state
  };
}

/** Whether the timer ran out with "lock at zero" (the input is then refused without anyone acting). */
export function timeIsUp(w: WorkshopDoc, now: number): boolean {
  const t = w.live.timer;
  return t.lockAtZero && t.endsAt !== null && t.endsAt.getTime() <= now;
}

export function workshopLive(w: WorkshopDoc, now: number): WorkshopLive {
  return {
    activity: w.state === 'live' ? (w.activities[w.live.current]?.kind ?? null) : null,
    locked: w.live.locked || timeIsUp(w, now)
  };
}

export function liveState(w: WorkshopDoc, now: number): LiveState {
  const t = w.live.timer;
  return {
    workshopId: String(w._id),
    state: w.state,
    activities: w.activities,
    current: w.live.current,
    anonymous: w.live.anonymous,
    revealMode: w.live.revealMode,
    timer: { endsAt: t.endsAt ? t.endsAt.getTime() : null, pausedRemaining: t.pausedRemaining, lockAtZero: t.lockAtZero },
    locked: w.live.locked || timeIsUp(w, now),
    spotlight: w.live.spotlight,
    ready: { count: w.live.ready.length, of: w.participants.length },
    votes: { ...w.votes, revealed: w.live.votesRevealed },
    serverNow: now
  };
}
