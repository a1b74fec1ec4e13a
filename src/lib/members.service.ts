// An organisation's members, as coordinators and admins manage them.
import type { Role } from '$shared/codes';
import type { MemberView, MembershipView, ResetLinkView } from '$shared/schemas';

export type MemberProfile = MembershipView['profile'];
import { api } from './api';

const base = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}/members`;

export const membersService = {
  list: (orgId: string, role?: Role) => api.get<MemberView[]>(base(orgId) + (role ? `?role=${role}` : '')),
  setRole: (orgId: string, membershipId: string, role: Role) =>
    api.patch<MemberView>(`${base(orgId)}/${encodeURIComponent(membershipId)}`, { role }),
  updateProfile: (orgId: string, membershipId: string, profile: Partial<MemberProfile>) =>
    api.patch<MemberView>(`${base(orgId)}/${encodeURIComponent(membershipId)}`, { profile }),
  remove: (orgId: string, membershipId: string) => api.del(`${base(orgId)}/${encodeURIComponent(membershipId)}`),
  resetLink: (orgId: string, membershipId: string) =>
    api.post<ResetLinkView>(`${base(orgId)}/${encodeURIComponent(membershipId)}/reset-link`)
};
