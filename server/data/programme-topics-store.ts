// A programme's topics by week: one record per programme, replaced whole when a coordinator saves them.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { WeekTopic } from '../../src/lib/shared/programme-topics.ts';

export interface ProgrammeTopicsDoc {
  _id: Types.ObjectId;
  topics: WeekTopic[];
  updatedAt: Date;
}

export class ProgrammeTopicsRepo {
  private readonly m: Model<ProgrammeTopicsDoc>;

  constructor(conn: Connection) {
    const topic = new Schema<WeekTopic>({ week: { type: Number, required: true }, text: { type: String, required: true } }, { _id: false, versionKey: false });
    const schema = new Schema<ProgrammeTopicsDoc>(
      { _id: { type: Schema.Types.ObjectId, required: true }, topics: { type: [topic], default: [] }, updatedAt: { type: Date, required: true } },
      { versionKey: false, strict: 'throw' }
    );
    this.m = conn.model<ProgrammeTopicsDoc>('ProgrammeTopics', schema, 'programme_topics');
  }

  init = () => this.m.init();
  find = (programmeId: Types.ObjectId) => this.m.findById(programmeId).lean<ProgrammeTopicsDoc>().exec();
  replace = (programmeId: Types.ObjectId, topics: WeekTopic[], now: Date) =>
    this.m
      .findOneAndUpdate({ _id: programmeId }, { $set: { topics: topics.map((t) => ({ week: Number(t.week), text: String(t.text) })), updatedAt: now } }, { upsert: true, returnDocument: 'after' })
      .lean<ProgrammeTopicsDoc>()
      .exec();
}
