// Invitations: created by coordinators, previewed and accepted by the invitee through a single-use link.
import type { AcceptInvitationInput, InvitationInput, InvitationPreview, InvitationView, MeView } from '$shared/schemas';

import { api } from './api';
import { ROUTES } from '$shared/routes';


export const invitationsService = {
  list: (orgId: string) => api.get<InvitationView[]>(ROUTES.organisationInvitations(orgId)),
  create: (orgId: string, body: InvitationInput) =>
    api.post<InvitationView>(ROUTES.organisationInvitations(orgId), body),
  revoke: (id: string) => api.del(ROUTES.invitation(id)),
  preview: (token: string) => api.get<InvitationPreview>(ROUTES.invitationByToken(token)),
  accept: (token: string, body: AcceptInvitationInput) => api.post<MeView>(ROUTES.invitationAccept(token), body)
};

export type InvitationState = 'pending' | 'used' | 'expired';
export function invitationState(invitation: InvitationView, now = Date.now()): InvitationState {
  if (invitation.usedAt) return 'used';
  return Date.parse(invitation.expiresAt) <= now ? 'expired' : 'pending';
}
