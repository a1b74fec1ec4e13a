// Workshops in MongoDB: the workshop (details, run-sheet, people, and the server-decided live state), who wrote
// which card (the only place an anonymous card's author is kept), the vote ledger, board snapshots and the
// join-code tries. Registered on the app's connection; every filter is built from typed values.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { LOCALES, type Locale } from '../../src/lib/shared/codes.ts';
import { ACTIVITY_KINDS, CARD_COLOURS, WORKSHOP_STATES, type Activity, type CardColour, type WorkshopState } from '../../src/lib/shared/workshops/model.ts';
import { TEMPLATE_IDS, type TemplateId } from '../../src/lib/shared/workshops/schemas.ts';

type Id = Types.ObjectId;

export interface WorkshopParticipantDoc {
  userId: Id;
  /** Joined the live workshop at least once (attendance), unless a facilitator corrected it. */
  present: boolean;
  invitedAt: Date;
}

export interface WorkshopLiveDoc {
  current: number;
  anonymous: boolean;
  revealMode: 'all' | 'each';
  timer: { endsAt: Date | null; pausedRemaining: number | null; lockAtZero: boolean };
  locked: boolean;
  spotlight: { kind: 'column' | 'group'; id: string } | null;
  ready: Id[];
  votesRevealed: boolean;
  facilitatorNotes: string;
  /** Who opened their draft to write (the reveal reads only theirs). */
  drafters?: Id[];
}

export interface WorkshopDoc {
  _id: Id;
  organisationId: Id;
  programmeId: Id | null;
  title: string;
  description: string;
  startsAt: Date;
  durationMinutes: number;
  place: string;
  videoUrl: string;
  locale: Locale;
  templateId: TemplateId;
  state: WorkshopState;
  activities: Activity[];
  columns: { id: string; title: string; prompt: string; colour: CardColour }[];
  votes: { budget: number; cap: number; selfVotes: boolean };
  facilitatorIds: Id[];
  participants: WorkshopParticipantDoc[];
  joinCode: string;
  live: WorkshopLiveDoc;
  createdBy: Id;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
}

export interface WorkshopCardDoc {
  _id: Id;
  workshopId: Id;
  cardId: string;
  authorId: Id;
  anonymous: boolean;
  /** The draft card it was revealed from (a reveal repeated after a failure copies it once). */
  draftCardId: string | null;
  createdAt: Date;
}

export interface VoteCounterDoc {
  /** `${workshopId}:${userId}`: votes a person has cast in a workshop. */
  _id: string;
  workshopId: Id;
  used: number;
}
export interface VoteDoc {
  /** `${workshopId}:${userId}:${kind}:${targetId}`. */
  _id: string;
  workshopId: Id;
  userId: Id;
  kind: 'card' | 'group';
  targetId: string;
  count: number;
}

export interface WorkshopSnapshotDoc {
  _id: Id;
  workshopId: Id;
  /** The activity that was ending (or 'end'). */
  name: string;
  activityIndex: number;
  state: Buffer;
  createdAt: Date;
}

const oid = Schema.Types.ObjectId;

const workshopSchema = new Schema<WorkshopDoc>(
  {
    organisationId: { type: oid, required: true, index: true },
    programmeId: { type: oid, default: null },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    startsAt: { type: Date, required: true },
    durationMinutes: { type: Number, required: true },
    place: { type: String, default: '' },
    videoUrl: { type: String, default: '' },
    locale: { type: String, enum: LOCALES, required: true },
    templateId: { type: String, enum: TEMPLATE_IDS, required: true },
    state: { type: String, enum: WORKSHOP_STATES, required: true },
    activities: [
      new Schema(
        { id: String, kind: { type: String, enum: ACTIVITY_KINDS }, title: String, prompt: String, minutes: Number },
        { _id: false }
      )
    ],
    columns: [new Schema({ id: String, title: String, prompt: String, colour: { type: String, enum: CARD_COLOURS } }, { _id: false })],
    votes: { budget: Number, cap: Number, selfVotes: Boolean },
    facilitatorIds: { type: [oid], default: [] },
    participants: [new Schema({ userId: { type: oid, required: true }, present: Boolean, invitedAt: Date }, { _id: false })],
    joinCode: { type: String, required: true },
    live: { type: Schema.Types.Mixed, required: true },
    createdBy: { type: oid, required: true },
    createdAt: { type: Date, required: true },
    startedAt: { type: Date, default: null },
    endedAt: { type: Date, default: null }
  },
  { versionKey: false, minimize: false }
);
workshopSchema.index({ joinCode: 1 }, { unique: true });
workshopSchema.index({ 'participants.userId': 1 });
workshopSchema.index({ facilitatorIds: 1 });

