// Named versions of a duo's CV ("after meeting 3"): a frozen JSON projection of the CV, never edited, so that
// restoring one is always possible. The versions the app makes itself before a restore or an import are kept up
// to a number (the oldest go); named ones are kept up to a limit past which saving another is refused.
// The one exception to "never edited" is the erasure of an account (ERASURE.md): the name of who saved a version
// is personal data, and goes.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { CvJson } from '../../src/lib/shared/cv/json.ts';

export const VERSION_KINDS = ['named', 'before_restore', 'before_import'] as const;
export type VersionKind = (typeof VERSION_KINDS)[number];

export interface CvVersionDoc {
  _id: Types.ObjectId;
  duoId: Types.ObjectId;
  name: string;
  kind: VersionKind;
  cv: CvJson;
  createdBy: Types.ObjectId;
  createdByName: string;
  createdAt: Date;
}

export class CvVersionsRepo {
  private readonly m: Model<CvVersionDoc>;

  constructor(conn: Connection) {
    const schema = new Schema<CvVersionDoc>(
      {
        duoId: { type: Schema.Types.ObjectId, required: true },
        name: { type: String, required: true, maxlength: 120 },
        kind: { type: String, enum: VERSION_KINDS, required: true },
        // The projection is validated by cvJsonSchema before it gets here; stored as is.
        cv: { type: Schema.Types.Mixed, required: true },
        createdBy: { type: Schema.Types.ObjectId, required: true },
        createdByName: { type: String, required: true },
        createdAt: { type: Date, required: true }
      },
      { versionKey: false, minimize: false }
    );
    schema.index({ duoId: 1, createdAt: -1 });
    this.m = conn.model<CvVersionDoc>('CvVersion', schema, 'cv_versions');
  }

  init = () => this.m.init();
  create = (v: Omit<CvVersionDoc, '_id'>) => this.m.create(v).then((d) => d.toObject() as CvVersionDoc);
  /** Newest first, without the content (a list can be long; the content is fetched one version at a time). */
  listForDuo = (duoId: Types.ObjectId) =>
    this.m.find({ duoId }, { cv: 0 }).sort({ createdAt: -1, _id: -1 }).lean<Omit<CvVersionDoc, 'cv'>[]>().exec();
  findOne = (duoId: Types.ObjectId, id: Types.ObjectId) => this.m.findOne({ _id: id, duoId }).lean<CvVersionDoc>().exec();
  countForDuo = (duoId: Types.ObjectId, kind?: VersionKind) => this.m.countDocuments(kind ? { duoId, kind } : { duoId }).exec();
  /** Deletes the oldest versions the app made itself (before a restore, before an import) beyond `keep`. */
  async pruneAutomatic(duoId: Types.ObjectId, keep: number): Promise<number> {
    const old = await this.m
      .find({ duoId, kind: { $ne: 'named' } }, { _id: 1 })
      .sort({ createdAt: -1, _id: -1 })
      .skip(keep)
      .lean<{ _id: Types.ObjectId }[]>()
      .exec();
    if (old.length === 0) return 0;
    return (await this.m.deleteMany({ _id: { $in: old.map((v) => v._id) } }).exec()).deletedCount;
  }
  /** Retention: a duo's CV versions go with its content. */
  deleteForDuo = (duoId: Types.ObjectId) => this.m.deleteMany({ duoId }).exec();
  /** Erasure: `name` in place of the name of whoever saved versions as `userId`. */
  renameCreator = (userId: Types.ObjectId, name: string) =>
    this.m.updateMany({ createdBy: userId }, { $set: { createdByName: String(name) } }).exec();
}
