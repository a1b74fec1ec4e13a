// What the server keeps of each meeting's notes outside the live document, refreshed after each stored batch:
// the next steps (the next meeting's agenda carries the open ones over) and the plain text of every section (the
// journal's search and exports read it). Coordinators never read this collection through any route.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { NextStep } from '../../src/lib/shared/notes/model.ts';

type Id = Types.ObjectId;

export interface NotesProjectionDoc {
  _id: Id;
  meetingId: Id;
  duoId: Id;
  /** The meeting's start, so that "the meetings before this one" is one query. */
  startsAt: Date;
  agenda: string;
  notes: string;
  decisions: string;
  links: string;
  steps: NextStep[];
  /** The language the text is stemmed in for the journal's search (the mentee's language). */
  textLanguage: Locale;
  updatedAt: Date;
}

/** What each stored batch writes; the language is set when the notes are opened (`setLanguage`). */
export type NotesProjection = Omit<NotesProjectionDoc, '_id' | 'textLanguage'>;

/** The notes as they were when the meeting was marked done: never edited afterwards (later edits show against it). */
export interface NotesSealDoc {
  _id: Id;
  meetingId: Id;
  duoId: Id;
  agenda: string;
  notes: string;
  decisions: string;
  links: string;
  steps: NextStep[];
  sealedAt: Date;
  sealedBy: Id;
}

export class NotesSealsRepo {
  private readonly m: Model<NotesSealDoc>;
  constructor(conn: Connection) {
    const schema = new Schema<NotesSealDoc>(
      {
        meetingId: { type: Schema.Types.ObjectId, required: true, unique: true },
        duoId: { type: Schema.Types.ObjectId, required: true, index: true },
        agenda: String,
        notes: String,
        decisions: String,
        links: String,
        steps: { type: Schema.Types.Mixed, default: [] },
        sealedAt: { type: Date, required: true },
        sealedBy: { type: Schema.Types.ObjectId, required: true }
      },
      { versionKey: false, minimize: false }
    );
    this.m = conn.model<NotesSealDoc>('MeetingNotesSeal', schema, 'meeting_notes_seals');
  }
  init = () => this.m.init();
  create = async (seal: Omit<NotesSealDoc, '_id'>) => (await this.m.create(seal)).toObject() as NotesSealDoc;
  forMeeting = (meetingId: Id) => this.m.findOne({ meetingId }).lean<NotesSealDoc>().exec();
  deleteForMeeting = (meetingId: Id) => this.m.deleteOne({ meetingId }).exec();
  deleteForDuo = (duoId: Id) => this.m.deleteMany({ duoId }).exec();
}

export class NotesProjectionsRepo {
  readonly model: Model<NotesProjectionDoc>;

  constructor(conn: Connection) {
    const step = new Schema<NextStep>(
      {
        id: String,
        text: String,
        owner: String,
        due: { type: String, default: null },
        done: Boolean,
        authorId: String,
        createdAt: String,
        order: String
      },
      { _id: false, versionKey: false }
    );
    const schema = new Schema<NotesProjectionDoc>(
      {
        meetingId: { type: Schema.Types.ObjectId, required: true, unique: true },
        duoId: { type: Schema.Types.ObjectId, required: true },
        startsAt: { type: Date, required: true },
        agenda: { type: String, default: '' },
        notes: { type: String, default: '' },
        decisions: { type: String, default: '' },
        links: { type: String, default: '' },
        steps: { type: [step], default: [] },
        textLanguage: { type: String, enum: ['fr', 'nl', 'en'], default: 'fr' },
        updatedAt: { type: Date, required: true }
      },
      { versionKey: false, strict: 'throw' }
    );
    schema.index({ duoId: 1, startsAt: 1 });
    // The journal's search: MongoDB's own text index, each note stemmed in its language (`textLanguage`, not
    // `language`, so that the field's name says what it is); a search is always filtered by duo.
    schema.index({ agenda: 'text', notes: 'text', decisions: 'text' }, { default_language: 'french', language_override: 'textLanguage' });
    this.model = conn.model<NotesProjectionDoc>('MeetingNotes', schema, 'meeting_notes');
  }

  init = () => this.model.init();
  upsert = (p: NotesProjection) =>
    this.model.updateOne({ meetingId: p.meetingId }, { $set: p }, { upsert: true }).exec();
  forMeeting = (meetingId: Id) => this.model.findOne({ meetingId }).lean<NotesProjectionDoc>().exec();
  setLanguage = (meetingId: Id, textLanguage: Locale) => this.model.updateOne({ meetingId }, { $set: { textLanguage } }).exec();
  /** The notes of a duo's meetings that started before `before`, oldest first. */
  before = (duoId: Id, before: Date) =>
    this.model.find({ duoId, startsAt: { $lt: before } }).sort({ startsAt: 1 }).lean<NotesProjectionDoc[]>().exec();
  forDuo = (duoId: Id) => this.model.find({ duoId }).sort({ startsAt: 1 }).lean<NotesProjectionDoc[]>().exec();
  deleteForDuo = (duoId: Id) => this.model.deleteMany({ duoId }).exec();
  /** The journal's search: a duo's notes holding the words (stemmed in `language`), best first. */
  search = (duoId: Id, words: string, language: Locale, limit: number) =>
    this.model
      .find({ duoId, $text: { $search: words, $language: language } }, { score: { $meta: 'textScore' } })
      .sort({ score: { $meta: 'textScore' } })
      .limit(limit)
      .lean<(NotesProjectionDoc & { score: number })[]>()
      .exec();
}
