// The programme dashboard's figures and the links of the funder's report files (issue 13).
import type { FigureOptions, ProgrammeFigures } from '$shared/reports/figures';
import type { Locale } from '$shared/codes';
import { api } from './api';
import { ROUTES, withQuery } from '$shared/routes';

export interface ReportFilter {
  /** '' for every programme. */
  programmeId: string;
  from: string;
  to: string;
  /** '' for every partner company. */
  companyId: string;
}

const query = (f: ReportFilter) => ({ from: f.from || undefined, to: f.to || undefined, programmes: f.programmeId || undefined, company: f.companyId || undefined });

export const reportsService = {
  options: (orgId: string) => api.get<FigureOptions>(ROUTES.reportOptions(orgId)),
  figures: (orgId: string, f: ReportFilter) => api.get<ProgrammeFigures>(withQuery(ROUTES.reportFigures(orgId), query(f))),
  /** A plain link: the browser downloads the file with the session cookie. */
  fileUrl: (orgId: string, ext: 'pdf' | 'csv' | 'xlsx', f: ReportFilter, locale: Locale) => withQuery(ROUTES.reportFile(orgId, ext), { ...query(f), locale })
};
