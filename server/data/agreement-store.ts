// The first meeting's agreement of a duo, the mentee's self-assessments against its goals, and the check-ins each
// side gives after a meeting.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { AGREEMENT_FIELD_MAX, ASSESSMENT_MILESTONES, CHECKIN_COMMENT_MAX, type AssessmentMilestone } from '../../src/lib/shared/meetings.ts';

type Id = Types.ObjectId;

export interface AgreementDoc {
  _id: Id;
  duoId: Id;
  goals: string;
  menteeExpectations: string;
  mentorExpectations: string;
  contact: string;
  updatedAt: Date;
}
export interface AssessmentDoc {
  _id: Id;
  duoId: Id;
  milestone: AssessmentMilestone;
  progress: number;
  comment: string;
  createdAt: Date;
}
export interface CheckinDoc {
  _id: Id;
  duoId: Id;
  meetingId: Id;
  userId: Id;
  role: 'mentor' | 'mentee';
  score: number;
  comment: string;
  createdAt: Date;
}

const text = { type: String, default: '', maxlength: AGREEMENT_FIELD_MAX };
const opts = { versionKey: false as const, strict: 'throw' as const };

export class AgreementStore {
  readonly agreements: Model<AgreementDoc>;
  readonly assessments: Model<AssessmentDoc>;
  readonly checkins: Model<CheckinDoc>;

  constructor(conn: Connection) {
    const agreement = new Schema<AgreementDoc>(
      { duoId: { type: Schema.Types.ObjectId, required: true, unique: true }, goals: text, menteeExpectations: text, mentorExpectations: text, contact: text, updatedAt: { type: Date, required: true } },
      opts
    );
    const assessment = new Schema<AssessmentDoc>(
      {
        duoId: { type: Schema.Types.ObjectId, required: true },
        milestone: { type: String, enum: ASSESSMENT_MILESTONES, required: true },
        progress: { type: Number, required: true },
        comment: text,
        createdAt: { type: Date, required: true }
      },
      opts
    );
    assessment.index({ duoId: 1, milestone: 1 }, { unique: true });
    const checkin = new Schema<CheckinDoc>(
      {
        duoId: { type: Schema.Types.ObjectId, required: true, index: true },
        meetingId: { type: Schema.Types.ObjectId, required: true },
        userId: { type: Schema.Types.ObjectId, required: true },
        role: { type: String, enum: ['mentor', 'mentee'], required: true },
        score: { type: Number, required: true },
        comment: { type: String, default: '', maxlength: CHECKIN_COMMENT_MAX },
        createdAt: { type: Date, required: true }
      },
      opts
    );
    checkin.index({ meetingId: 1, userId: 1 }, { unique: true });
    this.agreements = conn.model<AgreementDoc>('Agreement', agreement, 'agreements');
    this.assessments = conn.model<AssessmentDoc>('SelfAssessment', assessment, 'self_assessments');
    this.checkins = conn.model<CheckinDoc>('Checkin', checkin, 'checkins');
  }

  async init(): Promise<void> {
    await this.agreements.init();
    await this.assessments.init();
    await this.checkins.init();
  }

  agreement = (duoId: Id) => this.agreements.findOne({ duoId }).lean<AgreementDoc>().exec();
  saveAgreement = (duoId: Id, set: Partial<Omit<AgreementDoc, '_id' | 'duoId'>>, now: Date) =>
    this.agreements.findOneAndUpdate({ duoId }, { $set: { ...set, updatedAt: now } }, { upsert: true, returnDocument: 'after' }).lean<AgreementDoc>().exec();
  assessmentsOf = (duoId: Id) => this.assessments.find({ duoId }).sort({ createdAt: 1 }).lean<AssessmentDoc[]>().exec();
  saveAssessment = (a: Omit<AssessmentDoc, '_id'>) =>
    this.assessments.findOneAndUpdate({ duoId: a.duoId, milestone: a.milestone }, { $set: a }, { upsert: true, returnDocument: 'after' }).lean<AssessmentDoc>().exec();
  saveCheckin = (c: Omit<CheckinDoc, '_id'>) =>
    this.checkins.findOneAndUpdate({ meetingId: c.meetingId, userId: c.userId }, { $set: c }, { upsert: true, returnDocument: 'after' }).lean<CheckinDoc>().exec();
  ownCheckins = (duoId: Id, userId: Id) => this.checkins.find({ duoId, userId }).lean<CheckinDoc[]>().exec();
  /** Scores only, for the coordinators' metadata and the flags: never the comments. */
  scores = (duoIds: Id[]) =>
    this.checkins.find({ duoId: { $in: duoIds } }, { comment: 0 }).sort({ createdAt: 1 }).lean<Omit<CheckinDoc, 'comment'>[]>().exec();
  /** Erasure: a person's check-in comments go; the scores stay, with no name (funders' figures). */
  forgetComments = (userId: Id) => this.checkins.updateMany({ userId }, { $set: { comment: '' } }).exec();
  /** Retention: the agreement goes (the duo's words); assessments and check-ins keep their scores, not their comments. */
  async eraseForDuo(duoId: Id): Promise<void> {
    await this.agreements.deleteMany({ duoId }).exec();
    await this.assessments.updateMany({ duoId }, { $set: { comment: '' } }).exec();
    await this.checkins.updateMany({ duoId }, { $set: { comment: '' } }).exec();
  }
  async deleteForDuo(duoId: Id): Promise<void> {
    await this.agreements.deleteMany({ duoId }).exec();
    await this.assessments.deleteMany({ duoId }).exec();
    await this.checkins.deleteMany({ duoId }).exec();
  }
}
