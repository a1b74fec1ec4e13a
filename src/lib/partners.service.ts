// Partner companies and the umbrella view (issue 13): the organisation's companies as staff manage them, a
// company's figures as its contact reads them, and the anonymised statistics of the umbrella role.
import type { Locale } from '$shared/codes';
import type { PartnerCompanyView } from '$shared/reports/companies';
import type { CompanyFiguresView, UmbrellaView } from '$shared/reports/partners';
import type { MemberView } from '$shared/schemas';
import { api } from './api';

const companies = (orgId: string) => `/api/organisations/${orgId}/companies`;
const company = (orgId: string, id: string) => `${companies(orgId)}/${id}`;

export const partnersService = {
  list: (orgId: string) => api.get<PartnerCompanyView[]>(companies(orgId)),
  create: (orgId: string, name: string) => api.post<PartnerCompanyView>(companies(orgId), { name }),
  rename: (orgId: string, id: string, name: string) => api.patch<PartnerCompanyView>(company(orgId, id), { name }),
  remove: (orgId: string, id: string) => api.del(company(orgId, id)),
  setMemberCompany: (orgId: string, membershipId: string, companyId: string | null) =>
    api.patch<MemberView>(`/api/organisations/${orgId}/members/${membershipId}/company`, { companyId }),
  figures: (orgId: string, id: string) => api.get<CompanyFiguresView>(`${company(orgId, id)}/figures`),
  /** A plain link: the browser downloads the file with the session cookie. */
  figuresCsvUrl: (orgId: string, id: string, locale: Locale) => `${company(orgId, id)}/figures.csv?locale=${locale}`,
  umbrella: () => api.get<UmbrellaView>('/api/umbrella/statistics')
};
