// Meetings of duos and the private calendar feeds of people: the queries the meetings services use, on the
// app's connection. Every filter is built from typed values (ids, dates), never from a request's object.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { NotesProjectionsRepo, NotesSealsRepo } from './notes-store.ts';
import { PrivateNotesRepo, ReflectionsRepo } from './private-store.ts';
import { AgreementStore } from './agreement-store.ts';
import { CollabDocumentsEraser } from './collab-erasure.ts';
import { FlagAlertsRepo } from './flag-alerts-store.ts';
import { ProgrammeTopicsRepo } from './programme-topics-store.ts';
import { MEETING_MODES, MEETING_STATUSES, type MeetingMode, type MeetingStatus } from '../../src/lib/shared/meetings.ts';

type Id = Types.ObjectId;

export interface MeetingDoc {
  _id: Id;
  duoId: Id;
  organisationId: Id;
  /** The wall-clock date and time as entered (programme's clock) and the instant they designate. */
  date: string;
  time: string;
  startsAt: Date;
  durationMinutes: number;
  mode: MeetingMode;
  place: string;
  videoUrl: string;
  status: MeetingStatus;
  cancelReason: string | null;
  actualMinutes: number | null;
  createdBy: Id;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped at every change, so calendar apps replace the event they have (iCalendar SEQUENCE). */
  sequence: number;
  /** When the day-before reminder went out (null: not yet); claimed atomically so it goes once. */
  reminderSentAt: Date | null;
  /** "Marked as done": its notes were sealed as a version then, and the CV's version made at that moment. */
  sealedAt?: Date | null;
  cvVersionId?: Id | null;
}

export interface CalendarFeedDoc {
  _id: Id;
  userId: Id;
  tokenHash: string;
  createdAt: Date;
}

export type NewMeeting = Omit<MeetingDoc, '_id'>;

export class MeetingsRepo {
  private readonly m: Model<MeetingDoc>;

  constructor(conn: Connection) {
    const schema = new Schema<MeetingDoc>(
      {
        duoId: { type: Schema.Types.ObjectId, required: true },
        organisationId: { type: Schema.Types.ObjectId, required: true },
        date: { type: String, required: true },
        time: { type: String, required: true },
        startsAt: { type: Date, required: true },
        durationMinutes: { type: Number, required: true },
        mode: { type: String, enum: MEETING_MODES, required: true },
        place: { type: String, default: '' },
        videoUrl: { type: String, default: '' },
        status: { type: String, enum: MEETING_STATUSES, required: true },
        cancelReason: { type: String, default: null },
        actualMinutes: { type: Number, default: null },
        createdBy: { type: Schema.Types.ObjectId, required: true },
        createdAt: { type: Date, required: true },
        updatedAt: { type: Date, required: true },
        sequence: { type: Number, default: 0 },
        reminderSentAt: { type: Date, default: null },
        sealedAt: { type: Date, default: null },
        cvVersionId: { type: Schema.Types.ObjectId, default: null }
      },
      { versionKey: false, strict: 'throw' }
    );
    schema.index({ duoId: 1, startsAt: 1 });
    // The reminder sweep looks at planned meetings by start.
    schema.index({ status: 1, startsAt: 1 });
    this.m = conn.model<MeetingDoc>('Meeting', schema, 'meetings');
  }