const cardSchema = new Schema<WorkshopCardDoc>(
  {
    workshopId: { type: oid, required: true },
    cardId: { type: String, required: true },
    authorId: { type: oid, required: true, index: true },
    anonymous: { type: Boolean, required: true },
    draftCardId: { type: String, default: null },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false }
);
cardSchema.index({ workshopId: 1, cardId: 1 }, { unique: true });

const counterSchema = new Schema<VoteCounterDoc>({ _id: String, workshopId: { type: oid, required: true }, used: { type: Number, required: true } }, { versionKey: false });
const voteSchema = new Schema<VoteDoc>(
  {
    _id: String,
    workshopId: { type: oid, required: true, index: true },
    userId: { type: oid, required: true },
    kind: { type: String, enum: ['card', 'group'], required: true },
    targetId: { type: String, required: true },
    count: { type: Number, required: true }
  },
  { versionKey: false }
);
const snapshotSchema = new Schema<WorkshopSnapshotDoc>(
  {
    workshopId: { type: oid, required: true, index: true },
    name: { type: String, required: true },
    activityIndex: { type: Number, required: true },
    state: { type: Buffer, required: true },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false }
);
interface TryDoc {
  _id: string;
  count: number;
  expiresAt: Date;
}
const triesSchema = new Schema<TryDoc>(
  { _id: String, count: { type: Number, required: true }, expiresAt: { type: Date, required: true } },
  { versionKey: false }
);
triesSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export class WorkshopsRepo {
  readonly workshops: Model<WorkshopDoc>;
  readonly cards: Model<WorkshopCardDoc>;
  readonly counters: Model<VoteCounterDoc>;
  readonly votes: Model<VoteDoc>;
  readonly snapshots: Model<WorkshopSnapshotDoc>;
  readonly tries: Model<TryDoc>;

  constructor(conn: Connection) {
    this.workshops = conn.model<WorkshopDoc>('Workshop', workshopSchema, 'workshops');
    this.cards = conn.model<WorkshopCardDoc>('WorkshopCard', cardSchema, 'workshop_cards');
    this.counters = conn.model<VoteCounterDoc>('WorkshopVoteCounter', counterSchema, 'workshop_vote_counters');
    this.votes = conn.model<VoteDoc>('WorkshopVote', voteSchema, 'workshop_votes');
    this.snapshots = conn.model<WorkshopSnapshotDoc>('WorkshopSnapshot', snapshotSchema, 'workshop_snapshots');
    this.tries = conn.model<TryDoc>('WorkshopJoinTry', triesSchema, 'workshop_join_tries');
  }

  async init(): Promise<void> {
    await Promise.all([this.workshops.init(), this.cards.init(), this.counters.init(), this.votes.init(), this.snapshots.init(), this.tries.init()]);
  }

  /** Listeners told the id of each workshop written through this repository (server/scale/workshop-sync.ts). */
  private readonly writeListeners = new Set<(workshopId: string) => void>();

  /** Calls `fn` with the id of every workshop written from now on; returns the function that stops it. */
  onWrite(fn: (workshopId: string) => void): () => void {
    this.writeListeners.add(fn);
    return () => this.writeListeners.delete(fn);
  }

  private written<T extends { _id: Id } | null>(doc: T): T {
    if (doc) for (const fn of this.writeListeners) fn(String(doc._id));
    return doc;
  }

  // ---- workshops
  create = async (doc: Omit<WorkshopDoc, '_id'>) => (await this.workshops.create(doc)).toObject() as WorkshopDoc;
  findById = (id: Id) => this.workshops.findById(id).lean<WorkshopDoc>().exec();
  findByJoinCode = (code: string) => this.workshops.findOne({ joinCode: String(code) }).lean<WorkshopDoc>().exec();
  listForOrganisation = (orgId: Id, state?: WorkshopState) =>
    this.workshops
      .find(state ? { organisationId: orgId, state } : { organisationId: orgId })
      .sort({ startsAt: 1 })
      .lean<WorkshopDoc[]>()
      .exec();
  /** Workshops a person takes part in or facilitates, in the given states. */
  listForPerson = (userId: Id, states: WorkshopState[]) =>
    this.workshops
      .find({ $or: [{ 'participants.userId': userId }, { facilitatorIds: userId }], state: { $in: states } } as Record<string, unknown>)
      .sort({ startsAt: 1 })
      .lean<WorkshopDoc[]>()
      .exec();
  /** Live workshops (their timers are scheduled again at start-up). */
  listLive = () => this.workshops.find({ state: 'live' }).lean<WorkshopDoc[]>().exec();
  /** Sets fields, only while the workshop is in one of `states`; null when it was not. */
  update = async (id: Id, set: Record<string, unknown>, states: WorkshopState[] = [...WORKSHOP_STATES]) =>
    this.written(
      await this.workshops
        .findOneAndUpdate({ _id: id, state: { $in: states } }, { $set: set }, { returnDocument: 'after' })
        .lean<WorkshopDoc>()
        .exec()
    );
  updateRaw = async (filter: Record<string, unknown>, update: Record<string, unknown>) =>
    this.written(await this.workshops.findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean<WorkshopDoc>().exec());
  delete = async (id: Id) => {
    const r = await this.workshops.deleteOne({ _id: id, state: 'planned' }).exec();
    if (r.deletedCount > 0) this.written({ _id: id });
    return r;
  };

  // ---- cards' authors
  recordCard = (c: Omit<WorkshopCardDoc, '_id'>) => this.cards.create(c);
  cardAuthor = (workshopId: Id, cardId: string) => this.cards.findOne({ workshopId, cardId: String(cardId) }).lean<WorkshopCardDoc>().exec();
  cardsOf = (workshopId: Id, authorId: Id) => this.cards.find({ workshopId, authorId }).lean<WorkshopCardDoc[]>().exec();
  revealedDraftCards = (workshopId: Id) =>
    this.cards
      .find({ workshopId, draftCardId: { $ne: null } }, { authorId: 1, draftCardId: 1 })
      .lean<{ authorId: Id; draftCardId: string }[]>()
      .exec();
  forgetCard = (workshopId: Id, cardId: string) => this.cards.deleteOne({ workshopId, cardId: String(cardId) }).exec();

  // ---- the vote ledger. Each step is one conditional update of one document, so concurrent casts by one person
  // can never pass the budget, nor concurrent casts on one target its cap.
  /** Makes the document when missing (then the conditional update is tried once more). */
  private async ensure(model: Model<any>, _id: string, insert: Record<string, unknown>): Promise<void> {
    try {
      await model.updateOne({ _id }, { $setOnInsert: insert }, { upsert: true }).exec();
    } catch (err) {
      // Two first votes at once: one upsert wins, the other finds the document there.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  /** Casts one vote; the answer says what stopped it, or how many votes the person has used. */
  async castVote(
    v: { workshopId: Id; userId: Id; kind: 'card' | 'group'; targetId: string },
    budget: number,
    cap: number
  ): Promise<{ ok: true; used: number } | { ok: false; code: 'budget_exhausted' | 'cap_reached' }> {
    const counterId = `${v.workshopId}:${v.userId}`;
    const voteId = `${counterId}:${v.kind}:${v.targetId}`;
    const takeOne = () =>
      this.counters.findOneAndUpdate({ _id: counterId, used: { $lt: budget } }, { $inc: { used: 1 } }, { returnDocument: 'after' }).lean<VoteCounterDoc>().exec();
    // The usual case is one conditional update; a person's first vote makes their counter first.
    let counter = await takeOne();
    if (!counter) {
      await this.ensure(this.counters, counterId, { workshopId: v.workshopId, used: 0 });
      counter = await takeOne();
    }
    if (!counter) return { ok: false, code: 'budget_exhausted' };
    const addOne = () => this.votes.findOneAndUpdate({ _id: voteId, count: { $lt: cap } }, { $inc: { count: 1 } }, { returnDocument: 'after' }).lean<VoteDoc>().exec();
    let vote = await addOne();
    if (!vote) {
      await this.ensure(this.votes, voteId, { workshopId: v.workshopId, userId: v.userId, kind: v.kind, targetId: String(v.targetId), count: 0 });
      vote = await addOne();
    }
    if (!vote) {
      await this.counters.updateOne({ _id: counterId }, { $inc: { used: -1 } }).exec();
      return { ok: false, code: 'cap_reached' };
    }
    return { ok: true, used: counter.used };
  }

  /** Takes back one vote; false when there was none on that target. */
  async retractVote(v: { workshopId: Id; userId: Id; kind: 'card' | 'group'; targetId: string }): Promise<number | null> {
    const counterId = `${v.workshopId}:${v.userId}`;
    const voteId = `${counterId}:${v.kind}:${v.targetId}`;
    const vote = await this.votes.findOneAndUpdate({ _id: voteId, count: { $gt: 0 } }, { $inc: { count: -1 } }, { returnDocument: 'after' }).lean<VoteDoc>().exec();
    if (!vote) return null;
    const counter = await this.counters.findOneAndUpdate({ _id: counterId }, { $inc: { used: -1 } }, { returnDocument: 'after' }).lean<VoteCounterDoc>().exec();
    return counter?.used ?? 0;
  }

  myVotes = (workshopId: Id, userId: Id) => this.votes.find({ workshopId, userId, count: { $gt: 0 } }).lean<VoteDoc[]>().exec();
  votesUsed = async (workshopId: Id, userId: Id) => (await this.counters.findById(`${workshopId}:${userId}`).lean<VoteCounterDoc>().exec())?.used ?? 0;
  /** Counts per target, never who cast them. */
  async tallies(workshopId: Id): Promise<{ kind: 'card' | 'group'; id: string; count: number }[]> {
    const rows = await this.votes
      .aggregate<{ _id: { kind: 'card' | 'group'; id: string }; count: number }>([
        { $match: { workshopId, count: { $gt: 0 } } },
        { $group: { _id: { kind: '$kind', id: '$targetId' }, count: { $sum: '$count' } } }
      ])
      .exec();
    return rows.map((r) => ({ kind: r._id.kind, id: r._id.id, count: r.count }));
  }

  // ---- snapshots
  snapshot = (s: Omit<WorkshopSnapshotDoc, '_id'>) => this.snapshots.create(s);
  listSnapshots = (workshopId: Id) => this.snapshots.find({ workshopId }, { state: 0 }).sort({ createdAt: 1 }).lean().exec();

  // ---- join-code tries: one atomic count per key and window
  async countTry(key: string, windowMs: number, now: Date): Promise<number> {
    const doc = await this.tries
      .findOneAndUpdate(
        { _id: String(key) },
        { $inc: { count: 1 }, $setOnInsert: { expiresAt: new Date(now.getTime() + windowMs) } },
        { upsert: true, returnDocument: 'after' }
      )
      .lean()
      .exec();
    return doc!.count;
  }
}
