// The coordinators' programme reports (issue 13): resolves the dashboard's filters within one organisation,
// asks the aggregation for the figures and the anonymised rows once, and hands that one result to the
// dashboard, the PDF and the CSV/XLSX exports.
import type { Types } from 'mongoose';
import type { FigureOptions, FiguresQuery, ProgrammeReport } from '../../../src/lib/shared/reports/figures.ts';
import type { ReportsStore } from '../../data/reports-store.ts';
import { toId, type OrganisationDoc } from '../../data/models.ts';
import type { Repositories } from '../../data/repositories.ts';
import type { Clock } from '../clock.ts';
import { Invalid } from '../errors.ts';
import type { ProgrammeFiguresQuery } from './programme-figures.ts';

type Id = Types.ObjectId;

export class ProgrammeReports {
  constructor(
    private readonly repos: Repositories,
    private readonly store: ReportsStore,
    private readonly figures: ProgrammeFiguresQuery,
    private readonly clock: Clock
  ) {}

  /** The programmes and partner companies the dashboard's filters offer. */
  async options(organisationId: Id): Promise<FigureOptions> {
    const [programmes, companies] = await Promise.all([
      this.repos.programmes.listByOrg(organisationId),
      this.store.partnerCompanies.find({ organisationId }).sort({ name: 1 }).lean().exec()
    ]);
    return {
      programmes: programmes.map((p) => ({ id: String(p._id), name: p.name })),
      companies: companies.map((c) => ({ id: String(c._id), name: c.name }))
    };
  }

  /** The figures and rows for one organisation and filter; a programme or company of elsewhere is refused. */
  async report(org: OrganisationDoc, q: FiguresQuery): Promise<ProgrammeReport> {
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const from = q.from ?? `${today.slice(0, 4)}-01-01`;
    const to = q.to ?? today;
    if (from > to) throw new Invalid('from must not be after to', 'from');
    const wanted = q.programmes ? [...new Set(q.programmes.split(','))] : [];
    const programmes = wanted.length ? await this.repos.programmes.listByOrg(org._id, wanted.map(toId)) : [];
    if (programmes.length !== wanted.length) throw new Invalid('unknown programme', 'programmes');
    const company = q.company ? await this.store.partnerCompanies.findOne({ _id: toId(q.company), organisationId: org._id }).lean().exec() : null;
    if (q.company && !company) throw new Invalid('unknown partner company', 'company');
    const settings = await this.store.reportingSettings.findOne({ organisationId: org._id }).lean().exec();
    const fields = (settings?.fields ?? []).filter((f) => f.enabled).map((f) => ({ field: f.field, options: f.options }));

    const { totals, rows } = await this.figures.compute({
      organisationId: org._id,
      programmeIds: programmes.map((p) => p._id),
      from,
      to,
      companyId: company?._id ?? null,
      now,
      fields: fields.map((f) => f.field)
    });
    return {
      figures: {
        organisation: { id: String(org._id), name: org.name },
        filter: { programmeIds: programmes.map((p) => String(p._id)), from, to, companyId: company ? String(company._id) : null },
        programmeNames: programmes.map((p) => p.name),
        companyName: company?.name ?? null,
        generatedAt: now.toISOString(),
        ...totals
      },
      fields,
      // A row number of this export only: nothing in it leads back to a person.
      rows: rows.map((r, i) => ({ row: i + 1, ...r }))
    };
  }
}
