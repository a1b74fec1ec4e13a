// What the interface offers is asked of the shared policy ($shared/policy), the very module the server enforces,
// instead of copying its rules into components. The server keeps the last word: the client does not know
// everything the policy may weigh (see `actorOf`, `memberResource`), and anything it shows by mistake is refused.
// (Relative imports: the unit tests run without SvelteKit's `$shared` alias.)
import type { Role } from './shared/codes';
import { can, type Action, type Actor, type DuoResource, type Resource } from './shared/policy';
import type { DuoView, MemberView, MeView } from './shared/schemas';

export { can };
export type { Action, Actor, Resource };

/**
 * The logged-in person as the policy sees them. `MeView` does not list the programmes a mentor or mentee is in,
 * so programme-scoped questions about them are left to the server (the client never asks them).
 */
export function actorOf(me: MeView): Actor {
  return {
    userId: me.user.id,
    isInstanceAdmin: me.user.isInstanceAdmin,
    isUmbrellaViewer: me.user.isUmbrellaViewer === true,
    memberships: me.memberships.map((m) => ({ membershipId: m.id, organisationId: m.organisationId, role: m.role, programmeIds: [], companyId: m.companyId ?? null }))
  };
}

export const instanceResource = (): Resource => ({ kind: 'instance' });

export const organisationResource = (organisationId: string): Resource => ({ kind: 'organisation', organisationId });

export function duoResource(duo: DuoView): DuoResource {
  return {
    kind: 'duo',
    organisationId: duo.organisationId,
    programmeId: duo.programmeId,
    duoId: duo.id,
    mentorId: duo.mentor.userId,
    menteeId: duo.mentee.userId,
    status: duo.status,
    erased: Boolean(duo.erasedAt)
  };
}

/** `beyondOrganisation` (the person also belongs elsewhere) is not in the view: the server answers 403 then. */
export function memberResource(member: MemberView): Resource {
  return {
    kind: 'membership',
    organisationId: member.organisationId,
    membershipId: member.id,
    userId: member.userId,
    role: member.role,
    beyondOrganisation: false
  };
}

export const invitationResource = (organisationId: string, role: Role): Resource => ({ kind: 'invitation', organisationId, role });
