// A programme's follow-up figures and its anonymised per-duo rows, computed in the database by aggregation
// pipelines (issue 13): one pipeline over the organisation's duos joins their meetings, check-ins, outcomes, the
// mentee's reporting answers and the mentor's company, and a $facet returns the rows and every total together;
// a second one counts workshop attendance. The app never loads the meetings or check-ins themselves. The
// dashboard, the PDF and the CSV/XLSX all read what `compute` returns.
// Written for the embedded engine (mingo) and MongoDB alike: plain localField/foreignField lookups (a hash join
// in both), $filter/$map/$reduce in $project, $facet, $group, $unwind.
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
type RawRow = Omit<DuoReportRow, 'row' | 'start' | 'end' | 'outcomes'> & { start: Date; end: Date | null; outcomes: { moment: OutcomeMoment; situation: OutcomeSituation }[] };

/** What the $facet stage answers (see duoPipeline). */
interface Facets {
  rows: RawRow[];
  totals: { duos: number; formed: number; held: number; planned: number; minutes: number }[];
  status: { _id: DuoStatus; n: number }[];
  flagged: { n: number }[];
  distribution: { _id: MeetingBucket; n: number }[];
  outcomes: { _id: { moment: OutcomeMoment; situation: OutcomeSituation }; n: number }[];
  checkins: { _id: string; average: number; n: number }[];
}

export const periodBounds = (f: Pick<FiguresFilter, 'from' | 'to'>) => ({
  start: new Date(`${f.from}T00:00:00Z`),
  end: new Date(new Date(`${f.to}T00:00:00Z`).getTime() + DAY)
});

/** What the figures aggregate on: the database's collections by name (the mongoose connection provides it). */
export type FiguresSource = Pick<Connection, 'collection'>;

export class ProgrammeFiguresQuery {
  constructor(private readonly conn: FiguresSource) {}

  async compute(scope: FiguresScope): Promise<{ totals: FiguresTotals; rows: Omit<DuoReportRow, 'row'>[] }> {
    const { start, end } = periodBounds(scope);
    const [[facets], attendance] = await Promise.all([
      this.conn.collection('duos').aggregate(this.duoPipeline(scope, start, end)).toArray(),
      this.conn.collection('workshops').aggregate(this.workshopPipeline(scope, start, end)).toArray()
    ]);
    const f = facets as Facets;
    const byStatus = new Map(f.status.map((s) => [s._id, s.n]));
    const totalsRow = f.totals[0] ?? { duos: 0, formed: 0, held: 0, planned: 0, minutes: 0 };
    const completed = byStatus.get('completed') ?? 0;
    const endedEarly = byStatus.get('ended_early') ?? 0;
    const buckets = new Map(f.distribution.map((b) => [b._id, b.n]));
    const w = attendance[0] ?? { held: 0, invited: 0, present: 0 };
    const totals: FiguresTotals = {
      duos: {
        inPeriod: totalsRow.duos,
        formed: totalsRow.formed,
        active: byStatus.get('active') ?? 0,
        paused: byStatus.get('paused') ?? 0,
        completed,
        endedEarly,
        flaggedInactive: f.flagged[0]?.n ?? 0
      },
      completionRate: ratio(completed, completed + endedEarly),
      meetings: {
        held: totalsRow.held,
        planned: totalsRow.planned,
        perDuo: totalsRow.duos ? totalsRow.held / totalsRow.duos : null,
        distribution: MEETING_BUCKETS.map((bucket) => ({ bucket, duos: buckets.get(bucket) ?? 0 }))
      },
      minutes: totalsRow.minutes,
      workshops: { held: w.held, invited: w.invited, present: w.present, attendanceRate: ratio(w.present, w.invited) },
      outcomes: OUTCOME_MOMENTS.map((moment) => outcomeFigures(moment, f.outcomes.filter((o) => o._id.moment === moment))),
      checkins: f.checkins.map((c) => ({ month: c._id, average: Math.round(c.average * 100) / 100, count: c.n }))
    };
    const rows = f.rows.map((r) => ({
      programme: r.programme,
      answers: r.answers,
      start: isoDay(r.start),
      end: r.end ? isoDay(r.end) : null,
      status: r.status,
      meetingsHeld: r.meetingsHeld,
      minutes: r.minutes,
      outcomes: Object.fromEntries(OUTCOME_MOMENTS.map((m) => [m, r.outcomes.find((o) => o.moment === m)?.situation ?? null])) as DuoReportRow['outcomes']
    }));
    return { totals, rows };
  }

