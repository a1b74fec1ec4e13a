import { describe, expect, it } from 'vitest';
import type { Role } from './codes';
import { decide, documentAccess, type Actor, type DuoResource, type Resource } from './policy';

const ORG = 'a'.repeat(24);
const OTHER_ORG = 'b'.repeat(24);
const PROG = 'c'.repeat(24);
const OTHER_PROG = 'd'.repeat(24);

function actor(userId: string, role: Role | null, programmeIds: string[] = [PROG], isInstanceAdmin = false): Actor {
  return {
    userId,
    isInstanceAdmin,
    memberships: role ? [{ membershipId: `m-${userId}`, organisationId: ORG, role, programmeIds }] : []
  };
}
const admin = actor('admin', 'admin');
const coord = actor('coord', 'coordinator');
const mentor = actor('mentor', 'mentor');
const mentee = actor('mentee', 'mentee');
const otherMentor = actor('other-mentor', 'mentor');
const outsider = { ...actor('out', null), memberships: [{ membershipId: 'x', organisationId: OTHER_ORG, role: 'admin' as Role, programmeIds: [] }] };
const instanceAdmin = actor('root', null, [], true);

const duo: DuoResource = { kind: 'duo', organisationId: ORG, programmeId: PROG, duoId: 'duo', mentorId: 'mentor', menteeId: 'mentee', status: 'active' };
const programme: Resource = { kind: 'programme', organisationId: ORG, programmeId: PROG };
const otherProgramme: Resource = { kind: 'programme', organisationId: ORG, programmeId: OTHER_PROG };
const org: Resource = { kind: 'organisation', organisationId: ORG };
const member = (role: Role, userId = 'someone', beyondOrganisation = false): Resource => ({
  kind: 'membership',
  organisationId: ORG,
  membershipId: 'mm',
  userId,
  role,
  beyondOrganisation
});

