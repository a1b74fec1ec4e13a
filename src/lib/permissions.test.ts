// The decisions the interface takes from the shared policy, asked the way the components ask them: an actor
// built from the MeView and resources built from the views the pages hold.
import { describe, expect, it } from 'vitest';
import type { Role } from './shared/codes';
import type { DuoView, MemberView, MeView } from './shared/schemas';
import { actorOf, can, duoResource, instanceResource, invitationResource, memberResource, organisationResource } from './permissions';

const ORG = '6650a1b2c3d4e5f601234567';
const OTHER_ORG = '6650a1b2c3d4e5f6012345ff';
const PROGRAMME = '6650a1b2c3d4e5f60123aaaa';

function me(userId: string, role: Role | null, isInstanceAdmin = false): MeView {
  return {
    user: { id: userId, email: `${userId}@example.org`, name: userId, locale: 'fr', color: '#1d4ed8', isInstanceAdmin },
    memberships: role
      ? [{ id: `membership-${userId}`, organisationId: ORG, organisationName: 'Duo pour un emploi', userId, role, profile: {} as MeView['memberships'][number]['profile'] }]
      : []
  };
}
const admin = actorOf(me('sofie', 'admin'));
const coordinator = actorOf(me('claire', 'coordinator'));
const mentor = actorOf(me('lotte', 'mentor'));
const mentee = actorOf(me('zoe', 'mentee'));
const otherMentor = actorOf(me('pieter', 'mentor'));
const instanceAdmin = actorOf(me('root', null, true));

function duo(status: DuoView['status']): DuoView {
  const person = (userId: string) => ({ userId, name: userId, color: '#0f766e' });
  return {
    id: 'duo-1',
    organisationId: ORG,
    programmeId: PROGRAMME,
    programmeName: 'Cohorte printemps',
    mentor: person('lotte'),
    mentee: person('zoe'),
    status,
    createdAt: '2026-03-02T09:00:00.000Z'
  };
}
function member(userId: string, role: Role, organisationId = ORG): MemberView {
  return {
    id: `membership-${userId}`,
    organisationId,
    organisationName: 'Duo pour un emploi',
    userId,
    role,
    profile: {} as MemberView['profile'],
    name: userId,
    email: `${userId}@example.org`,
    activeDuos: 0
  };
}

describe('actorOf', () => {
  it('carries the user, the instance flag and every membership with its role', () => {
    expect(actorOf(me('claire', 'coordinator'))).toEqual({
      userId: 'claire',
      isInstanceAdmin: false,
      isUmbrellaViewer: false,
      memberships: [{ membershipId: 'membership-claire', organisationId: ORG, role: 'coordinator', programmeIds: [], companyId: null }]
    });
  });
});

describe('can: the CV editor', () => {
  it('lets the duo write its CV while the duo is open, and only read it once it is closed', () => {
    for (const who of [mentor, mentee]) {
      expect(can(who, 'cv:write', duoResource(duo('active')))).toBe(true);
      expect(can(who, 'cv:write', duoResource(duo('paused')))).toBe(true);
      expect(can(who, 'cv:write', duoResource(duo('completed')))).toBe(false);
      expect(can(who, 'cv:write', duoResource(duo('ended_early')))).toBe(false);
      expect(can(who, 'cv:read', duoResource(duo('ended_early')))).toBe(true);
    }
  });
  it('lets coordinators and admins follow without writing, and nobody else in', () => {
    for (const who of [coordinator, admin]) {
      expect(can(who, 'cv:read', duoResource(duo('active')))).toBe(true);
      expect(can(who, 'cv:write', duoResource(duo('active')))).toBe(false);
    }
    expect(can(otherMentor, 'cv:read', duoResource(duo('active')))).toBe(false);
    expect(can(instanceAdmin, 'cv:read', duoResource(duo('active')))).toBe(false);
  });
  it('maps the duo view onto the policy’s resource', () => {
    expect(duoResource(duo('paused'))).toEqual({
      kind: 'duo',
      organisationId: ORG,
      programmeId: PROGRAMME,
      duoId: 'duo-1',
      mentorId: 'lotte',
      menteeId: 'zoe',
      status: 'paused',
      erased: false
    });
    expect(duoResource({ ...duo('completed'), erasedAt: '2027-07-15T09:00:00.000Z' }).erased).toBe(true);
  });
});

describe('can: the members list', () => {
  it('offers reset links: coordinators for mentors and mentees, admins for all but admins, never for oneself', () => {
    const reset = (who: typeof admin, m: MemberView) => can(who, 'member:reset_link', memberResource(m));
    expect(reset(coordinator, member('zoe', 'mentee'))).toBe(true);
    expect(reset(coordinator, member('lotte', 'mentor'))).toBe(true);
    expect(reset(coordinator, member('marc', 'coordinator'))).toBe(false);
    expect(reset(coordinator, member('sofie', 'admin'))).toBe(false);
    expect(reset(admin, member('marc', 'coordinator'))).toBe(true);
    expect(reset(admin, member('ann', 'admin'))).toBe(false);
    expect(reset(admin, member('sofie', 'admin'))).toBe(false);
    expect(reset(mentor, member('zoe', 'mentee'))).toBe(false);
  });
  it('offers removal to coordinators for non-admins and to admins for anyone; role changes to admins only', () => {
    expect(can(coordinator, 'member:remove', memberResource(member('lotte', 'mentor')))).toBe(true);
    expect(can(coordinator, 'member:remove', memberResource(member('sofie', 'admin')))).toBe(false);
    expect(can(admin, 'member:remove', memberResource(member('ann', 'admin')))).toBe(true);
    expect(can(mentor, 'member:remove', memberResource(member('zoe', 'mentee')))).toBe(false);
    expect(can(admin, 'member:update_role', memberResource(member('lotte', 'mentor')))).toBe(true);
    expect(can(coordinator, 'member:update_role', memberResource(member('lotte', 'mentor')))).toBe(false);
  });
  it('offers nothing about members of another organisation', () => {
    expect(can(admin, 'member:remove', memberResource(member('jan', 'mentor', OTHER_ORG)))).toBe(false);
  });
});

describe('can: management pages, invitations, organisations', () => {
  it('shows the management pages to coordinators and admins of the organisation only', () => {
    const org = organisationResource(ORG);
    expect(can(coordinator, 'programme:create', org)).toBe(true);
    expect(can(admin, 'programme:create', org)).toBe(true);
    expect(can(mentor, 'programme:create', org)).toBe(false);
    expect(can(mentee, 'programme:create', org)).toBe(false);
    expect(can(coordinator, 'programme:create', organisationResource(OTHER_ORG))).toBe(false);
  });
  it('lets only an admin invite another admin', () => {
    const invitable = (who: typeof admin) => (['admin', 'coordinator', 'mentor', 'mentee'] as const).filter((r) => can(who, 'invitation:create', invitationResource(ORG, r)));
    expect(invitable(admin)).toEqual(['admin', 'coordinator', 'mentor', 'mentee']);
    expect(invitable(coordinator)).toEqual(['coordinator', 'mentor', 'mentee']);
    expect(invitable(mentor)).toEqual([]);
  });
  it('offers creating organisations to the instance admin only', () => {
    expect(can(instanceAdmin, 'organisation:create', instanceResource())).toBe(true);
    expect(can(admin, 'organisation:create', instanceResource())).toBe(false);
  });
});
