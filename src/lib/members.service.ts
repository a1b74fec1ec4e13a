// An organisation's members, as coordinators and admins manage them.
import type { Role } from '$shared/codes';
import type { MemberView, ResetLinkView } from '$shared/schemas';
import { api } from './api';

const base = (orgId: string) => `/api/organisations/${encodeURIComponent(orgId)}/members`;

export const membersService = {
  list: (orgId: string, role?: Role) => api.get<MemberView[]>(base(orgId) + (role ? `?role=${role}` : '')),
  setRole: (orgId: string, membershipId: string, role: Role) =>
    api.patch<MemberView>(`${base(orgId)}/${encodeURIComponent(membershipId)}`, { role }),
  remove: (orgId: string, membershipId: string) => api.del(`${base(orgId)}/${encodeURIComponent(membershipId)}`),
  resetLink: (orgId: string, membershipId: string) =>
    api.post<ResetLinkView>(`${base(orgId)}/${encodeURIComponent(membershipId)}/reset-link`)
};