  /** The duos running at some time in [start, end), each joined and reduced to one small row, then faceted. */
  private duoPipeline(s: FiguresScope, start: Date, end: Date): object[] {
    const inactiveBefore = new Date(s.now.getTime() - INACTIVE_DAYS * DAY);
    const match: Record<string, unknown> = {
      organisationId: s.organisationId,
      createdAt: { $lt: end },
      $or: [{ endedAt: null }, { endedAt: { $gte: start } }]
    };
    if (s.programmeIds.length) match.programmeId = { $in: s.programmeIds };
    const company = s.companyId
      ? [
          { $lookup: { from: 'memberships', localField: 'mentorId', foreignField: 'userId', as: 'mentorships' } },
          { $match: { mentorships: { $elemMatch: { organisationId: s.organisationId, companyId: s.companyId } } } }
        ]
      : [];
    const heldIn = (cond: object[]) => ({
      $filter: { input: '$meetings', as: 'm', cond: { $and: [{ $eq: ['$$m.status', 'held'] }, ...cond] } }
    });
    const answers = Object.fromEntries(s.fields.map((field) => [field, { $ifNull: [`$profile.answers.${field}`, ''] }]));
    return [
      { $match: match },
      ...company,
      { $lookup: { from: 'programmes', localField: 'programmeId', foreignField: '_id', as: 'programme' } },
      { $lookup: { from: 'meetings', localField: '_id', foreignField: 'duoId', as: 'meetings' } },
      { $lookup: { from: 'checkins', localField: '_id', foreignField: 'duoId', as: 'checkins' } },
      { $lookup: { from: 'outcomes', localField: '_id', foreignField: 'duoId', as: 'outcomes' } },
      { $lookup: { from: 'reporting_profiles', localField: 'menteeId', foreignField: 'userId', as: 'profiles' } },
      {
        $project: {
          _id: 1,
          status: 1,
          createdAt: 1,
          endedAt: { $ifNull: ['$endedAt', null] },
          programme: { $arrayElemAt: ['$programme', 0] },
          profile: { $arrayElemAt: [{ $filter: { input: '$profiles', as: 'p', cond: { $eq: ['$$p.organisationId', s.organisationId] } } }, 0] },
          held: heldIn([{ $gte: ['$$m.startsAt', start] }, { $lt: ['$$m.startsAt', end] }]),
          lastHeld: { $max: { $map: { input: heldIn([{ $lte: ['$$m.startsAt', s.now] }]), as: 'm', in: '$$m.startsAt' } } },
          checkins: {
            $map: {
              input: { $filter: { input: '$checkins', as: 'c', cond: { $and: [{ $gte: ['$$c.createdAt', start] }, { $lt: ['$$c.createdAt', end] }] } } },
              as: 'c',
              in: { month: { $dateToString: { format: '%Y-%m', date: '$$c.createdAt' } }, score: '$$c.score' }
            }
          },
          outcomes: { $map: { input: '$outcomes', as: 'o', in: { moment: '$$o.moment', situation: '$$o.situation' } } }
        }
      },
      {
        $project: {
          _id: 1,
          status: 1,
          start: '$createdAt',
          end: '$endedAt',
          programme: { $ifNull: ['$programme.name', ''] },
          // An empty object here would be an (invalid) empty sub-projection: a literal says "no fields".
          answers: s.fields.length ? answers : { $literal: {} },
          formed: { $cond: [{ $gte: ['$createdAt', start] }, 1, 0] },
          meetingsHeld: { $size: '$held' },
          minutes: { $sum: { $map: { input: '$held', as: 'm', in: { $ifNull: ['$$m.actualMinutes', '$$m.durationMinutes'] } } } },
          plan: {
            $let: {
              vars: { p: { $multiply: [{ $ifNull: ['$programme.meetingsPerMonth', 0] }, { $ifNull: ['$programme.months', 0] }] } },
              in: { $cond: [{ $gt: ['$$p', 0] }, '$$p', DEFAULT_PLAN] }
            }
          },
          inactive: {
            $cond: [{ $and: [{ $eq: ['$status', 'active'] }, { $lte: [{ $max: ['$createdAt', { $ifNull: ['$lastHeld', '$createdAt'] }] }, inactiveBefore] }] }, 1, 0]
          },
          checkins: 1,
          outcomes: 1
        }
      },
      {
        $facet: {
          rows: [{ $sort: { start: 1, _id: 1 } }, { $project: { _id: 0, programme: 1, answers: 1, start: 1, end: 1, status: 1, meetingsHeld: 1, minutes: 1, outcomes: 1 } }],
          totals: [
            { $group: { _id: null, duos: { $sum: 1 }, formed: { $sum: '$formed' }, held: { $sum: '$meetingsHeld' }, planned: { $sum: '$plan' }, minutes: { $sum: '$minutes' } } }
          ],
          status: [{ $group: { _id: '$status', n: { $sum: 1 } } }],
          flagged: [{ $match: { inactive: 1 } }, { $count: 'n' }],
          distribution: [
            {
              $group: {
                _id: {
                  $switch: {
                    branches: [
                      { case: { $eq: ['$meetingsHeld', 0] }, then: 'none' },
                      { case: { $lt: [{ $multiply: ['$meetingsHeld', 2] }, '$plan'] }, then: 'under_half' },
                      { case: { $lt: ['$meetingsHeld', '$plan'] }, then: 'half_or_more' }
                    ],
                    default: 'plan_reached'
                  }
                },
                n: { $sum: 1 }
              }
            }
          ],
          outcomes: [{ $unwind: '$outcomes' }, { $group: { _id: { moment: '$outcomes.moment', situation: '$outcomes.situation' }, n: { $sum: 1 } } }],
          checkins: [{ $unwind: '$checkins' }, { $group: { _id: '$checkins.month', average: { $avg: '$checkins.score' }, n: { $sum: 1 } } }, { $sort: { _id: 1 } }]
        }
      }
    ];
  }

