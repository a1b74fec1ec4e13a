// The aggregation pipelines behind the partner companies' figures and the umbrella view (issue 13). Each answer is
// grouped in the database: counts and sums come back, never the duos, meetings or workshops themselves. Filters
// are built from typed ids only.
import type { Connection, Types } from 'mongoose';
import type { DuoStatus } from '../../src/lib/shared/codes.ts';
import type { OutcomeSituation } from '../../src/lib/shared/reports/outcomes.ts';

type Id = Types.ObjectId;

/** Minutes a held meeting counts for: the time recorded when it was marked held, else the planned duration. */
const HELD_MINUTES = { $ifNull: ['$actualMinutes', '$durationMinutes'] };

export interface DuoCount {
  key: string;
  /** Distinct mentees behind the count (a mentee may have had several duos); for the umbrella view. */
  mentees?: number;
  status: DuoStatus;
  n: number;
}
export interface MeetingSum {
  key: string;
  /** Distinct duos that held at least one meeting. */
  duos: number;
  meetings: number;
  minutes: number;
}

export class ParticipationQueries {
  constructor(private conn: Connection) {}

  private coll(name: string) {
    return this.conn.collection(name);
  }

  /** Active mentors of one partner company, with the ids that join their figures. */
  async companyVolunteers(organisationId: Id, companyId: Id): Promise<{ userId: Id }[]> {
    return this.coll('memberships')
      .find({ organisationId, companyId, role: 'mentor', status: 'active' }, { projection: { _id: 0, userId: 1 } })
      .toArray() as unknown as Promise<{ userId: Id }[]>;
  }

  /** A removed company's mentors and contacts belong to no company any more (removed memberships too). */
  async detachCompany(organisationId: Id, companyId: Id): Promise<void> {
    await this.coll('memberships').updateMany({ organisationId, companyId }, { $set: { companyId: null } });
  }

  /** Duos by mentor and status, for these mentors in this organisation. */
  async duosByMentor(organisationId: Id, mentorIds: Id[]): Promise<DuoCount[]> {
    const rows = await this.coll('duos')
      .aggregate<{ _id: { m: Id; s: DuoStatus }; n: number }>([
        { $match: { organisationId, mentorId: { $in: mentorIds } } },
        { $group: { _id: { m: '$mentorId', s: '$status' }, n: { $sum: 1 } } }
      ])
      .toArray();
    return rows.map((r) => ({ key: String(r._id.m), status: r._id.s, n: r.n }));
  }

  /** Held meetings and their minutes by mentor: the duo ids of these mentors, then one grouped pass over meetings. */
  async meetingsByMentor(organisationId: Id, mentorIds: Id[]): Promise<MeetingSum[]> {
    const duos = (await this.coll('duos')
      .find({ organisationId, mentorId: { $in: mentorIds } }, { projection: { _id: 1, mentorId: 1 } })
      .toArray()) as unknown as { _id: Id; mentorId: Id }[];
    if (duos.length === 0) return [];
    const mentorOf = new Map(duos.map((d) => [String(d._id), String(d.mentorId)]));
    const perDuo = await this.coll('meetings')
      .aggregate<{ _id: Id; meetings: number; minutes: number }>([
        { $match: { organisationId, status: 'held', duoId: { $in: duos.map((d) => d._id) } } },
        { $group: { _id: '$duoId', meetings: { $sum: 1 }, minutes: { $sum: HELD_MINUTES } } }
      ])
      .toArray();
    const byMentor = new Map<string, MeetingSum>();
    for (const r of perDuo) {
      const key = mentorOf.get(String(r._id))!;
      const sum = byMentor.get(key) ?? { key, duos: 0, meetings: 0, minutes: 0 };
      sum.duos += 1;
      sum.meetings += r.meetings;
      sum.minutes += r.minutes;
      byMentor.set(key, sum);
    }
    return [...byMentor.values()];
  }

