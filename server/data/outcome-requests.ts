// The emailed outcome forms (issue 13): one row per duo and moment, inserted by the node that sends the email. The
// unique index on (duoId, moment) is the claim: two nodes (or two overlapping runs) racing to send the same form
// both try the insert and only one succeeds, so a mentee gets each form once. The link's token is stored hashed.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { OUTCOME_MOMENTS, type OutcomeMoment } from '../../src/lib/shared/reports/outcomes.ts';
import type { DuoDoc } from './models.ts';

type Id = Types.ObjectId;

export interface OutcomeRequestDoc {
  _id: Id;
  organisationId: Id;
  duoId: Id;
  menteeId: Id;
  moment: OutcomeMoment;
  tokenHash: string;
  sentAt: Date;
  expiresAt: Date;
  /** When the mentee answered; a used link answers 410. */
  usedAt: Date | null;
}

export class OutcomeRequestsRepo {
  constructor(
    private m: Model<OutcomeRequestDoc>,
    private duos: Model<DuoDoc>
  ) {}

  /** The claim: true when this caller inserted the row (and so sends the email), false when another did. */
  async claim(doc: Omit<OutcomeRequestDoc, '_id'>): Promise<OutcomeRequestDoc | null> {
    try {
      return (await this.m.create(doc)).toObject() as OutcomeRequestDoc;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return null;
      throw err;
    }
  }
  /** A failed send gives the claim back, so that the next run tries again. */
  release = (id: Id) => this.m.deleteOne({ _id: id, usedAt: null }).exec();
  findByHash = (tokenHash: string) => this.m.findOne({ tokenHash: String(tokenHash) }).lean<OutcomeRequestDoc>().exec();
  /** Marks the link used if it still is usable at `now`; null when it was used first or has expired. */
  use = (id: Id, now: Date) =>
    this.m.findOneAndUpdate({ _id: id, usedAt: null, expiresAt: { $gt: now } }, { $set: { usedAt: now } }, { returnDocument: 'after' }).lean<OutcomeRequestDoc>().exec();
  /** Gives a used link back when recording the answer failed (the mentee may try again). */
  unuse = (id: Id) => this.m.updateOne({ _id: id }, { $set: { usedAt: null } }).exec();
  forDuos = (duoIds: Id[]) => this.m.find({ duoId: { $in: duoIds } }, { tokenHash: 0 }).lean<OutcomeRequestDoc[]>().exec();
  /** Erasure: the person's open links stop working (the rows go; outcomes they gave stay, see ERASURE.md). */
  deleteForMentee = (menteeId: Id) => this.m.deleteMany({ menteeId }).exec();

  /** Duos started in [from, to) (for the 6- and 12-month moments). */
  startedBetween = (from: Date, to: Date) => this.duos.find({ createdAt: { $gte: from, $lt: to } }).lean<DuoDoc[]>().exec();
  /** Duos that ended in [from, to) (for the end moment). */
  endedBetween = (from: Date, to: Date) =>
    this.duos.find({ status: { $in: ['completed', 'ended_early'] }, endedAt: { $gte: from, $lt: to } }).lean<DuoDoc[]>().exec();
}

export async function createOutcomeRequests(conn: Connection): Promise<OutcomeRequestsRepo> {
  const schema = new Schema<OutcomeRequestDoc>(
    {
      organisationId: { type: Schema.Types.ObjectId, required: true },
      duoId: { type: Schema.Types.ObjectId, required: true },
      menteeId: { type: Schema.Types.ObjectId, required: true, index: true },
      moment: { type: String, enum: OUTCOME_MOMENTS, required: true },
      tokenHash: { type: String, required: true, unique: true },
      sentAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
      usedAt: { type: Date, default: null }
    },
    { versionKey: false, strict: 'throw' }
  );
  schema.index({ duoId: 1, moment: 1 }, { unique: true });
  const model = conn.model<OutcomeRequestDoc>('OutcomeRequest', schema, 'outcome_requests');
  await model.init();
  return new OutcomeRequestsRepo(model, conn.model<DuoDoc>('Duo'));
}
