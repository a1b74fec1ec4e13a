// Organisations and their members.
import { z } from 'zod';
import { ROLES } from '../../../src/lib/shared/codes.ts';
import { memberPatch, organisationBody } from '../../../src/lib/shared/schemas.ts';
import { organisationSettingsBody, type OrganisationSettings } from '../../../src/lib/shared/retention.ts';
import { toId, type MembershipDoc, type OrganisationDoc } from '../../data/models.ts';
import { route, type AnyRoute } from '../registry.ts';
import { memberParams, orgParams, type RouteDeps } from './deps.ts';

export function organisationRoutes({ s, load }: RouteDeps): AnyRoute[] {
  return [
    route({
      method: 'get',
      path: '/organisations',
      policy: { kind: 'authenticated' },
      handle: async ({ actor }) => s.organisations.list(actor!)
    }),
    route({
      method: 'post',
      path: '/organisations',
      policy: { kind: 'resource', action: 'organisation:create', load: async () => ({ resource: { kind: 'instance' }, doc: undefined }) },
      body: organisationBody,
      status: 201,
      handle: async ({ actor, body }) => {
        const me = await s.repos.users.findById(toId(actor!.userId));
        return s.organisations.create(toId(actor!.userId), body.name, me?.locale);
      }
    }),
    route<z.infer<typeof orgParams>, Record<string, never>, undefined, OrganisationDoc>({
      method: 'get',
      path: '/organisations/:orgId',
      params: orgParams,
      policy: { kind: 'resource', action: 'organisation:read', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ doc }) => ({ id: String(doc._id), name: doc.name, createdAt: doc.createdAt.toISOString() })
    }),
    // The organisation's settings: every member may know how long an ended duo is kept; its admins change it.
    route<z.infer<typeof orgParams>, Record<string, never>, undefined, OrganisationDoc>({
      method: 'get',
      path: '/organisations/:orgId/settings',
      params: orgParams,
      policy: { kind: 'resource', action: 'organisation:read', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ doc }) => s.organisations.settings(doc)
    }),
    route<z.infer<typeof orgParams>, Record<string, never>, OrganisationSettings, OrganisationDoc>({
      method: 'patch',
      path: '/organisations/:orgId/settings',
      params: orgParams,
      body: organisationSettingsBody,
      policy: { kind: 'resource', action: 'organisation:update_settings', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ doc, body }) => s.organisations.updateSettings(doc, body)
    }),
    route({
      method: 'get',
      path: '/organisations/:orgId/members',
      params: orgParams,
      query: z.strictObject({ role: z.enum(ROLES).optional() }),
      policy: { kind: 'resource', action: 'organisation:list_members', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ params, query }) => s.members.list(toId(params.orgId), query.role)
    }),
    route<z.infer<typeof memberParams>, Record<string, never>, z.infer<typeof memberPatch>, MembershipDoc>({
      method: 'patch',
      path: '/organisations/:orgId/members/:membershipId',
      params: memberParams,
      body: memberPatch,
      policy: {
        kind: 'resource',
        // Each part of the change needs its own right: a coordinator edits profiles, only an admin changes roles.
        action: ({ body }) => [
          ...(body.role !== undefined ? (['member:update_role'] as const) : []),
          ...(body.profile !== undefined || body.role === undefined ? (['member:update_profile'] as const) : [])
        ],
        load: ({ params }) => load.membership(params.orgId, params.membershipId)
      },
      handle: async ({ doc, body }) => s.members.update(doc, body)
    }),
    route<z.infer<typeof memberParams>, Record<string, never>, undefined, MembershipDoc>({
      method: 'delete',
      path: '/organisations/:orgId/members/:membershipId',
      params: memberParams,
      policy: { kind: 'resource', action: 'member:remove', load: ({ params }) => load.membership(params.orgId, params.membershipId) },
      handle: async ({ doc }) => {
        await s.members.remove(doc);
        // Their reporting answers there go too (ERASURE.md, outcomes section).
        await s.outcomes.reporting.eraseMembership(doc);
        return undefined;
      }
    }),
    route<z.infer<typeof memberParams>, Record<string, never>, undefined, MembershipDoc>({
      method: 'post',
      path: '/organisations/:orgId/members/:membershipId/reset-link',
      params: memberParams,
      status: 201,
      policy: { kind: 'resource', action: 'member:reset_link', load: ({ params }) => load.membership(params.orgId, params.membershipId) },
      handle: async ({ doc, actor }) => s.resets.createLink(doc.userId, { createdBy: toId(actor!.userId), organisationId: doc.organisationId })
    })
  ];
}
