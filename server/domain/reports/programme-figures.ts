// A programme's follow-up figures and its anonymised per-duo rows, computed in the database by aggregation
// pipelines (issue 13). Each collection is aggregated where it lives: the period's duos (a small projection each),
// the organisation's meetings held summed per duo, the period's check-ins summed per duo and month, the outcomes,
// the mentees' reporting answers, the workshops' attendance counted. The app never loads a meeting or a check-in:
// it receives summaries per duo (the rows funders get anyway), keeps the period's duos and adds them up. The
// dashboard, the PDF and the CSV/XLSX all read what `compute` returns.
// Why not one pipeline with $lookup: a $lookup reads the whole foreign collection (every organisation's meetings)
// on the embedded engine, and an $in of 2,000 duo ids is tested item by item: either made a yearly report of
// 2,000 duos take seconds (bench/report.bench.ts).
import type { Connection, Types } from 'mongoose';
import type { DuoStatus } from '../../../src/lib/shared/codes.ts';
import { INACTIVE_DAYS } from '../../../src/lib/shared/duo-flags.ts';
import { MEETING_BUCKETS, type DuoReportRow, type FiguresFilter, type MeetingBucket, type OutcomeFigures, type ProgrammeFigures } from '../../../src/lib/shared/reports/figures.ts';
import { OUTCOME_MOMENTS, OUTCOME_SITUATIONS, POSITIVE_SITUATIONS, type OutcomeMoment, type OutcomeSituation } from '../../../src/lib/shared/reports/outcomes.ts';
import type { ReportingField } from '../../../src/lib/shared/reports/reporting-fields.ts';
import { DAY } from '../clock.ts';

type Id = Types.ObjectId;

/** The plan when a programme says nothing usable: two meetings a month for six months. */
export const DEFAULT_PLAN = 12;

export interface FiguresScope {
  organisationId: Id;
  programmeIds: Id[];
  /** Inclusive UTC days. */
  from: string;
  to: string;
  companyId: Id | null;
  /** Today, for the running duos' inactivity. */
  now: Date;
  /** The reporting fields the organisation collects: only these leave the database in rows. */
  fields: ReportingField[];
}

export type FiguresTotals = Omit<ProgrammeFigures, 'organisation' | 'filter' | 'programmeNames' | 'companyName' | 'generatedAt'>;
export const periodBounds = (f: Pick<FiguresFilter, 'from' | 'to'>) => ({
  start: new Date(`${f.from}T00:00:00Z`),
  end: new Date(new Date(`${f.to}T00:00:00Z`).getTime() + DAY)
});

/** What the figures aggregate on: the database's collections by name (the mongoose connection provides it). */
export type FiguresSource = Pick<Connection, 'collection'>;

interface DuoSummary {
  _id: Id;
  programmeId: Id;
  menteeId: Id;
  status: DuoStatus;
  createdAt: Date;
  endedAt: Date | null;
}
interface MeetingSummary {
  _id: Id;
  held: number;
  minutes: number;
  lastHeld: Date | null;
}

export class ProgrammeFiguresQuery {
  constructor(private readonly db: FiguresSource) {}

  private run = <T extends object>(collection: string, pipeline: object[]) => this.db.collection(collection).aggregate<T>(pipeline).toArray();

