// Invitations: created and listed by coordinators, previewed and accepted by whoever holds the link.
import type { z } from 'zod';
import { acceptInvitationBody, invitationBody } from '../../../src/lib/shared/schemas.ts';
import { toId, type InvitationDoc } from '../../data/models.ts';
import { route, type AnyRoute } from '../registry.ts';
import { idParams, orgParams, tokenParams, type RouteDeps } from './deps.ts';

type None = Record<string, never>;

export function invitationRoutes({ s, load, auth }: RouteDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/organisations/:orgId/invitations',
      params: orgParams,
      policy: { kind: 'resource', action: 'organisation:list_invitations', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ params }) => s.invitations.list(toId(params.orgId))
    }),
    route<z.infer<typeof orgParams>, None, z.infer<typeof invitationBody>, undefined>({
      method: 'post',
      path: '/organisations/:orgId/invitations',
      params: orgParams,
      body: invitationBody,
      status: 201,
      policy: {
        kind: 'resource',
        action: 'invitation:create',
        // The invited role is part of the resource: a coordinator may not invite an admin.
        load: async ({ params, body }) => {
          await load.organisation(params.orgId);
          return { resource: { kind: 'invitation', organisationId: params.orgId, role: body.role }, doc: undefined };
        }
      },
      handle: async ({ params, body, actor }) => s.invitations.create(toId(actor!.userId), toId(params.orgId), body)
    }),
    route<z.infer<typeof idParams>, None, undefined, InvitationDoc>({
      method: 'delete',
      path: '/invitations/:id',
      params: idParams,
      policy: { kind: 'resource', action: 'invitation:revoke', load: ({ params }) => load.invitation(params.id) },
      handle: async ({ doc }) => {
        await s.invitations.revoke(doc);
        return undefined;
      }
    }),
    route({
      method: 'get',
      path: '/invitations/by-token/:token',
      params: tokenParams,
      policy: { kind: 'public' },
      handle: async ({ params }) => s.invitations.preview(params.token)
    }),
    route({
      method: 'post',
      path: '/invitations/by-token/:token/accept',
      params: tokenParams,
      body: acceptInvitationBody,
      status: 201,
      policy: { kind: 'public' },
      handle: async ({ params, body, actor, res }) => {
        const user = await s.invitations.accept(params.token, body, actor?.userId ?? null);
        if (!actor || actor.userId !== String(user._id)) {
          const { token } = await s.sessions.create(user._id);
          auth.set(res, token);
        }
        return s.accounts.me(user._id);
      }
    })
  ];
}
