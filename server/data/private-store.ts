// Private notes (one per person per duo, read and written by that person alone) and the reflections a mentee
// shares with their mentor. Every query names the person it is for: no route can ask for someone else's note.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { PRIVATE_NOTE_MAX, REFLECTION_MAX } from '../../src/lib/shared/meetings.ts';

type Id = Types.ObjectId;

export interface PrivateNoteDoc {
  _id: Id;
  duoId: Id;
  userId: Id;
  text: string;
  updatedAt: Date;
}
export interface ReflectionDoc {
  _id: Id;
  duoId: Id;
  authorId: Id;
  text: string;
  createdAt: Date;
}

export class PrivateNotesRepo {
  private readonly m: Model<PrivateNoteDoc>;
  constructor(conn: Connection) {
    const schema = new Schema<PrivateNoteDoc>(
      {
        duoId: { type: Schema.Types.ObjectId, required: true },
        userId: { type: Schema.Types.ObjectId, required: true },
        text: { type: String, default: '', maxlength: PRIVATE_NOTE_MAX },
        updatedAt: { type: Date, required: true }
      },
      { versionKey: false, strict: 'throw' }
    );
    schema.index({ duoId: 1, userId: 1 }, { unique: true });
    this.m = conn.model<PrivateNoteDoc>('PrivateNote', schema, 'private_notes');
  }
  init = () => this.m.init();
  own = (duoId: Id, userId: Id) => this.m.findOne({ duoId, userId }).lean<PrivateNoteDoc>().exec();
  save = (duoId: Id, userId: Id, text: string, now: Date) =>
    this.m.findOneAndUpdate({ duoId, userId }, { $set: { text: String(text), updatedAt: now } }, { upsert: true, returnDocument: 'after' }).lean<PrivateNoteDoc>().exec();
  deleteForDuo = (duoId: Id) => this.m.deleteMany({ duoId }).exec();
  deleteForUser = (userId: Id) => this.m.deleteMany({ userId }).exec();
}

export class ReflectionsRepo {
  private readonly m: Model<ReflectionDoc>;
  constructor(conn: Connection) {
    const schema = new Schema<ReflectionDoc>(
      {
        duoId: { type: Schema.Types.ObjectId, required: true, index: true },
        authorId: { type: Schema.Types.ObjectId, required: true },
        text: { type: String, required: true, maxlength: REFLECTION_MAX },
        createdAt: { type: Date, required: true }
      },
      { versionKey: false, strict: 'throw' }
    );
    this.m = conn.model<ReflectionDoc>('Reflection', schema, 'reflections');
  }
  init = () => this.m.init();
  create = async (r: Omit<ReflectionDoc, '_id'>) => (await this.m.create(r)).toObject() as ReflectionDoc;
  forDuo = (duoId: Id) => this.m.find({ duoId }).sort({ createdAt: 1 }).lean<ReflectionDoc[]>().exec();
  countForDuo = (duoId: Id) => this.m.countDocuments({ duoId }).exec();
  deleteForDuo = (duoId: Id) => this.m.deleteMany({ duoId }).exec();
  deleteByAuthor = (authorId: Id) => this.m.deleteMany({ authorId }).exec();
}
