import { describe, expect, it } from 'vitest';
import { DUO_STATUSES, DUO_TRANSITIONS, ROLES } from './codes';
import { CLOSED_DUO_STATUSES, OPEN_DUO_STATUSES, isOpenDuo, isParticipant } from './duos';

describe('open duo', () => {
  it('is an active or paused duo, nothing else', () => {
    expect(DUO_STATUSES.filter(isOpenDuo)).toEqual(['active', 'paused']);
    expect(isOpenDuo('completed')).toBe(false);
    expect(isOpenDuo('ended_early')).toBe(false);
  });

  it('splits every status into open or closed, once', () => {
    expect([...OPEN_DUO_STATUSES, ...CLOSED_DUO_STATUSES].sort()).toEqual([...DUO_STATUSES].sort());
    expect(CLOSED_DUO_STATUSES).toEqual(['completed', 'ended_early']);
  });

  it('agrees with the status transitions: closed is final, open can always be closed', () => {
    for (const status of CLOSED_DUO_STATUSES) expect(DUO_TRANSITIONS[status]).toEqual([]);
    for (const status of OPEN_DUO_STATUSES) {
      expect(DUO_TRANSITIONS[status].some((next) => !isOpenDuo(next))).toBe(true);
    }
  });
});

describe('participants', () => {
  it('are the mentors and mentees, not the staff', () => {
    expect(ROLES.filter(isParticipant)).toEqual(['mentor', 'mentee']);
  });
});
