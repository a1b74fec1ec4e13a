// Which coordinator alerts about flagged duos went out: one record per flag (duo and reason), so that each new flag
// is emailed once, not at every run. Inserting the record claims the alert (its key is unique: two nodes never
// both send it); a flag that clears loses its record, so that it is emailed again if it comes back.
import { Schema, type Connection, type Model, type Types } from 'mongoose';

export interface FlagAlertDoc {
  /** `<duoId>:<reason>` (src/lib/shared/duo-flags.ts: flagKey). */
  _id: string;
  duoId: Types.ObjectId;
  sentAt: Date;
}

const DUPLICATE_KEY = 11000;

export class FlagAlertsRepo {
  private readonly m: Model<FlagAlertDoc>;

  constructor(conn: Connection) {
    const schema = new Schema<FlagAlertDoc>(
      { _id: { type: String, required: true }, duoId: { type: Schema.Types.ObjectId, required: true }, sentAt: { type: Date, required: true } },
      { versionKey: false, strict: 'throw' }
    );
    this.m = conn.model<FlagAlertDoc>('DuoFlagAlert', schema, 'duo_flag_alerts');
  }

  init = () => this.m.init();

  /** Takes the alert of this flag; false when it was already sent (or another node is sending it). */
  async claim(key: string, duoId: Types.ObjectId, now: Date): Promise<boolean> {
    try {
      await this.m.create({ _id: String(key), duoId, sentAt: now });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === DUPLICATE_KEY) return false;
      throw err;
    }
  }

  /** Gives the alert back after a failed send, for the next run. */
  release = (key: string) => this.m.deleteOne({ _id: String(key) }).exec();

  /** Forgets the alerts of flags that are no longer raised. */
  keepOnly = (keys: string[]) => this.m.deleteMany({ _id: { $nin: keys.map(String) } }).exec();

  count = () => this.m.countDocuments({}).exec();
}
