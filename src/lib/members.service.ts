// An organisation's members, as coordinators and admins manage them.
import type { Role } from '$shared/codes';
import type { MemberView, MembershipView, ResetLinkView } from '$shared/schemas';

export type MemberProfile = MembershipView['profile'];
import { api } from './api';
import { ROUTES, withQuery } from '$shared/routes';

export const membersService = {
  list: (orgId: string, role?: Role) => api.get<MemberView[]>(withQuery(ROUTES.members(orgId), { role })),
  setRole: (orgId: string, membershipId: string, role: Role) =>
    api.patch<MemberView>(ROUTES.member(orgId, membershipId), { role }),
  updateProfile: (orgId: string, membershipId: string, profile: Partial<MemberProfile>) =>
    api.patch<MemberView>(ROUTES.member(orgId, membershipId), { profile }),
  remove: (orgId: string, membershipId: string) => api.del(ROUTES.member(orgId, membershipId)),
  resetLink: (orgId: string, membershipId: string) =>
    api.post<ResetLinkView>(ROUTES.memberResetLink(orgId, membershipId))
};
