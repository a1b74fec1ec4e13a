import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/policy';
import type { LiveState } from '../shared/workshops/model';
import type { WorkshopView } from '../shared/workshops/schemas';
import { isLocked, liveAccess } from './access';

const ORG = 'a'.repeat(24);
const PROG = 'b'.repeat(24);
const mentee: Actor = { userId: 'u-mentee', isInstanceAdmin: false, memberships: [{ membershipId: 'm1', organisationId: ORG, role: 'mentee', programmeIds: [] }] };
const coordinator: Actor = { userId: 'u-coord', isInstanceAdmin: false, memberships: [{ membershipId: 'm2', organisationId: ORG, role: 'coordinator', programmeIds: [] }] };

const view = (participant: boolean) =>
  ({
    id: 'w'.repeat(24),
    organisationId: ORG,
    programmeId: PROG,
    state: 'live',
    facilitators: [],
    participants: participant ? [{ userId: 'u-mentee', name: 'Sanne Peeters', present: true }] : [],
    me: { facilitator: false, participant }
  }) as unknown as WorkshopView;

const live = (kind: string, extra: Partial<LiveState> = {}) =>
  ({
    workshopId: 'w'.repeat(24),
    state: 'live',
    activities: [{ id: 'a', kind, title: '', prompt: '', minutes: 5 }],
    current: 0,
    locked: false,
    timer: { endsAt: null, pausedRemaining: null, lockAtZero: false },
    ...extra
  }) as unknown as LiveState;

describe('what the interface offers in a live workshop', () => {
  it('lets a participant of a programme workshop write the board while grouping, and only the draft while writing privately', () => {
    expect(liveAccess(mentee, view(true), live('group'), 0, 0)).toEqual({ board: 'write', draft: 'read', locked: false });
    expect(liveAccess(mentee, view(true), live('private_writing'), 0, 0)).toEqual({ board: 'read', draft: 'write', locked: false });
    expect(liveAccess(mentee, view(true), live('vote'), 0, 0).board).toBe('read');
  });

  it('offers nothing to someone the workshop does not count in', () => {
    expect(liveAccess(mentee, view(false), live('group'), 0, 0).board).toBe('none');
  });

  it('locks when the facilitator locks, and at zero only with lock-at-zero (on the server clock)', () => {
    expect(liveAccess(mentee, view(true), live('group', { locked: true }), 0, 0).board).toBe('read');
    const timer = { endsAt: 10_000, pausedRemaining: null, lockAtZero: true };
    // The device clock is 5 s behind the server: at device time 6 s the server is at 11 s, past the end.
    expect(isLocked(live('group', { timer }), 6_000, 5_000)).toBe(true);
    expect(isLocked(live('group', { timer }), 6_000, 0)).toBe(false);
    expect(isLocked(live('group', { timer: { ...timer, lockAtZero: false } }), 20_000, 0)).toBe(false);
  });

  it('lets a coordinator write the board in any activity until the end', () => {
    expect(liveAccess(coordinator, view(false), live('vote'), 0, 0).board).toBe('write');
    expect(liveAccess(coordinator, view(false), live('vote', { state: 'ended' }), 0, 0).board).toBe('read');
  });
});
