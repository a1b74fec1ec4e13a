// Programmes (cohorts) of an organisation. Mentors and mentees see only the programmes they take part in.
import type { Types } from 'mongoose';
import { isParticipant } from '../../src/lib/shared/duos.ts';
import type { MemberView, ProgrammeView } from '../../src/lib/shared/schemas.ts';
import { toId, type ProgrammeDoc } from '../data/models.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Clock } from './clock.ts';
import { Invalid } from './errors.ts';
import type { MembersService } from './members.ts';
import { membershipIn, type Actor } from './policy.ts';
import { programmeView } from './views.ts';
import type { ProgrammeInput } from '../../src/lib/shared/schemas.ts';

export class ProgrammesService {
  constructor(
    private repos: Repositories,
    private clock: Clock,
    private members: MembersService
  ) {}

  async list(actor: Actor, organisationId: Types.ObjectId): Promise<ProgrammeView[]> {
    const m = membershipIn(actor, String(organisationId));
    const staff = m && (m.role === 'admin' || m.role === 'coordinator');
    const only = staff ? undefined : (m?.programmeIds ?? []).map(toId);
    return (await this.repos.programmes.listByOrg(organisationId, only)).map(programmeView);
  }

  async create(organisationId: Types.ObjectId, input: ProgrammeInput): Promise<ProgrammeView> {
    const p = await this.repos.programmes.create({
      organisationId,
      ...input,
      partnerCompany: input.partnerCompany || null,
      createdAt: this.clock.now()
    });
    return programmeView(p);
  }

  async update(p: ProgrammeDoc, patch: Partial<ProgrammeInput>): Promise<ProgrammeView> {
    const merged = { ...p, ...patch };
    if (merged.endDate < merged.startDate) throw new Invalid('must not be before the start date', 'endDate');
    const set: Partial<ProgrammeDoc> = { ...patch };
    if (patch.partnerCompany !== undefined) set.partnerCompany = patch.partnerCompany || null;
    return programmeView((await this.repos.programmes.update(p._id, set))!);
  }

  /** Mentors and mentees taking part in the programme (invited with it or paired in it). */
  async participants(p: ProgrammeDoc): Promise<MemberView[]> {
    const ms = await this.repos.memberships.listActive(p.organisationId, { programmeId: p._id });
    return this.members.views(
      p.organisationId,
      ms.filter((m) => isParticipant(m.role))
    );
  }
}