  /** Ended workshops each of these people facilitated, and those they attended (present) as participants. */
  async workshopsByPerson(organisationId: Id, userIds: Id[]): Promise<{ key: string; facilitated: number; attended: number }[]> {
    const w = this.coll('workshops');
    const base = { organisationId, state: 'ended' };
    const facilitated = await w
      .aggregate<{ _id: Id; n: number }>([
        { $match: { ...base, facilitatorIds: { $in: userIds } } },
        { $unwind: '$facilitatorIds' },
        { $match: { facilitatorIds: { $in: userIds } } },
        { $group: { _id: '$facilitatorIds', n: { $sum: 1 } } }
      ])
      .toArray();
    const attended = await w
      .aggregate<{ _id: Id; n: number }>([
        { $match: { ...base, 'participants.userId': { $in: userIds } } },
        { $unwind: '$participants' },
        { $match: { 'participants.userId': { $in: userIds }, 'participants.present': true } },
        { $group: { _id: '$participants.userId', n: { $sum: 1 } } }
      ])
      .toArray();
    const out = new Map<string, { key: string; facilitated: number; attended: number }>();
    const row = (id: Id) => out.get(String(id)) ?? out.set(String(id), { key: String(id), facilitated: 0, attended: 0 }).get(String(id))!;
    for (const r of facilitated) row(r._id).facilitated = r.n;
    for (const r of attended) row(r._id).attended = r.n;
    return [...out.values()];
  }

  /** Every organisation's duos by status (the umbrella view). */
  async duosByOrganisation(): Promise<DuoCount[]> {
    const rows = await this.coll('duos')
      .aggregate<{ _id: { o: Id; s: DuoStatus }; n: number; mentees: number }>([
        { $group: { _id: { o: '$organisationId', s: '$status' }, n: { $sum: 1 }, mentees: { $addToSet: '$menteeId' } } },
        { $project: { n: 1, mentees: { $size: '$mentees' } } }
      ])
      .toArray();
    return rows.map((r) => ({ key: String(r._id.o), status: r._id.s, n: r.n, mentees: r.mentees }));
  }

  /** Every organisation's distinct mentees over all its duos (the people behind "duos formed"). */
  async menteesByOrganisation(): Promise<{ key: string; mentees: number }[]> {
    const rows = await this.coll('duos')
      .aggregate<{ _id: Id; mentees: number }>([
        { $group: { _id: '$organisationId', mentees: { $addToSet: '$menteeId' } } },
        { $project: { mentees: { $size: '$mentees' } } }
      ])
      .toArray();
    return rows.map((r) => ({ key: String(r._id), mentees: r.mentees }));
  }

  /** Every organisation's held meetings, their minutes and how many duos held them. */
  async meetingsByOrganisation(): Promise<MeetingSum[]> {
    const rows = await this.coll('meetings')
      .aggregate<{ _id: Id; duos: number; meetings: number; minutes: number }>([
        { $match: { status: 'held' } },
        { $group: { _id: { o: '$organisationId', d: '$duoId' }, meetings: { $sum: 1 }, minutes: { $sum: HELD_MINUTES } } },
        { $group: { _id: '$_id.o', duos: { $sum: 1 }, meetings: { $sum: '$meetings' }, minutes: { $sum: '$minutes' } } }
      ])
      .toArray();
    return rows.map((r) => ({ key: String(r._id), duos: r.duos, meetings: r.meetings, minutes: r.minutes }));
  }

  /** Every organisation's situations recorded at the end of a duo. */
  async endOutcomesByOrganisation(): Promise<{ key: string; situation: OutcomeSituation; n: number; mentees: number }[]> {
    const rows = await this.coll('outcomes')
      .aggregate<{ _id: { o: Id; s: OutcomeSituation }; n: number; mentees: number }>([
        { $match: { moment: 'end' } },
        { $group: { _id: { o: '$organisationId', s: '$situation' }, n: { $sum: 1 }, mentees: { $addToSet: '$menteeId' } } },
        { $project: { n: 1, mentees: { $size: '$mentees' } } }
      ])
      .toArray();
    return rows.map((r) => ({ key: String(r._id.o), situation: r._id.s, n: r.n, mentees: r.mentees }));
  }
}