  async compute(scope: FiguresScope): Promise<{ totals: FiguresTotals; rows: Omit<DuoReportRow, 'row'>[] }> {
    const s = scope;
    const { start, end } = periodBounds(s);
    const org = s.organisationId;
    const mentors = s.companyId
      ? (await this.run<{ userId: Id }>('memberships', [{ $match: { organisationId: org, companyId: s.companyId, role: 'mentor' } }, { $project: { _id: 0, userId: 1 } }])).map((m) => m.userId)
      : null;
    const match: Record<string, unknown> = { organisationId: org, createdAt: { $lt: end }, $or: [{ endedAt: null }, { endedAt: { $gte: start } }] };
    if (s.programmeIds.length) match.programmeId = { $in: s.programmeIds };
    if (mentors) match.mentorId = { $in: mentors };
    const duos = await this.run<DuoSummary>('duos', [
      { $match: match },
      { $project: { programmeId: 1, menteeId: 1, status: 1, createdAt: 1, endedAt: { $ifNull: ['$endedAt', null] } } },
      { $sort: { createdAt: 1, _id: 1 } }
    ]);
    const inPeriod = (field: string) => ({ $and: [{ $gte: [field, start] }, { $lt: [field, end] }] });
    const workshopMatch: Record<string, unknown> = { organisationId: org, state: 'ended', startsAt: { $gte: start, $lt: end } };
    if (s.programmeIds.length) workshopMatch.programmeId = { $in: s.programmeIds };
    const [programmes, meetings, checkins, outcomes, profiles, workshops] = await Promise.all([
      this.run<{ _id: Id; name: string; plan: number }>('programmes', [
        { $match: { organisationId: org } },
        { $project: { name: 1, plan: { $multiply: [{ $ifNull: ['$meetingsPerMonth', 0] }, { $ifNull: ['$months', 0] }] } } }
      ]),
      this.run<MeetingSummary>('meetings', [
        // By organisation, not by a list of 2,000 duo ids: the engine tests an $in list item by item.
        { $match: { organisationId: org, status: 'held' } },
        {
          $group: {
            _id: '$duoId',
            held: { $sum: { $cond: [inPeriod('$startsAt'), 1, 0] } },
            minutes: { $sum: { $cond: [inPeriod('$startsAt'), { $ifNull: ['$actualMinutes', '$durationMinutes'] }, 0] } },
            lastHeld: { $max: { $cond: [{ $lte: ['$startsAt', s.now] }, '$startsAt', null] } }
          }
        }
      ]),
      // Check-ins carry no organisation: summed per duo and month in the period, the duos kept below.
      this.run<{ _id: { duoId: Id; month: string }; sum: number; n: number }>('checkins', [
        { $match: { createdAt: { $gte: start, $lt: end } } },
        { $group: { _id: { duoId: '$duoId', month: { $dateToString: { format: '%Y-%m', date: '$createdAt' } } }, sum: { $sum: '$score' }, n: { $sum: 1 } } }
      ]),
      this.run<{ duoId: Id; moment: OutcomeMoment; situation: OutcomeSituation }>('outcomes', [
        { $match: { organisationId: org } },
        { $project: { _id: 0, duoId: 1, moment: 1, situation: 1 } }
      ]),
      s.fields.length
        ? this.run<{ userId: Id; answers?: Partial<Record<ReportingField, string>> }>('reporting_profiles', [
            { $match: { organisationId: org } },
            // Only the fields the organisation collects leave the database.
            { $project: { _id: 0, userId: 1, ...Object.fromEntries(s.fields.map((f) => [`answers.${f}`, 1])) } }
          ])
        : Promise.resolve([]),
      this.run<{ held: number; invited: number; present: number }>('workshops', [
        { $match: workshopMatch },
        // With a company filter, only that company's mentors count among the people invited.
        ...(mentors ? [{ $project: { participants: { $filter: { input: '$participants', as: 'p', cond: { $in: ['$$p.userId', mentors] } } } } }] : []),
        { $project: { invited: { $size: '$participants' }, present: { $size: { $filter: { input: '$participants', as: 'p', cond: { $eq: ['$$p.present', true] } } } } } },
        { $group: { _id: null, held: { $sum: 1 }, invited: { $sum: '$invited' }, present: { $sum: '$present' } } },
        { $project: { _id: 0 } }
      ])
    ]);
    return summarise(s, start, { duos, programmes, meetings, checkins, outcomes, profiles, workshop: workshops[0] ?? { held: 0, invited: 0, present: 0 } });
  }
}

