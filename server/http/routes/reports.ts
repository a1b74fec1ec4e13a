// The programme dashboard's figures and the funder's report (issue 13): JSON for the dashboard, a PDF, and the
// anonymised per-duo rows as CSV and XLSX, all from one computation per request.
import type { z } from 'zod';
import { figuresQuery, type FigureOptions, type ProgrammeFigures } from '../../../src/lib/shared/reports/figures.ts';
import type { OrganisationDoc } from '../../data/models.ts';
import { toId } from '../../data/models.ts';
import { renderReportPdf } from '../../reports/report-pdf.ts';
import { reportCsv } from '../../reports/report-table.ts';
import { reportXlsx } from '../../reports/report-xlsx.ts';
import { FileAnswer, route, type AnyRoute } from '../registry.ts';
import { orgParams, type RouteDeps } from './deps.ts';

type OrgP = z.infer<typeof orgParams>;
type Q = z.infer<typeof figuresQuery>;
type None = Record<string, never>;

/** e.g. "rapport-2026-01-01-2026-12-31.pdf": the period, never a person. */
const fileName = (f: ProgrammeFigures, stem: string, ext: string) => `${stem}-${f.filter.from}-${f.filter.to}.${ext}`;

export function reportRoutes({ s, load }: RouteDeps): AnyRoute[] {
  const organisation = ({ params }: { params: OrgP }) => load.organisation(params.orgId);
  const exportRoute = (ext: 'pdf' | 'csv' | 'xlsx', contentType: string, render: (r: Awaited<ReturnType<typeof s.programmeReports.report>>, q: Q) => Promise<Buffer | string>) =>
    route<OrgP, Q, undefined, OrganisationDoc>({
      method: 'get',
      path: `/organisations/:orgId/reports/report.${ext}`,
      params: orgParams,
      query: figuresQuery,
      policy: { kind: 'resource', action: 'report:export', load: organisation },
      handle: async ({ doc, query }) => {
        const r = await s.programmeReports.report(doc, query);
        return new FileAnswer(contentType, fileName(r.figures, ext === 'pdf' ? 'report' : 'duos', ext), await render(r, query));
      }
    });
  return [
    route<OrgP, None, undefined, OrganisationDoc>({
      method: 'get',
      path: '/organisations/:orgId/reports/options',
      params: orgParams,
      policy: { kind: 'resource', action: 'report:read', load: organisation },
      handle: async ({ params }): Promise<FigureOptions> => s.programmeReports.options(toId(params.orgId))
    }),
    route<OrgP, Q, undefined, OrganisationDoc>({
      method: 'get',
      path: '/organisations/:orgId/reports/figures',
      params: orgParams,
      query: figuresQuery,
      policy: { kind: 'resource', action: 'report:read', load: organisation },
      handle: async ({ doc, query }): Promise<ProgrammeFigures> => (await s.programmeReports.report(doc, query)).figures
    }),
    exportRoute('pdf', 'application/pdf', (r, q) => renderReportPdf(r.figures, q.locale ?? 'fr')),
    exportRoute('csv', 'text/csv; charset=utf-8', async (r, q) => reportCsv(r, q.locale ?? 'fr')),
    exportRoute('xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', (r, q) => reportXlsx(r, q.locale ?? 'fr'))
  ];
}
