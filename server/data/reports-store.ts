// The collections of programme follow-up and funders' reports (issue 13): mentees' outcomes, each organisation's
// choice of reporting fields, mentees' answers to them, and partner companies. Reports read these through
// aggregation pipelines; nothing here holds names or notes beyond the ids that join them.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { CONTRACT_TYPES, OUTCOME_MOMENTS, OUTCOME_SITUATIONS, OUTCOME_SOURCES, type ContractType, type OutcomeMoment, type OutcomeSituation, type OutcomeSource } from '../../src/lib/shared/reports/outcomes.ts';
import { REPORTING_FIELDS, type ReportingAnswers, type ReportingField } from '../../src/lib/shared/reports/reporting-fields.ts';

type Id = Types.ObjectId;
const oid = Schema.Types.ObjectId;
const opts = { versionKey: false as const, strict: 'throw' as const };

/** The current situation of a duo's mentee at one moment; `history` keeps what it replaced (dates and who). */
export interface OutcomeDoc {
  _id: Id;
  organisationId: Id;
  programmeId: Id;
  duoId: Id;
  menteeId: Id;
  moment: OutcomeMoment;
  situation: OutcomeSituation;
  contractType: ContractType | null;
  /** The date the situation refers to, YYYY-MM-DD. */
  date: string;
  source: OutcomeSource;
  /** The coordinator's user id; null when the mentee answered through the signed link. */
  recordedBy: Id | null;
  recordedAt: Date;
  history: { situation: OutcomeSituation; contractType: ContractType | null; date: string; source: OutcomeSource; recordedBy: Id | null; recordedAt: Date }[];
}

/** One organisation's reporting fields (absent: none collected). */
export interface ReportingSettingsDoc {
  _id: Id;
  organisationId: Id;
  fields: { field: ReportingField; enabled: boolean; options: { code: string; label: string }[] }[];
  updatedAt: Date;
}

/** A mentee's answers in one organisation (erased with the membership's personal data). */
export interface ReportingProfileDoc {
  _id: Id;
  organisationId: Id;
  userId: Id;
  answers: ReportingAnswers;
  updatedAt: Date;
}

export interface PartnerCompanyDoc {
  _id: Id;
  organisationId: Id;
  name: string;
  createdAt: Date;
}

export interface ReportsStore {
  outcomes: Model<OutcomeDoc>;
  reportingSettings: Model<ReportingSettingsDoc>;
  reportingProfiles: Model<ReportingProfileDoc>;
  partnerCompanies: Model<PartnerCompanyDoc>;
}

export async function createReportsStore(conn: Connection): Promise<ReportsStore> {
  const recorded = {
    situation: { type: String, enum: OUTCOME_SITUATIONS, required: true },
    contractType: { type: String, enum: [...CONTRACT_TYPES, null], default: null },
    date: { type: String, required: true },
    source: { type: String, enum: OUTCOME_SOURCES, required: true },
    recordedBy: { type: oid, default: null },
    recordedAt: { type: Date, required: true }
  };
  const outcome = new Schema<OutcomeDoc>(
    {
      organisationId: { type: oid, required: true },
      programmeId: { type: oid, required: true },
      duoId: { type: oid, required: true },
      menteeId: { type: oid, required: true },
      moment: { type: String, enum: OUTCOME_MOMENTS, required: true },
      ...recorded,
      history: { type: [new Schema(recorded, { _id: false, versionKey: false })], default: [] }
    },
    opts
  );
  outcome.index({ duoId: 1, moment: 1 }, { unique: true });
  outcome.index({ organisationId: 1, programmeId: 1 });

  const settings = new Schema<ReportingSettingsDoc>(
    {
      organisationId: { type: oid, required: true, unique: true },
      fields: {
        type: [
          new Schema(
            {
              field: { type: String, enum: REPORTING_FIELDS, required: true },
              enabled: { type: Boolean, required: true },
              options: { type: [new Schema({ code: { type: String, required: true }, label: { type: String, required: true } }, { _id: false })], default: [] }
            },
            { _id: false, versionKey: false }
          )
        ],
        default: []
      },
      updatedAt: { type: Date, required: true }
    },
    opts
  );

  const profile = new Schema<ReportingProfileDoc>(
    {
      organisationId: { type: oid, required: true },
      userId: { type: oid, required: true },
      answers: { type: Object, default: {} },
      updatedAt: { type: Date, required: true }
    },
    opts
  );
  profile.index({ organisationId: 1, userId: 1 }, { unique: true });

  const company = new Schema<PartnerCompanyDoc>(
    { organisationId: { type: oid, required: true, index: true }, name: { type: String, required: true, maxlength: 120 }, createdAt: { type: Date, required: true } },
    opts
  );
  company.index({ organisationId: 1, name: 1 }, { unique: true });

  const store: ReportsStore = {
    outcomes: conn.model<OutcomeDoc>('Outcome', outcome, 'outcomes'),
    reportingSettings: conn.model<ReportingSettingsDoc>('ReportingSettings', settings, 'reporting_settings'),
    reportingProfiles: conn.model<ReportingProfileDoc>('ReportingProfile', profile, 'reporting_profiles'),
    partnerCompanies: conn.model<PartnerCompanyDoc>('PartnerCompany', company, 'partner_companies')
  };
  for (const m of Object.values(store) as Model<unknown>[]) await m.init();
  return store;
}
