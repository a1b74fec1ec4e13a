// What the shared policy says this person may do in a workshop now, asked with the server's live state. The
// server decides (and refuses what it must); the interface only offers what the policy allows.
import { boardAccess, draftAccess, type Actor, type WorkshopResource } from '../shared/policy';
import type { LiveState } from '../shared/workshops/model';
import type { WorkshopView } from '../shared/workshops/schemas';

export function workshopResource(view: WorkshopView, live: LiveState | null): WorkshopResource {
  return {
    kind: 'workshop',
    organisationId: view.organisationId,
    programmeId: view.programmeId,
    workshopId: view.id,
    facilitatorIds: view.facilitators.map((f) => f.userId),
    participantIds: view.participants.map((p) => p.userId),
    state: live?.state ?? view.state
  };
}

/**
 * The client's actor does not list the programmes a mentor or mentee is in (MeView has no such list); the
 * workshop's own answer says whether the server counts this person in: then its programme is theirs here.
 */
export function actorInWorkshop(actor: Actor, view: WorkshopView): Actor {
  if (!view.me.participant || !view.programmeId) return actor;
  const programmeId = view.programmeId;
  return {
    ...actor,
    memberships: actor.memberships.map((m) => (m.organisationId === view.organisationId ? { ...m, programmeIds: [...m.programmeIds, programmeId] } : m))
  };
}

/** Locked by the facilitator, or the timer is up and was started with "lock at zero". */
export function isLocked(live: LiveState, now: number, offset: number): boolean {
  if (live.locked) return true;
  const { endsAt, pausedRemaining, lockAtZero } = live.timer;
  return lockAtZero && pausedRemaining === null && endsAt !== null && endsAt <= now + offset;
}

export function liveAccess(actor: Actor, view: WorkshopView, live: LiveState | null, now: number, offset: number) {
  const resource = workshopResource(view, live);
  const who = actorInWorkshop(actor, view);
  const activity = live && live.state === 'live' ? (live.activities[live.current]?.kind ?? null) : null;
  const locked = live ? isLocked(live, now, offset) : false;
  return {
    board: boardAccess(who, resource, { activity, locked }),
    draft: draftAccess(who, resource, actor.userId, { activity, locked }),
    locked
  };
}
