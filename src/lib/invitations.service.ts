// Invitations: created by coordinators, previewed and accepted by the invitee through a single-use link.
import type { AcceptInvitationInput, InvitationInput, InvitationPreview, InvitationView, MeView } from '$shared/schemas';

import { api } from './api';

const byToken = (token: string) => `/api/invitations/by-token/${encodeURIComponent(token)}`;

export const invitationsService = {
  list: (orgId: string) => api.get<InvitationView[]>(`/api/organisations/${encodeURIComponent(orgId)}/invitations`),
  create: (orgId: string, body: InvitationInput) =>
    api.post<InvitationView>(`/api/organisations/${encodeURIComponent(orgId)}/invitations`, body),
  revoke: (id: string) => api.del(`/api/invitations/${encodeURIComponent(id)}`),
  preview: (token: string) => api.get<InvitationPreview>(byToken(token)),
  accept: (token: string, body: AcceptInvitationInput) => api.post<MeView>(`${byToken(token)}/accept`, body)
};

export type InvitationState = 'pending' | 'used' | 'expired';
export function invitationState(invitation: InvitationView, now = Date.now()): InvitationState {
  if (invitation.usedAt) return 'used';
  return Date.parse(invitation.expiresAt) <= now ? 'expired' : 'pending';
}
