// Duos: a coordinator pairs a mentor with a mentee within a programme. A mentor may hold several duos; a mentee
// one open (active or paused) duo per programme, enforced here and by a unique index on `openSlot`.
import { DUO_TRANSITIONS, type DuoStatus } from '../../src/lib/shared/codes.ts';
import { isOpenDuo } from '../../src/lib/shared/duos.ts';
import type { DuoEndReason } from '../../src/lib/shared/reports/end-reasons.ts';
import type { DuoView, SuggestionView } from '../../src/lib/shared/schemas.ts';
import { toId, type DuoDoc, type MembershipDoc, type ProgrammeDoc } from '../data/models.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Clock } from './clock.ts';
import { Conflict, Invalid, isDuplicateKey } from './errors.ts';
import type { DomainEvents } from './events.ts';
import { defaults } from './members.ts';
import { rankMentors } from './ranking.ts';
import { duoView } from './views.ts';

export class DuosService {
  constructor(
    private repos: Repositories,
    private clock: Clock,
    private events: DomainEvents
  ) {}

  async views(duos: DuoDoc[]): Promise<DuoView[]> {
    const users = new Map(
      (await this.repos.users.findByIds(duos.flatMap((d) => [d.mentorId, d.menteeId]))).map((u) => [String(u._id), u])
    );
    const progs = new Map(
      (await this.repos.programmes.findByIds([...new Set(duos.map((d) => String(d.programmeId)))].map(toId))).map((p) => [String(p._id), p.name])
    );
    return duos.map((d) => duoView(d, progs.get(String(d.programmeId)) ?? '', users));
  }

  async mine(userId: string): Promise<DuoView[]> {
    return this.views(await this.repos.duos.forUser(toId(userId)));
  }

  async ofProgramme(p: ProgrammeDoc): Promise<DuoView[]> {
    return this.views(await this.repos.duos.byProgramme(p._id));
  }

  /**
   * Finds an active membership of `role` in the programme's organisation from either a membership id or a user
   * id (the client holds both: MemberView.id and PersonRef.userId).
   */
  async member(p: ProgrammeDoc, id: string, role: 'mentor' | 'mentee', field: string): Promise<MembershipDoc> {
    const oid = toId(id);
    let m = await this.repos.memberships.findById(oid);
    if (!m || String(m.organisationId) !== String(p.organisationId)) {
      m = await this.repos.memberships.findByOrgAndUser(p.organisationId, oid);
    }
    if (!m || m.status !== 'active' || String(m.organisationId) !== String(p.organisationId)) {
      throw new Invalid(`no such ${role} in this organisation`, field);
    }
    if (m.role !== role) throw new Invalid(`must be a ${role}`, field);
    return m;
  }

  async create(p: ProgrammeDoc, mentorId: string, menteeId: string): Promise<DuoView> {
    if (p.status === 'closed') throw new Conflict('Programme is closed');
    const mentor = await this.member(p, mentorId, 'mentor', 'mentorId');
    const mentee = await this.member(p, menteeId, 'mentee', 'menteeId');
    if (await this.repos.duos.openForMentee(p._id, mentee.userId)) {
      throw new Conflict('Mentee already has a duo in this programme', 'menteeId');
    }
    let duo: DuoDoc;
    try {
      duo = await this.repos.duos.create({
        organisationId: p.organisationId,
        programmeId: p._id,
        mentorId: mentor.userId,
        menteeId: mentee.userId,
        status: 'active',
        endReason: null,
        openSlot: `${String(p._id)}:${String(mentee.userId)}`,
        createdAt: this.clock.now(),
        endedAt: null
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new Conflict('Mentee already has a duo in this programme', 'menteeId');
      throw err;
    }
    // Pairing puts both in the programme, so they see it even if they were invited without it.
    await this.repos.memberships.addProgramme(mentor._id, p._id);
    await this.repos.memberships.addProgramme(mentee._id, p._id);
    for (const u of [mentor.userId, mentee.userId]) {
      this.events.emit('accessChanged', String(u), { reason: 'duo_created', duoId: String(duo._id), organisationId: String(p.organisationId) });
    }
    return (await this.views([duo]))[0];
  }

  async update(d: DuoDoc, status: DuoStatus, endReason?: string, endReasonCode?: DuoEndReason): Promise<DuoView> {
    if (status === d.status) return (await this.views([d]))[0];
    if (!DUO_TRANSITIONS[d.status].includes(status)) throw new Conflict(`A duo cannot go from ${d.status} to ${status}`, 'status');
    const reopening = isOpenDuo(status);
    const set: Partial<DuoDoc> = { status };
    if (status === 'ended_early') {
      set.endReason = endReason || null;
      set.endReasonCode = endReasonCode ?? null;
    }
    if (!reopening) set.endedAt = this.clock.now();
    const updated = await this.repos.duos.update(d._id, set, !reopening);
    if (!reopening) {
      for (const u of [d.mentorId, d.menteeId]) {
        this.events.emit('accessChanged', String(u), { reason: 'duo_ended', duoId: String(d._id), organisationId: String(d.organisationId) });
      }
    }
    return (await this.views([updated!]))[0];
  }

  /** Candidate mentors of the programme for one of its mentees, best first, each with its reasons. */
  async suggestions(p: ProgrammeDoc, menteeId: string): Promise<SuggestionView[]> {
    const mentee = await this.member(p, menteeId, 'mentee', 'menteeId');
    const mentors = await this.repos.memberships.listActive(p.organisationId, { role: 'mentor', programmeId: p._id });
    const users = new Map((await this.repos.users.findByIds(mentors.map((m) => m.userId))).map((u) => [String(u._id), u]));
    const load = await this.repos.duos.openCounts(p.organisationId, 'mentorId');
    return rankMentors(
      { ...defaults(), ...mentee.profile },
      mentors.map((m) => ({
        membershipId: String(m._id),
        userId: String(m.userId),
        name: users.get(String(m.userId))?.name ?? '',
        color: users.get(String(m.userId))?.color ?? '#9e9e9e',
        profile: { ...defaults(), ...m.profile },
        activeDuos: load.get(String(m.userId)) ?? 0
      }))
    );
  }
}

