// Partner companies (issue 13, point 4): an organisation's staff keep the list of companies that lend mentors,
// attach mentors (and a company's contact) to one, and a contact reads the participation figures of its own
// volunteers — counts and hours, per volunteer and in total — and nothing else.
import type { Types } from 'mongoose';
import type { PartnerCompanyView } from '../../src/lib/shared/reports/companies.ts';
import type { CompanyFiguresView, CompanyTotals, VolunteerFigures } from '../../src/lib/shared/reports/partners.ts';
import type { MemberView } from '../../src/lib/shared/schemas.ts';
import { toId, type MembershipDoc } from '../data/models.ts';
import type { ParticipationQueries } from '../data/participation-queries.ts';
import type { PartnerCompanyDoc, ReportsStore } from '../data/reports-store.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Clock } from './clock.ts';
import { Conflict, Invalid, isDuplicateKey } from './errors.ts';
import type { MembersService } from './members.ts';
import { personRef } from './views.ts';

type Id = Types.ObjectId;

/** Hours from minutes, one decimal (what a report shows). */
export const hours = (minutes: number) => Math.round(minutes / 6) / 10;

export class PartnersService {
  constructor(
    private store: ReportsStore,
    private repos: Repositories,
    private queries: ParticipationQueries,
    private members: MembersService,
    private clock: Clock
  ) {}

  async list(organisationId: Id): Promise<PartnerCompanyView[]> {
    const companies = await this.store.partnerCompanies.find({ organisationId }).sort({ name: 1 }).lean<PartnerCompanyDoc[]>().exec();
    const mentors = await this.repos.memberships.listActive(organisationId, { role: 'mentor' });
    const count = new Map<string, number>();
    for (const m of mentors) if (m.companyId) count.set(String(m.companyId), (count.get(String(m.companyId)) ?? 0) + 1);
    return companies.map((c) => this.view(c, count.get(String(c._id)) ?? 0));
  }

  find(organisationId: Id, companyId: Id): Promise<PartnerCompanyDoc | null> {
    return this.store.partnerCompanies.findOne({ _id: companyId, organisationId }).lean<PartnerCompanyDoc>().exec();
  }

  async create(organisationId: Id, name: string): Promise<PartnerCompanyView> {
    try {
      const doc = await this.store.partnerCompanies.create({ organisationId, name, createdAt: this.clock.now() });
      return this.view(doc.toObject() as PartnerCompanyDoc, 0);
    } catch (err) {
      throw duplicateName(err);
    }
  }

  async rename(c: PartnerCompanyDoc, name: string): Promise<PartnerCompanyView> {
    try {
      await this.store.partnerCompanies.updateOne({ _id: c._id }, { $set: { name } }).exec();
    } catch (err) {
      throw duplicateName(err);
    }
    return (await this.list(c.organisationId)).find((v) => v.id === String(c._id))!;
  }

  /** The company goes; its mentors and contacts stay members, attached to no company. */
  async remove(c: PartnerCompanyDoc): Promise<void> {
    await this.store.partnerCompanies.deleteOne({ _id: c._id }).exec();
    await this.queries.detachCompany(c.organisationId, c._id);
  }

  /** Attaches a mentor or a company contact to one of the organisation's companies (null: to none). */
  async setMemberCompany(m: MembershipDoc, companyId: string | null): Promise<MemberView> {
    if (m.role !== 'mentor' && m.role !== 'company_contact') throw new Invalid('only mentors and company contacts belong to a partner company', 'companyId');
    if (companyId !== null && !(await this.find(m.organisationId, toId(companyId)))) throw new Invalid('no such partner company in this organisation', 'companyId');
    const updated = await this.repos.memberships.update(m._id, { companyId: companyId === null ? null : toId(companyId) });
    return this.members.view(updated!);
  }

  /** The figures of the company's active mentors: grouped in the database, one row per volunteer. */
  async figures(c: PartnerCompanyDoc): Promise<CompanyFiguresView> {
    const volunteers = await this.queries.companyVolunteers(c.organisationId, c._id);
    const ids = volunteers.map((v) => v.userId);
    const [duos, meetings, workshops, users, org] = await Promise.all([
      this.queries.duosByMentor(c.organisationId, ids),
      this.queries.meetingsByMentor(c.organisationId, ids),
      this.queries.workshopsByPerson(c.organisationId, ids),
      this.repos.users.findByIds(ids),
      this.repos.organisations.findById(c.organisationId)
    ]);
    const names = new Map(users.map((u) => [String(u._id), u]));
    const rows = new Map<string, VolunteerFigures & { minutes: number }>();
    for (const id of ids) {
      const name = personRef(names.get(String(id)), id).name;
      rows.set(String(id), { name, duosActive: 0, duosCompleted: 0, duosEndedEarly: 0, meetingsHeld: 0, mentoringHours: 0, minutes: 0, workshopsFacilitated: 0, workshopsAttended: 0 });
    }
    for (const d of duos) {
      const r = rows.get(d.key)!;
      if (d.status === 'completed') r.duosCompleted += d.n;
      else if (d.status === 'ended_early') r.duosEndedEarly += d.n;
      else r.duosActive += d.n;
    }
    for (const m of meetings) {
      const r = rows.get(m.key)!;
      r.meetingsHeld = m.meetings;
      r.minutes = m.minutes;
    }
    for (const w of workshops) {
      const r = rows.get(w.key)!;
      r.workshopsFacilitated = w.facilitated;
      r.workshopsAttended = w.attended;
    }
    const list = [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    const totals: CompanyTotals = { volunteers: list.length, duosActive: 0, duosCompleted: 0, duosEndedEarly: 0, meetingsHeld: 0, mentoringHours: 0, workshopsFacilitated: 0, workshopsAttended: 0 };
    let minutes = 0;
    for (const r of list) {
      totals.duosActive += r.duosActive;
      totals.duosCompleted += r.duosCompleted;
      totals.duosEndedEarly += r.duosEndedEarly;
      totals.meetingsHeld += r.meetingsHeld;
      totals.workshopsFacilitated += r.workshopsFacilitated;
      totals.workshopsAttended += r.workshopsAttended;
      minutes += r.minutes;
    }
    totals.mentoringHours = hours(minutes);
    return {
      company: { id: String(c._id), name: c.name },
      organisationName: org?.name ?? '',
      totals,
      volunteers: list.map(({ minutes: m, ...v }) => ({ ...v, mentoringHours: hours(m) }))
    };
  }

  private view(c: PartnerCompanyDoc, mentors: number): PartnerCompanyView {
    return { id: String(c._id), name: c.name, mentors };
  }
}

function duplicateName(err: unknown): unknown {
  return isDuplicateKey(err) ? new Conflict('A partner company of this name already exists', 'name') : err;
}
