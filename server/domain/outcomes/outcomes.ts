// What became of each duo's mentee (issue 13): one current situation per duo and moment, recorded by a coordinator
// or by the mentee through the emailed form. Replacing one keeps the previous in `history`, with its dates and who
// recorded it; names are resolved when read, so an erased coordinator shows as "Deleted user".
import type { Types } from 'mongoose';
import type { OutcomeMoment, OutcomeSource, OutcomeView } from '../../../src/lib/shared/reports/outcomes.ts';
import { OUTCOME_MOMENTS } from '../../../src/lib/shared/reports/outcomes.ts';
import type { OutcomeBody, OutcomeDueView } from '../../../src/lib/shared/reports/outcome-api.ts';
import { toId, type DuoDoc, type ProgrammeDoc } from '../../data/models.ts';
import type { OutcomeRequestsRepo } from '../../data/outcome-requests.ts';
import type { Repositories } from '../../data/repositories.ts';
import type { OutcomeDoc, ReportsStore } from '../../data/reports-store.ts';
import type { Clock } from '../clock.ts';
import { Conflict } from '../errors.ts';
import { personRef } from '../views.ts';
import { dueAt, dueMoments } from './moments.ts';

/** Who records: a coordinator (their user id) or the mentee's form (no one named). */
export type Recorder = { source: 'coordinator'; userId: string } | { source: Extract<OutcomeSource, 'mentee_form'> };

/** A replace that raced with another retries this many times before giving up with a conflict. */
const RACE_TRIES = 5;

export class OutcomesService {
  constructor(
    private readonly store: ReportsStore,
    private readonly requests: OutcomeRequestsRepo,
    private readonly repos: Repositories,
    private readonly clock: Clock
  ) {}

  /** Records the duo's situation at `moment`, or replaces the one there (kept in its history). */
  async record(duo: DuoDoc, moment: OutcomeMoment, body: OutcomeBody, by: Recorder): Promise<OutcomeView> {
    const due = dueAt(duo, moment);
    if (!due) throw new Conflict('The duo has not ended yet', 'moment');
    if (due.getTime() > this.clock.now().getTime()) throw new Conflict('This moment is not due yet', 'moment');
    const current = {
      situation: body.situation,
      contractType: body.situation === 'job' ? (body.contractType ?? null) : null,
      date: body.date,
      source: by.source,
      recordedBy: by.source === 'coordinator' ? toId(by.userId) : null,
      recordedAt: this.clock.now()
    };
    for (let i = 0; i < RACE_TRIES; i++) {
      const existing = await this.store.outcomes.findOne({ duoId: duo._id, moment }).lean<OutcomeDoc>().exec();
      if (!existing) {
        try {
          const created = await this.store.outcomes.create({
            organisationId: duo.organisationId,
            programmeId: duo.programmeId,
            duoId: duo._id,
            menteeId: duo.menteeId,
            moment,
            ...current,
            history: []
          });
          return (await this.views([created.toObject() as OutcomeDoc]))[0];
        } catch (err) {
          if ((err as { code?: number }).code === 11000) continue; // recorded at the same moment by someone else
          throw err;
        }
      }
      const previous = {
        situation: existing.situation,
        contractType: existing.contractType,
        date: existing.date,
        source: existing.source,
        recordedBy: existing.recordedBy,
        recordedAt: existing.recordedAt
      };
      // Only if nobody replaced it since we read it: otherwise their version would vanish from the history.
      const updated = await this.store.outcomes
        .findOneAndUpdate({ _id: existing._id, recordedAt: existing.recordedAt }, { $set: current, $push: { history: previous } }, { returnDocument: 'after' })
        .lean<OutcomeDoc>()
        .exec();
      if (updated) return (await this.views([updated]))[0];
    }
    throw new Conflict('Recorded by someone else at the same time; try again');
  }

  async list(duo: DuoDoc): Promise<OutcomeView[]> {
    const docs = await this.store.outcomes.find({ duoId: duo._id }).lean<OutcomeDoc[]>().exec();
    docs.sort((a, b) => OUTCOME_MOMENTS.indexOf(a.moment) - OUTCOME_MOMENTS.indexOf(b.moment));
    return this.views(docs);
  }

  /** The moments due in a programme's duos, recorded or not (the coordinators' "to record" list), oldest first. */
  async due(p: ProgrammeDoc): Promise<OutcomeDueView[]> {
    const now = this.clock.now();
    const duos = await this.repos.duos.byProgramme(p._id);
    const ids = duos.map((d) => d._id);
    const [outcomes, requests, users] = await Promise.all([
      this.store.outcomes.find({ duoId: { $in: ids } }).lean<OutcomeDoc[]>().exec(),
      this.requests.forDuos(ids),
      this.repos.users.findByIds(duos.flatMap((d) => [d.mentorId, d.menteeId]))
    ]);
    const views = new Map((await this.views(outcomes)).map((v) => [`${v.duoId}:${v.moment}`, v]));
    const sent = new Map(requests.map((r) => [`${String(r.duoId)}:${r.moment}`, r.sentAt]));
    const byId = new Map(users.map((u) => [String(u._id), u]));
    const rows = duos.flatMap((d) =>
      dueMoments(d, now).map(({ moment, dueAt: at }): OutcomeDueView => {
        const key = `${String(d._id)}:${moment}`;
        return {
          duoId: String(d._id),
          mentorName: personRef(byId.get(String(d.mentorId)), d.mentorId).name,
          menteeName: personRef(byId.get(String(d.menteeId)), d.menteeId).name,
          moment,
          dueAt: at.toISOString(),
          outcome: views.get(key) ?? null,
          formSentAt: sent.get(key)?.toISOString() ?? null
        };
      })
    );
    return rows.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  private async views(docs: OutcomeDoc[]): Promise<OutcomeView[]> {
    const ids = docs.map((d) => d.recordedBy).filter((id): id is Types.ObjectId => !!id);
    const users = new Map((await this.repos.users.findByIds(ids)).map((u) => [String(u._id), u]));
    return docs.map((d) => ({
      id: String(d._id),
      duoId: String(d.duoId),
      moment: d.moment,
      situation: d.situation,
      contractType: d.contractType ?? null,
      date: d.date,
      recordedAt: d.recordedAt.toISOString(),
      source: d.source,
      // personRef gives "Deleted user" for an erased account: the outcome keeps no name of its own.
      recordedByName: d.recordedBy ? personRef(users.get(String(d.recordedBy)), d.recordedBy).name : null
    }));
  }
}
