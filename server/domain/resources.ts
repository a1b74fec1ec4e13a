// Documents → the resource descriptions the policy judges. One place, so that routes, Socket.IO handlers and the
// collaboration server describe a duo the same way.
import type { DuoDoc, MembershipDoc } from '../data/models.ts';
import type { DuoResource, Resource } from './policy.ts';

export function duoResource(d: DuoDoc): DuoResource {
  return {
    kind: 'duo',
    organisationId: String(d.organisationId),
    programmeId: String(d.programmeId),
    duoId: String(d._id),
    mentorId: String(d.mentorId),
    menteeId: String(d.menteeId),
    status: d.status,
    erased: Boolean(d.erasedAt)
  };
}

/** `beyondOrganisation`: MembersService.beyondOrganisation, which needs the database. */
export function membershipResource(m: MembershipDoc, beyondOrganisation: boolean): Extract<Resource, { kind: 'membership' }> {
  return {
    kind: 'membership',
    organisationId: String(m.organisationId),
    membershipId: String(m._id),
    userId: String(m.userId),
    role: m.role,
    beyondOrganisation
  };
}