  /**
   * Workshops of the selected programmes (and, without a programme filter, the organisation-wide ones) that took
   * place in the period: invitations and presences. With a company filter, only that company's mentors count.
   */
  private workshopPipeline(s: FiguresScope, start: Date, end: Date): object[] {
    const match: Record<string, unknown> = { organisationId: s.organisationId, state: 'ended', startsAt: { $gte: start, $lt: end } };
    if (s.programmeIds.length) match.programmeId = { $in: s.programmeIds };
    const company = s.companyId
      ? [
          { $lookup: { from: 'memberships', localField: 'participants.userId', foreignField: 'userId', as: 'people' } },
          { $project: { participants: { $filter: { input: '$participants', as: 'p', cond: { $in: ['$$p.userId', companyMentors(s)] } } } } }
        ]
      : [];
    return [
      { $match: match },
      ...company,
      { $project: { invited: { $size: '$participants' }, present: { $size: { $filter: { input: '$participants', as: 'p', cond: { $eq: ['$$p.present', true] } } } } } },
      { $group: { _id: null, held: { $sum: 1 }, invited: { $sum: '$invited' }, present: { $sum: '$present' } } }
    ];
  }
}

/** The user ids, among a workshop's looked-up memberships, of the company's mentors in the organisation. */
function companyMentors(s: FiguresScope): object {
  return {
    $map: {
      input: {
        $filter: {
          input: '$people',
          as: 'm',
          cond: { $and: [{ $eq: ['$$m.organisationId', s.organisationId] }, { $eq: ['$$m.companyId', s.companyId] }, { $eq: ['$$m.role', 'mentor'] }] }
        }
      },
      as: 'm',
      in: '$$m.userId'
    }
  };
}

function outcomeFigures(moment: OutcomeMoment, groups: Facets['outcomes']): OutcomeFigures {
  const situations = Object.fromEntries(OUTCOME_SITUATIONS.map((x) => [x, groups.find((g) => g._id.situation === x)?.n ?? 0])) as Record<OutcomeSituation, number>;
  const recorded = OUTCOME_SITUATIONS.reduce((n, x) => n + situations[x], 0);
  const positive = POSITIVE_SITUATIONS.reduce((n, x) => n + situations[x], 0);
  return { moment, recorded, situations, positive, positiveRate: ratio(positive, recorded) };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const isoDay = (d: Date) => new Date(d).toISOString().slice(0, 10);
