// Partner companies (issue 13, point 4) and the umbrella view (point 5). Every route asks the policy: the
// organisation's staff manage companies and attach people to them; a company contact reads its own company's
// figures; the umbrella role reads anonymised statistics across organisations; the instance admin gives that role.
import { z } from 'zod';
import { LOCALES } from '../../../src/lib/shared/codes.ts';
import { companyBody, memberCompanyBody, umbrellaGrantBody } from '../../../src/lib/shared/reports/partners.ts';
import { objectId } from '../../../src/lib/shared/schemas.ts';
import { toId, type MembershipDoc } from '../../data/models.ts';
import type { PartnerCompanyDoc } from '../../data/reports-store.ts';
import { NotFound } from '../../domain/errors.ts';
import type { Resource } from '../../domain/policy.ts';
import { companyFiguresCsv } from '../../reports/partner-csv.ts';
import { FileAnswer, route, type AnyRoute } from '../registry.ts';
import { memberParams, orgParams, type RouteDeps } from './deps.ts';

const companyParams = z.strictObject({ orgId: objectId, companyId: objectId });
type CompanyParams = z.infer<typeof companyParams>;
const csvQuery = z.strictObject({ locale: z.enum(LOCALES).default('fr') });
const instance = async () => ({ resource: { kind: 'instance' } satisfies Resource, doc: undefined });

export function partnerRoutes({ s, load }: RouteDeps): AnyRoute[] {
  /** A company addressed under its organisation: one of another organisation is simply not there. */
  const company = async ({ params }: { params: CompanyParams }) => {
    const doc = await s.partners.find(toId(params.orgId), toId(params.companyId));
    if (!doc) throw new NotFound('Not found');
    return { doc, resource: { kind: 'company', organisationId: params.orgId, companyId: params.companyId } satisfies Resource };
  };
  const figures = (path: string) => ({
    method: 'get' as const,
    path,
    params: companyParams,
    policy: { kind: 'resource' as const, action: 'company:figures' as const, load: company }
  });

  return [
    route({
      method: 'get',
      path: '/organisations/:orgId/companies',
      params: orgParams,
      policy: { kind: 'resource', action: 'company:manage', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ params }) => s.partners.list(toId(params.orgId))
    }),
    route<z.infer<typeof orgParams>, Record<string, never>, z.infer<typeof companyBody>, unknown>({
      method: 'post',
      path: '/organisations/:orgId/companies',
      params: orgParams,
      body: companyBody,
      status: 201,
      policy: { kind: 'resource', action: 'company:manage', load: ({ params }) => load.organisation(params.orgId) },
      handle: async ({ params, body }) => s.partners.create(toId(params.orgId), body.name)
    }),
    route<CompanyParams, Record<string, never>, z.infer<typeof companyBody>, PartnerCompanyDoc>({
      method: 'patch',
      path: '/organisations/:orgId/companies/:companyId',
      params: companyParams,
      body: companyBody,
      // Renaming is managing the organisation's list: the organisation decides, as for creating.
      policy: { kind: 'resource', action: 'company:manage', load: async (input) => ({ ...(await load.organisation(input.params.orgId)), doc: (await company(input)).doc }) },
      handle: async ({ doc, body }) => s.partners.rename(doc, body.name)
    }),
    route<CompanyParams, Record<string, never>, undefined, PartnerCompanyDoc>({
      method: 'delete',
      path: '/organisations/:orgId/companies/:companyId',
      params: companyParams,
      policy: { kind: 'resource', action: 'company:manage', load: async (input) => ({ ...(await load.organisation(input.params.orgId)), doc: (await company(input)).doc }) },
      handle: async ({ doc }) => {
        await s.partners.remove(doc);
        return undefined;
      }
    }),
    route<z.infer<typeof memberParams>, Record<string, never>, z.infer<typeof memberCompanyBody>, MembershipDoc>({
      method: 'patch',
      path: '/organisations/:orgId/members/:membershipId/company',
      params: memberParams,
      body: memberCompanyBody,
      policy: { kind: 'resource', action: 'member:set_company', load: ({ params }) => load.membership(params.orgId, params.membershipId) },
      handle: async ({ doc, body }) => s.partners.setMemberCompany(doc, body.companyId)
    }),
    route<CompanyParams, Record<string, never>, undefined, PartnerCompanyDoc>({
      ...figures('/organisations/:orgId/companies/:companyId/figures'),
      handle: async ({ doc }) => s.partners.figures(doc)
    }),
    route<CompanyParams, z.infer<typeof csvQuery>, undefined, PartnerCompanyDoc>({
      ...figures('/organisations/:orgId/companies/:companyId/figures.csv'),
      query: csvQuery,
      handle: async ({ doc, query }) => new FileAnswer('text/csv; charset=utf-8', `${doc.name} — participation.csv`, companyFiguresCsv(await s.partners.figures(doc), query.locale))
    }),
    route({
      method: 'get',
      path: '/umbrella/statistics',
      policy: { kind: 'resource', action: 'umbrella:read', load: instance },
      handle: async () => s.umbrella.statistics()
    }),
    route({
      method: 'get',
      path: '/umbrella/viewers',
      policy: { kind: 'resource', action: 'umbrella:grant', load: instance },
      handle: async () => s.umbrella.viewers()
    }),
    route<Record<string, never>, Record<string, never>, z.infer<typeof umbrellaGrantBody>>({
      method: 'post',
      path: '/umbrella/viewers',
      body: umbrellaGrantBody,
      policy: { kind: 'resource', action: 'umbrella:grant', load: instance },
      handle: async ({ body }) => s.umbrella.grant(body)
    })
  ];
}
