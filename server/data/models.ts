// Mongoose schemas of every collection, registered on one connection (never the global mongoose default, so
// several Binôme instances can live in one test process). Timestamps come from the services' clock, not
// mongoose, so that tests can move time.
import { DUO_END_REASONS, type DuoEndReason } from '../../src/lib/shared/reports/end-reasons.ts';
import mongoose, { Schema, type Connection, type Model, type Types } from 'mongoose';
import { DEFAULT_RETENTION_MONTHS, MAX_RETENTION_MONTHS, MIN_RETENTION_MONTHS } from '../../src/lib/shared/retention.ts';
import { DUO_STATUSES, LOCALES, PROGRAMME_STATUSES, ROLES, type DuoStatus, type Locale, type ProgrammeStatus, type Role } from '../../src/lib/shared/codes.ts';

type Id = Types.ObjectId;

export interface UserDoc {
  _id: Id;
  email: string;
  name: string;
  locale: Locale;
  color: string;
  passwordHash: string | null;
  isInstanceAdmin: boolean;
  /** The umbrella role, given by the instance admin (issue 13): anonymised cross-organisation statistics only. */
  isUmbrellaViewer?: boolean;
  createdAt: Date;
  deletedAt?: Date | null;
}

export interface SessionDoc {
  _id: Id;
  tokenHash: string;
  userId: Id;
  createdAt: Date;
  expiresAt: Date;
}

export interface OrganisationDoc {
  _id: Id;
  name: string;
  createdAt: Date;
  /** Months an ended duo's content is kept before it is erased (src/lib/shared/retention.ts). */
  retentionMonths?: number;
}

export interface MemberProfileDoc {
  languages: string[];
  sector: string;
  targetJob: string;
  commune: string;
  availability: ('weekday_day' | 'weekday_evening' | 'weekend')[];
  maxDuos: number;
}

export const MEMBERSHIP_STATUSES = ['active', 'removed'] as const;
export interface MembershipDoc {
  _id: Id;
  organisationId: Id;
  userId: Id;
  role: Role;
  profile: MemberProfileDoc;
  programmeIds: Id[];
  status: (typeof MEMBERSHIP_STATUSES)[number];
  createdAt: Date;
  /** When the membership was last removed: invitations made before it cannot bring the person back. */
  removedAt?: Date | null;
  /** A mentor volunteering through a partner company, or a company contact's company (reports-store.ts). */
  companyId?: Id | null;
}

export interface ProgrammeDoc {
  _id: Id;
  organisationId: Id;
  name: string;
  startDate: string;
  endDate: string;
  meetingsPerMonth: number;
  months: number;
  languages: Locale[];
  partnerCompany?: string | null;
  status: ProgrammeStatus;
  createdAt: Date;
}

export interface DuoDoc {
  _id: Id;
  organisationId: Id;
  programmeId: Id;
  mentorId: Id;
  menteeId: Id;
  status: DuoStatus;
  endReason?: string | null;
  /** Why it stopped early, as a code (issue 13). */
  endReasonCode?: DuoEndReason | null;
  /** `${programmeId}:${menteeId}` while active or paused, absent otherwise: a unique sparse index makes
   * "one open duo per mentee per programme" hold even when two coordinators pair at the same moment. */
  openSlot?: string | null;
  createdAt: Date;
  endedAt?: Date | null;
  /** The retention job took this duo's erasure at that moment (a lease: another node waits until it is stale). */
  erasureClaimedAt?: Date | null;
  /** Its content was erased (end of the retention period): only metadata is left. */
  erasedAt?: Date | null;
}

export interface InvitationDoc {
  _id: Id;
  organisationId: Id;
  programmeId?: Id | null;
  role: Role;
  email?: string | null;
  locale: Locale;
  tokenHash: string;
  createdBy: Id;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date | null;
  usedBy?: Id | null;
  revokedAt?: Date | null;
}

export interface PasswordResetDoc {
  _id: Id;
  userId: Id;
  tokenHash: string;
  /** The coordinator or admin who handed the link out (null: requested by email), and in which organisation. */
  createdBy?: Id | null;
  organisationId?: Id | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date | null;
  /** Voided by a newer link, a new password, or a change of the creator's or the person's membership. */
  revokedAt?: Date | null;
}

export interface MetaDoc {
  _id: string;
  at: Date;
}

const oid = Schema.Types.ObjectId;
const opts = { versionKey: false as const, strict: 'throw' as const };

const userSchema = new Schema<UserDoc>(
  {
    email: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    locale: { type: String, enum: LOCALES, required: true },
    color: { type: String, required: true },
    passwordHash: { type: String, default: null },
    isInstanceAdmin: { type: Boolean, default: false },
    isUmbrellaViewer: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
    deletedAt: { type: Date, default: null }
  },
  opts
);

const sessionSchema = new Schema<SessionDoc>(
  {
    tokenHash: { type: String, required: true, unique: true },
    userId: { type: oid, required: true, index: true },
    createdAt: { type: Date, required: true },
    // The database removes expired sessions by itself; the service also refuses them before the sweep.
    expiresAt: { type: Date, required: true, expires: 0 }
  },
  opts
);

const organisationSchema = new Schema<OrganisationDoc>(
  {
    name: { type: String, required: true },
    createdAt: { type: Date, required: true },
    retentionMonths: { type: Number, default: DEFAULT_RETENTION_MONTHS, min: MIN_RETENTION_MONTHS, max: MAX_RETENTION_MONTHS }
  },
  opts
);