  init = () => this.m.init();
  insertMany = async (docs: NewMeeting[]) => (await this.m.insertMany(docs)).map((d) => d.toObject() as MeetingDoc);
  findById = (id: Id) => this.m.findById(id).lean<MeetingDoc>().exec();
  forDuo = (duoId: Id) => this.m.find({ duoId }).sort({ startsAt: 1, _id: 1 }).lean<MeetingDoc[]>().exec();
  forDuos = (duoIds: Id[]) => this.m.find({ duoId: { $in: duoIds } }).sort({ startsAt: 1, _id: 1 }).lean<MeetingDoc[]>().exec();
  countForDuo = (duoId: Id) => this.m.countDocuments({ duoId }).exec();
  /** Changes a meeting that is still planned; null when it is not (held, missed or cancelled meanwhile). */
  updatePlanned = (id: Id, set: Partial<NewMeeting>) =>
    this.m
      .findOneAndUpdate({ _id: id, status: 'planned' }, { $set: set, $inc: { sequence: 1 } }, { returnDocument: 'after' })
      .lean<MeetingDoc>()
      .exec();
  /** Marks a held meeting sealed; null when it was sealed already (two people pressing at once: one wins). */
  seal = (id: Id, sealedAt: Date, cvVersionId: Id | null) =>
    this.m
      .findOneAndUpdate({ _id: id, status: 'held', sealedAt: null }, { $set: { sealedAt, cvVersionId, updatedAt: sealedAt } }, { returnDocument: 'after' })
      .lean<MeetingDoc>()
      .exec();
  /** Planned meetings starting in [from, to) whose reminder has not gone out. */
  dueReminders = (from: Date, to: Date) =>
    this.m.find({ status: 'planned', reminderSentAt: null, startsAt: { $gte: from, $lt: to } }).lean<MeetingDoc[]>().exec();
  /** Takes the reminder of a meeting for this run; false when another run took it first. */
  claimReminder = async (id: Id, now: Date) =>
    (await this.m.updateOne({ _id: id, reminderSentAt: null }, { $set: { reminderSentAt: now } }).exec()).modifiedCount === 1;
  /** Gives the reminder back after a failed send, for the next run. */
  releaseReminder = (id: Id) => this.m.updateOne({ _id: id }, { $set: { reminderSentAt: null } }).exec();
  deleteForDuo = (duoId: Id) => this.m.deleteMany({ duoId }).exec();
  /** Retention: what only the duo knew of its meetings goes (place, link, why cancelled, the CV version kept);
   * dates, durations, modes and statuses stay for the programme's anonymous figures. */
  anonymiseForDuo = (duoId: Id) =>
    this.m.updateMany({ duoId }, { $set: { place: '', videoUrl: '', cancelReason: null, cvVersionId: null } }).exec();
}

export class CalendarFeedsRepo {
  private readonly m: Model<CalendarFeedDoc>;

  constructor(conn: Connection) {
    const schema = new Schema<CalendarFeedDoc>(
      {
        userId: { type: Schema.Types.ObjectId, required: true, unique: true },
        tokenHash: { type: String, required: true, unique: true },
        createdAt: { type: Date, required: true }
      },
      { versionKey: false, strict: 'throw' }
    );
    this.m = conn.model<CalendarFeedDoc>('CalendarFeed', schema, 'calendar_feeds');
  }

  init = () => this.m.init();
  findByHash = (tokenHash: string) => this.m.findOne({ tokenHash: String(tokenHash) }).lean<CalendarFeedDoc>().exec();
  findForUser = (userId: Id) => this.m.findOne({ userId }).lean<CalendarFeedDoc>().exec();
  /** One feed per person: a new token replaces the old one, which stops working at once. */
  replace = (userId: Id, tokenHash: string, now: Date) =>
    this.m.findOneAndUpdate({ userId }, { $set: { tokenHash: String(tokenHash), createdAt: now } }, { upsert: true, returnDocument: 'after' }).lean<CalendarFeedDoc>().exec();
  deleteForUser = (userId: Id) => this.m.deleteOne({ userId }).exec();
}

export interface MeetingsStore {
  meetings: MeetingsRepo;
  feeds: CalendarFeedsRepo;
  notes: NotesProjectionsRepo;
  seals: NotesSealsRepo;
  privateNotes: PrivateNotesRepo;
  reflections: ReflectionsRepo;
  agreement: AgreementStore;
  /** The stored shared documents (CV, meeting notes), for the retention job's erasure. */
  documents: CollabDocumentsEraser;
  /** The coordinators' alerts about flagged duos already sent. */
  flagAlerts: FlagAlertsRepo;
  /** Programmes' topics by week (the notes' agenda opens with the week's topic). */
  topics: ProgrammeTopicsRepo;
}

export async function createMeetingsStore(conn: Connection): Promise<MeetingsStore> {
  const store = {
    meetings: new MeetingsRepo(conn),
    feeds: new CalendarFeedsRepo(conn),
    notes: new NotesProjectionsRepo(conn),
    seals: new NotesSealsRepo(conn),
    privateNotes: new PrivateNotesRepo(conn),
    reflections: new ReflectionsRepo(conn),
    agreement: new AgreementStore(conn),
    documents: new CollabDocumentsEraser(conn),
    flagAlerts: new FlagAlertsRepo(conn),
    topics: new ProgrammeTopicsRepo(conn)
  };
  await store.meetings.init();
  await store.feeds.init();
  await store.notes.init();
  await store.seals.init();
  await store.privateNotes.init();
  await store.reflections.init();
  await store.agreement.init();
  await store.flagAlerts.init();
  await store.topics.init();
  return store;
}
