// Outcomes (issue 13): a duo's recorded situations and the programme's moments to record (coordinators), the
// mentee's signed-link form (no login: the one-use token is the right to answer), and the reporting fields.
import type { z } from 'zod';
import { outcomeBody, outcomeParams, reportingAnswersBody, reportingFieldsBody } from '../../../src/lib/shared/reports/outcome-api.ts';
import type { DuoDoc, MembershipDoc, OrganisationDoc, ProgrammeDoc } from '../../data/models.ts';
import { toId } from '../../data/models.ts';
import { route, type AnyRoute } from '../registry.ts';
import { idParams, memberParams, orgParams, tokenParams, type RouteDeps } from './deps.ts';

type None = Record<string, never>;
type IdP = z.infer<typeof idParams>;
type OutcomeP = z.infer<typeof outcomeParams>;
type OrgP = z.infer<typeof orgParams>;
type MemberP = z.infer<typeof memberParams>;
type TokenP = z.infer<typeof tokenParams>;

export function outcomeRoutes({ s, load }: RouteDeps): AnyRoute[] {
  const o = s.outcomes;
  return [
    route<IdP, None, undefined, DuoDoc>({
      method: 'get',
      path: '/duos/:id/outcomes',
      params: idParams,
      policy: { kind: 'resource', action: 'outcome:read', load: ({ params }) => load.duo(params.id) },
      handle: async ({ doc }) => o.outcomes.list(doc)
    }),
    route<OutcomeP, None, z.infer<typeof outcomeBody>, DuoDoc>({
      method: 'post',
      path: '/duos/:id/outcomes/:moment',
      params: outcomeParams,
      body: outcomeBody,
      policy: { kind: 'resource', action: 'outcome:write', load: ({ params }) => load.duo(params.id) },
      handle: async ({ doc, params, body, actor }) => o.outcomes.record(doc, params.moment, body, { source: 'coordinator', userId: actor!.userId })
    }),
    route<IdP, None, undefined, ProgrammeDoc>({
      method: 'get',
      path: '/programmes/:id/outcomes-due',
      params: idParams,
      policy: { kind: 'resource', action: 'programme:outcomes', load: ({ params }) => load.programme(params.id) },
      handle: async ({ doc }) => o.outcomes.due(doc)
    }),
    route<TokenP>({
      method: 'get',
      path: '/outcome-forms/by-token/:token',
      params: tokenParams,
      policy: { kind: 'public' },
      handle: async ({ params }) => o.forms.preview(params.token)
    }),
    route<TokenP, None, z.infer<typeof outcomeBody>>({
      method: 'post',
      path: '/outcome-forms/by-token/:token',
      params: tokenParams,
      body: outcomeBody,
      policy: { kind: 'public' },
      handle: async ({ params, body }) => {
        await o.forms.answer(params.token, body);
        return undefined;
      }
    }),
    route<OrgP, None, undefined, OrganisationDoc>({
      method: 'get',
      path: '/organisations/:orgId/reporting-fields',
      params: orgParams,
      policy: { kind: 'resource', action: 'reporting:configure', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ doc }) => o.reporting.settings(doc._id)
    }),
    route<OrgP, None, z.infer<typeof reportingFieldsBody>, OrganisationDoc>({
      method: 'patch',
      path: '/organisations/:orgId/reporting-fields',
      params: orgParams,
      body: reportingFieldsBody,
      policy: { kind: 'resource', action: 'reporting:configure', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ doc, body }) => o.reporting.setSettings(doc._id, body)
    }),
    route<MemberP, None, undefined, MembershipDoc>({
      method: 'get',
      path: '/organisations/:orgId/members/:membershipId/reporting',
      params: memberParams,
      policy: { kind: 'resource', action: 'reporting:read_answers', load: ({ params }) => load.membership(params.orgId, params.membershipId) },
      handle: async ({ doc }) => o.reporting.form(doc)
    }),
    route<MemberP, None, z.infer<typeof reportingAnswersBody>, MembershipDoc>({
      method: 'patch',
      path: '/organisations/:orgId/members/:membershipId/reporting',
      params: memberParams,
      body: reportingAnswersBody,
      policy: { kind: 'resource', action: 'reporting:write_answers', load: ({ params }) => load.membership(params.orgId, params.membershipId) },
      handle: async ({ doc, body }) => o.reporting.answer(doc, body)
    }),
    route({
      method: 'get',
      path: '/me/reporting',
      policy: { kind: 'authenticated' },
      handle: async ({ actor }) => o.reporting.mine(toId(actor!.userId))
    })
  ];
}