const profileSchema = new Schema<MemberProfileDoc>(
  {
    languages: { type: [String], default: [] },
    sector: { type: String, default: '' },
    targetJob: { type: String, default: '' },
    commune: { type: String, default: '' },
    availability: { type: [String], default: [] },
    maxDuos: { type: Number, default: 2 }
  },
  { _id: false, versionKey: false }
);

const membershipSchema = new Schema<MembershipDoc>(
  {
    organisationId: { type: oid, required: true },
    userId: { type: oid, required: true, index: true },
    role: { type: String, enum: ROLES, required: true },
    profile: { type: profileSchema, default: () => ({}) },
    programmeIds: { type: [oid], default: [] },
    status: { type: String, enum: MEMBERSHIP_STATUSES, default: 'active' },
    createdAt: { type: Date, required: true },
    removedAt: { type: Date, default: null },
    companyId: { type: oid, default: null }
  },
  opts
);
membershipSchema.index({ organisationId: 1, userId: 1 }, { unique: true });

const programmeSchema = new Schema<ProgrammeDoc>(
  {
    organisationId: { type: oid, required: true, index: true },
    name: { type: String, required: true },
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    meetingsPerMonth: { type: Number, required: true },
    months: { type: Number, required: true },
    languages: { type: [String], default: [] },
    partnerCompany: { type: String, default: null },
    status: { type: String, enum: PROGRAMME_STATUSES, required: true },
    createdAt: { type: Date, required: true }
  },
  opts
);

const duoSchema = new Schema<DuoDoc>(
  {
    organisationId: { type: oid, required: true },
    programmeId: { type: oid, required: true, index: true },
    mentorId: { type: oid, required: true, index: true },
    menteeId: { type: oid, required: true, index: true },
    status: { type: String, enum: DUO_STATUSES, required: true },
    endReason: { type: String, default: null },
    endReasonCode: { type: String, enum: [...DUO_END_REASONS, null], default: null },
    openSlot: { type: String },
    createdAt: { type: Date, required: true },
    endedAt: { type: Date, default: null },
    erasureClaimedAt: { type: Date, default: null },
    erasedAt: { type: Date, default: null }
  },
  opts
);
// The retention job's sweep: ended duos not yet erased, by end.
duoSchema.index({ organisationId: 1, erasedAt: 1, endedAt: 1 });
duoSchema.index({ openSlot: 1 }, { unique: true, sparse: true });

const invitationSchema = new Schema<InvitationDoc>(
  {
    organisationId: { type: oid, required: true, index: true },
    programmeId: { type: oid, default: null },
    role: { type: String, enum: ROLES, required: true },
    email: { type: String, default: null },
    locale: { type: String, enum: LOCALES, required: true },
    tokenHash: { type: String, required: true, unique: true },
    createdBy: { type: oid, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedBy: { type: oid, default: null },
    revokedAt: { type: Date, default: null }
  },
  opts
);

const passwordResetSchema = new Schema<PasswordResetDoc>(
  {
    userId: { type: oid, required: true, index: true },
    tokenHash: { type: String, required: true, unique: true },
    createdBy: { type: oid, default: null, index: true },
    organisationId: { type: oid, default: null },
    createdAt: { type: Date, required: true },
    // Kept one day past expiry (so a late click is told "expired", not "unknown"), then swept.
    expiresAt: { type: Date, required: true, expires: 24 * 3600 },
    usedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null }
  },
  opts
);

const metaSchema = new Schema<MetaDoc>({ _id: { type: String }, at: { type: Date, required: true } }, { versionKey: false });

export interface Models {
  users: Model<UserDoc>;
  sessions: Model<SessionDoc>;
  organisations: Model<OrganisationDoc>;
  memberships: Model<MembershipDoc>;
  programmes: Model<ProgrammeDoc>;
  duos: Model<DuoDoc>;
  invitations: Model<InvitationDoc>;
  passwordResets: Model<PasswordResetDoc>;
  meta: Model<MetaDoc>;
}

/** Registers the models on `conn` and builds their indexes (unique and TTL) before the app serves. */
export async function createModels(conn: Connection): Promise<Models> {
  const models: Models = {
    users: conn.model<UserDoc>('User', userSchema),
    sessions: conn.model<SessionDoc>('Session', sessionSchema),
    organisations: conn.model<OrganisationDoc>('Organisation', organisationSchema),
    memberships: conn.model<MembershipDoc>('Membership', membershipSchema),
    programmes: conn.model<ProgrammeDoc>('Programme', programmeSchema),
    duos: conn.model<DuoDoc>('Duo', duoSchema),
    invitations: conn.model<InvitationDoc>('Invitation', invitationSchema),
    passwordResets: conn.model<PasswordResetDoc>('PasswordReset', passwordResetSchema),
    meta: conn.model<MetaDoc>('Meta', metaSchema, 'meta')
  };
  for (const m of Object.values(models) as Model<unknown>[]) await m.init();
  return models;
}

export const toId = (s: string | Id): Id => (typeof s === 'string' ? new mongoose.Types.ObjectId(s) : s);
export const isObjectIdString = (s: string): boolean => /^[0-9a-f]{24}$/.test(s);