describe('policy.decide', () => {
  it.each([
    ['a mentor reads their duo', mentor, 'duo:read', duo, 'allow'],
    ['a mentee reads their duo', mentee, 'duo:read', duo, 'allow'],
    ['another mentor of the organisation does not know the duo exists', otherMentor, 'duo:read', duo, 'not_found'],
    ['a coordinator reads any duo of the organisation', coord, 'duo:read', duo, 'allow'],
    ['nobody crosses organisations, not even an admin', outsider, 'duo:read', duo, 'not_found'],
    ['the instance admin does not read duos of organisations they are not in', instanceAdmin, 'duo:read', duo, 'not_found'],
    ['a mentor cannot end their own duo', mentor, 'duo:update', duo, 'forbidden'],
    ['a coordinator changes a duo', coord, 'duo:update', duo, 'allow'],
    ['a mentee reads their programme', mentee, 'programme:read', programme, 'allow'],
    ['a mentee does not see a programme they are not in', mentee, 'programme:read', otherProgramme, 'not_found'],
    ['a mentor may not list suggestions', mentor, 'programme:suggest', programme, 'forbidden'],
    ['a coordinator creates duos', coord, 'duo:create', programme, 'allow'],
    ['an outsider does not see the organisation', outsider, 'organisation:read', org, 'not_found'],
    ['the instance admin opens any organisation', instanceAdmin, 'organisation:read', org, 'allow'],
    ['a mentee does not list members', mentee, 'organisation:list_members', org, 'forbidden'],
    ['a member lists (their) programmes', mentee, 'organisation:list_programmes', org, 'allow'],
    ['the instance admin creates organisations', instanceAdmin, 'organisation:create', { kind: 'instance' }, 'allow'],
    ['an organisation admin does not', admin, 'organisation:create', { kind: 'instance' }, 'forbidden'],
    ['a coordinator cannot invite an admin', coord, 'invitation:create', { kind: 'invitation', organisationId: ORG, role: 'admin' }, 'forbidden'],
    ['a coordinator invites a mentor', coord, 'invitation:create', { kind: 'invitation', organisationId: ORG, role: 'mentor' }, 'allow'],
    ['an admin invites an admin', admin, 'invitation:create', { kind: 'invitation', organisationId: ORG, role: 'admin' }, 'allow'],
    ['a mentor cannot invite', mentor, 'invitation:create', { kind: 'invitation', organisationId: ORG, role: 'mentee' }, 'forbidden'],
    ['a member edits their own profile', mentor, 'member:update_profile', member('mentor', 'mentor'), 'allow'],
    ['a member does not edit another profile', mentor, 'member:update_profile', member('mentee'), 'forbidden'],
    ['only an admin changes roles', coord, 'member:update_role', member('mentor'), 'forbidden'],
    ['an admin changes roles', admin, 'member:update_role', member('mentor'), 'allow'],
    ['a coordinator removes a mentor', coord, 'member:remove', member('mentor'), 'allow'],
    ['a coordinator does not remove an admin', coord, 'member:remove', member('admin'), 'forbidden'],
    ['a coordinator makes a reset link for a mentee', coord, 'member:reset_link', member('mentee'), 'allow'],
    ['not for a coordinator', coord, 'member:reset_link', member('coordinator'), 'forbidden'],
    ['not for someone who belongs to another organisation too', admin, 'member:reset_link', member('mentee', 'x', true), 'forbidden'],
    ['an admin never for another admin', admin, 'member:reset_link', member('admin'), 'forbidden'],
    ['a coordinator follows the meetings of a duo', coord, 'meeting:read', duo, 'allow'],
    ['but never where they are, their link or why one was cancelled', coord, 'meeting:details', duo, 'forbidden'],
    ['nor an admin', admin, 'meeting:details', duo, 'forbidden'],
    ['a coordinator does not plan a duo’s meetings', coord, 'meeting:write', duo, 'forbidden'],
    ['a mentee plans meetings while the duo runs', mentee, 'meeting:write', duo, 'allow'],
    ['not once it has ended', mentee, 'meeting:write', { ...duo, status: 'completed' }, 'forbidden'],
    ['but keeps its meetings’ details', mentor, 'meeting:details', { ...duo, status: 'ended_early' }, 'allow'],
    ['another mentor does not know a duo’s meetings exist', otherMentor, 'meeting:read', duo, 'not_found'],
    ['nor their details', otherMentor, 'meeting:details', duo, 'not_found'],
    ['a coordinator never reads meeting notes', coord, 'notes:read', duo, 'forbidden'],
    ['nor writes them', coord, 'notes:write', duo, 'forbidden'],
    ['a mentee reads the notes after the duo ended', mentee, 'notes:read', { ...duo, status: 'completed' }, 'allow'],
    ['but no longer writes them', mentee, 'notes:write', { ...duo, status: 'completed' }, 'forbidden'],
    ['a coordinator never reads private notes', coord, 'private:read', duo, 'forbidden'],
    ['nor an admin', admin, 'private:read', duo, 'forbidden'],
    ['a mentor keeps private notes', mentor, 'private:write', duo, 'allow'],
    ['another mentor does not know they exist', otherMentor, 'private:read', duo, 'not_found'],
    ['the mentee shares a reflection', mentee, 'reflection:write', duo, 'allow'],
    ['the mentor does not write in the mentee’s name', mentor, 'reflection:write', duo, 'forbidden'],
    ['the mentor reads the shared reflections', mentor, 'reflection:read', duo, 'allow'],
    ['a coordinator does not', coord, 'reflection:read', duo, 'forbidden'],
    ['nor writes one', coord, 'reflection:write', duo, 'forbidden'],
    ['a coordinator does not read the agreement', coord, 'agreement:read', duo, 'forbidden'],
    ['the mentor writes his part of it', mentor, 'agreement:write', duo, 'allow'],
    ['only the mentee assesses herself', mentor, 'assessment:write', duo, 'forbidden'],
    ['the mentee does', mentee, 'assessment:write', duo, 'allow'],
    ['both check in after a meeting', mentor, 'checkin:write', duo, 'allow'],
    ['a coordinator does not check in for them', coord, 'checkin:write', duo, 'forbidden'],
    ['once erased, the notes are gone for the mentee too', mentee, 'notes:read', { ...duo, status: 'completed', erased: true }, 'not_found'],
    ['and the CV', mentor, 'cv:read', { ...duo, status: 'completed', erased: true }, 'not_found'],
    ['and the private notes', mentor, 'private:read', { ...duo, status: 'ended_early', erased: true }, 'not_found'],
    ['and the agreement', mentee, 'agreement:read', { ...duo, status: 'completed', erased: true }, 'not_found'],
    ['the meetings stay as metadata', mentee, 'meeting:read', { ...duo, status: 'completed', erased: true }, 'allow'],
    ['as does the duo itself', mentee, 'duo:read', { ...duo, status: 'completed', erased: true }, 'allow'],
    ['a coordinator still follows an erased duo’s metadata', coord, 'meeting:read', { ...duo, status: 'completed', erased: true }, 'allow'],
    ['only an admin changes the organisation’s settings', admin, 'organisation:update_settings', org, 'allow'],
    ['not a coordinator', coord, 'organisation:update_settings', org, 'forbidden'],
    ['nor a mentee', mentee, 'organisation:update_settings', org, 'forbidden']
  ] as const)('%s', (_label, who, action, resource, expected) => {
    expect(decide(who, action, resource as Resource)).toBe(expected);
  });

  it('refuses to judge an action against the wrong kind of resource', () => {
    expect(() => decide(admin, 'duo:read', programme)).toThrow(/does not apply/);
  });
});

describe('policy.documentAccess', () => {
  const cv = (status: DuoResource['status']) => ({ kind: 'cv' as const, duo: { ...duo, status } });
  it('lets the duo write while open and read afterwards', () => {
    expect(documentAccess(mentee, cv('active'))).toBe('write');
    expect(documentAccess(mentor, cv('paused'))).toBe('write');
    expect(documentAccess(mentee, cv('completed'))).toBe('read');
    expect(documentAccess(mentor, cv('ended_early'))).toBe('read');
  });
  it('lets coordinators and admins read, and nobody else in', () => {
    expect(documentAccess(coord, cv('active'))).toBe('read');
    expect(documentAccess(admin, cv('active'))).toBe('read');
    expect(documentAccess(otherMentor, cv('active'))).toBe('none');
    expect(documentAccess(outsider, cv('active'))).toBe('none');
    expect(documentAccess(instanceAdmin, cv('active'))).toBe('none');
  });
  it('keeps meeting notes to the duo: written while open, read afterwards, never opened by coordinators', () => {
    const notes = (status: DuoResource['status']) => ({ kind: 'meeting_notes' as const, duo: { ...duo, status } });
    expect(documentAccess(mentee, notes('active'))).toBe('write');
    expect(documentAccess(mentor, notes('completed'))).toBe('read');
    expect(documentAccess(coord, notes('active'))).toBe('none');
    expect(documentAccess(admin, notes('completed'))).toBe('none');
    expect(documentAccess(otherMentor, notes('active'))).toBe('none');
  });
});