/** Adds up one summary per duo (never a meeting or a check-in) into the report's totals and rows. */
function summarise(
  s: FiguresScope,
  start: Date,
  d: {
    duos: DuoSummary[];
    programmes: { _id: Id; name: string; plan: number }[];
    meetings: MeetingSummary[];
    checkins: { _id: { duoId: Id; month: string }; sum: number; n: number }[];
    outcomes: { duoId: Id; moment: OutcomeMoment; situation: OutcomeSituation }[];
    profiles: { userId: Id; answers?: Partial<Record<ReportingField, string>> }[];
    workshop: { held: number; invited: number; present: number };
  }
): { totals: FiguresTotals; rows: Omit<DuoReportRow, 'row'>[] } {
  const programmes = new Map(d.programmes.map((p) => [String(p._id), p]));
  const meetings = new Map(d.meetings.map((m) => [String(m._id), m]));
  const answers = new Map(d.profiles.map((p) => [String(p.userId), p.answers ?? {}]));
  const inScope = new Set(d.duos.map((duo) => String(duo._id)));
  const outcomes = new Map<string, DuoReportRow['outcomes']>();
  const outcomeCounts = new Map<string, number>();
  for (const o of d.outcomes) {
    const key = String(o.duoId);
    if (!inScope.has(key)) continue;
    const row = outcomes.get(key) ?? { end: null, month_6: null, month_12: null };
    row[o.moment] = o.situation;
    outcomes.set(key, row);
    outcomeCounts.set(`${o.moment}:${o.situation}`, (outcomeCounts.get(`${o.moment}:${o.situation}`) ?? 0) + 1);
  }
  const inactiveBefore = s.now.getTime() - INACTIVE_DAYS * DAY;
  const status: Record<DuoStatus, number> = { active: 0, paused: 0, completed: 0, ended_early: 0 };
  const buckets: Record<MeetingBucket, number> = { none: 0, under_half: 0, half_or_more: 0, plan_reached: 0 };
  let formed = 0;
  let held = 0;
  let planned = 0;
  let minutes = 0;
  let flagged = 0;
  const rows = d.duos.map((duo) => {
    const key = String(duo._id);
    const m = meetings.get(key) ?? { held: 0, minutes: 0, lastHeld: null };
    const programme = programmes.get(String(duo.programmeId));
    const plan = programme && programme.plan > 0 ? programme.plan : DEFAULT_PLAN;
    status[duo.status]++;
    if (duo.createdAt >= start) formed++;
    held += m.held;
    planned += plan;
    minutes += m.minutes;
    buckets[m.held === 0 ? 'none' : m.held * 2 < plan ? 'under_half' : m.held < plan ? 'half_or_more' : 'plan_reached']++;
    // As the coordinator's flags count it: from the later of the start and the last meeting held.
    const since = Math.max(duo.createdAt.getTime(), m.lastHeld?.getTime() ?? 0);
    if (duo.status === 'active' && since <= inactiveBefore) flagged++;
    const given = answers.get(String(duo.menteeId)) ?? {};
    return {
      programme: programme?.name ?? '',
      answers: Object.fromEntries(s.fields.map((f) => [f, given[f] ?? ''])),
      start: isoDay(duo.createdAt),
      end: duo.endedAt ? isoDay(duo.endedAt) : null,
      status: duo.status,
      meetingsHeld: m.held,
      minutes: m.minutes,
      outcomes: outcomes.get(key) ?? { end: null, month_6: null, month_12: null }
    };
  });
  const totals: FiguresTotals = {
    duos: {
      inPeriod: d.duos.length,
      formed,
      active: status.active,
      paused: status.paused,
      completed: status.completed,
      endedEarly: status.ended_early,
      flaggedInactive: flagged
    },
    completionRate: ratio(status.completed, status.completed + status.ended_early),
    meetings: { held, planned, perDuo: d.duos.length ? held / d.duos.length : null, distribution: MEETING_BUCKETS.map((bucket) => ({ bucket, duos: buckets[bucket] })) },
    minutes,
    workshops: { ...d.workshop, attendanceRate: ratio(d.workshop.present, d.workshop.invited) },
    outcomes: OUTCOME_MOMENTS.map((moment) => outcomeFigures(moment, outcomeCounts)),
    checkins: monthly(d.checkins.filter((c) => inScope.has(String(c._id.duoId))))
  };
  return { totals, rows };
}

/** Each month's average score over the duos' sums and counts. */
function monthly(groups: { _id: { month: string }; sum: number; n: number }[]): FiguresTotals['checkins'] {
  const months = new Map<string, { sum: number; n: number }>();
  for (const g of groups) {
    const m = months.get(g._id.month) ?? { sum: 0, n: 0 };
    m.sum += g.sum;
    m.n += g.n;
    months.set(g._id.month, m);
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, m]) => ({ month, average: Math.round((m.sum / m.n) * 100) / 100, count: m.n }));
}

function outcomeFigures(moment: OutcomeMoment, counts: Map<string, number>): OutcomeFigures {
  const situations = Object.fromEntries(OUTCOME_SITUATIONS.map((x) => [x, counts.get(`${moment}:${x}`) ?? 0])) as Record<OutcomeSituation, number>;
  const recorded = OUTCOME_SITUATIONS.reduce((n, x) => n + situations[x], 0);
  const positive = POSITIVE_SITUATIONS.reduce((n, x) => n + situations[x], 0);
  return { moment, recorded, situations, positive, positiveRate: ratio(positive, recorded) };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const isoDay = (d: Date) => new Date(d).toISOString().slice(0, 10);
