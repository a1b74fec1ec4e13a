import { describe, expect, it } from 'vitest';
import type { Role } from '../codes';
import { boardAccess, decide, draftAccess, type Actor, type WorkshopResource } from '../policy';

const ORG = 'a'.repeat(24);
const PROG = 'c'.repeat(24);
const OTHER_PROG = 'd'.repeat(24);
const actor = (userId: string, role: Role | null, programmeIds: string[] = [PROG], org = ORG): Actor => ({
  userId,
  isInstanceAdmin: false,
  memberships: role ? [{ membershipId: `m-${userId}`, organisationId: org, role, programmeIds }] : []
});
const admin = actor('admin', 'admin');
const coord = actor('coord', 'coordinator');
const lead = actor('lead', 'mentor');
const fatima = actor('fatima', 'mentee');
const jonas = actor('jonas', 'mentor');
const leftProgramme = actor('fatima', 'mentee', [OTHER_PROG]);
const stranger = actor('lucas', 'mentee');
const otherProgramme = actor('kwame', 'mentee', [OTHER_PROG]);
const foreign = actor('fatima', 'admin', [], 'b'.repeat(24));

const w = (state: WorkshopResource['state'] = 'planned'): WorkshopResource => ({
  kind: 'workshop',
  organisationId: ORG,
  programmeId: PROG,
  workshopId: 'w',
  facilitatorIds: ['lead'],
  participantIds: ['fatima', 'jonas'],
  state
});

describe('workshop policy', () => {
  it.each([
    ['a participant reads it', fatima, 'workshop:read', w(), 'allow'],
    ['someone not invited does not know it exists', stranger, 'workshop:read', w(), 'not_found'],
    ['a participant who left the programme loses it', leftProgramme, 'workshop:read', w(), 'not_found'],
    ['nobody of another organisation sees it', foreign, 'workshop:read', w(), 'not_found'],
    ['a designated mentor facilitates', lead, 'workshop:facilitate', w('live'), 'allow'],
    ['a coordinator facilitates any workshop of the organisation', coord, 'workshop:facilitate', w('live'), 'allow'],
    ['a participant does not facilitate', fatima, 'workshop:facilitate', w('live'), 'forbidden'],
    ['only staff designate facilitators', lead, 'workshop:designate', w(), 'forbidden'],
    ['a coordinator designates', coord, 'workshop:designate', w(), 'allow'],
    ['a participant takes part while it runs', jonas, 'workshop:participate', w('live'), 'allow'],
    ['not after the end', jonas, 'workshop:participate', w('ended'), 'forbidden'],
    ['a facilitator does not vote', lead, 'workshop:participate', w('live'), 'forbidden'],
    ['participants read the summary once it ended', fatima, 'workshop:summary', w('ended'), 'allow'],
    ['not before', fatima, 'workshop:summary', w('live'), 'forbidden'],
    ['a member of the programme joins by code', stranger, 'workshop:join', w(), 'allow'],
    ['someone of another programme does not', otherProgramme, 'workshop:join', w(), 'not_found'],
    ['nobody joins an ended workshop', stranger, 'workshop:join', w('ended'), 'forbidden'],
    ['anonymity holds against facilitators', lead, 'workshop:moderate', w('ended'), 'forbidden'],
    ['and coordinators', coord, 'workshop:moderate', w('ended'), 'forbidden'],
    ['an admin moderates', admin, 'workshop:moderate', w('ended'), 'allow']
  ] as const)('%s', (_label, who, action, resource, expected) => {
    expect(decide(who, action, resource)).toBe(expected);
  });

  it('makes the board read-only for participants when locked or in an activity that does not let them write', () => {
    expect(boardAccess(fatima, w('live'), { activity: 'group', locked: false })).toBe('write');
    expect(boardAccess(fatima, w('live'), { activity: 'group', locked: true })).toBe('read');
    expect(boardAccess(fatima, w('live'), { activity: 'private_writing', locked: false })).toBe('read');
    expect(boardAccess(fatima, w('planned'), { activity: null, locked: false })).toBe('read');
    expect(boardAccess(lead, w('live'), { activity: 'vote', locked: true })).toBe('write');
    expect(boardAccess(lead, w('ended'), { activity: null, locked: false })).toBe('read');
    expect(boardAccess(fatima, w('ended'), { activity: null, locked: false })).toBe('read');
    expect(boardAccess(stranger, w('live'), { activity: 'group', locked: false })).toBe('none');
    expect(boardAccess(leftProgramme, w('live'), { activity: 'group', locked: false })).toBe('none');
  });

  it('lets only its writer open a draft, and write it during private writing', () => {
    expect(draftAccess(fatima, w('live'), 'fatima', { activity: 'private_writing', locked: false })).toBe('write');
    expect(draftAccess(fatima, w('live'), 'fatima', { activity: 'private_writing', locked: true })).toBe('read');
    expect(draftAccess(fatima, w('live'), 'fatima', { activity: 'reveal', locked: false })).toBe('read');
    expect(draftAccess(jonas, w('live'), 'fatima', { activity: 'private_writing', locked: false })).toBe('none');
    expect(draftAccess(lead, w('live'), 'fatima', { activity: 'private_writing', locked: false })).toBe('none');
    expect(draftAccess(coord, w('live'), 'fatima', { activity: 'private_writing', locked: false })).toBe('none');
  });
});
