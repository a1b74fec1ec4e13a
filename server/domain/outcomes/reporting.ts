// The optional facts funders ask about mentees (issue 13): each organisation chooses the fields it collects (and
// its own lists for region and background); a mentee answers, changes or clears them, or a coordinator records
// them for a mentee who asks. Every answer must be one of the field's configured codes. Covered by the person's
// own listing (`GET /me/reporting`, their export of it) and by erasure (ERASURE.md).
import type { Types } from 'mongoose';
import type { ReportingAnswers, ReportingField, ReportingFieldSetting } from '../../../src/lib/shared/reports/reporting-fields.ts';
import { REPORTING_FIELDS } from '../../../src/lib/shared/reports/reporting-fields.ts';
import { completeSettings, optionCodes, type ReportingAnswersBody, type ReportingFieldsBody, type ReportingFormView } from '../../../src/lib/shared/reports/outcome-api.ts';
import type { MembershipDoc } from '../../data/models.ts';
import type { Repositories } from '../../data/repositories.ts';
import type { ReportingProfileDoc, ReportingSettingsDoc, ReportsStore } from '../../data/reports-store.ts';
import type { Clock } from '../clock.ts';
import { Invalid } from '../errors.ts';

export class ReportingService {
  constructor(
    private readonly store: ReportsStore,
    private readonly repos: Repositories,
    private readonly clock: Clock
  ) {}

  /** Every field with the organisation's choice (all off until configured). */
  async settings(organisationId: Types.ObjectId): Promise<ReportingFieldSetting[]> {
    const doc = await this.store.reportingSettings.findOne({ organisationId }).lean<ReportingSettingsDoc>().exec();
    return completeSettings(doc?.fields ?? []);
  }

  async setSettings(organisationId: Types.ObjectId, body: ReportingFieldsBody): Promise<ReportingFieldSetting[]> {
    // Fields not sent keep their setting; fixed lists are never stored (their codes are in reporting-fields.ts).
    const merged = completeSettings(body.fields.length ? mergeFields(await this.settings(organisationId), body.fields) : await this.settings(organisationId));
    await this.store.reportingSettings
      .updateOne({ organisationId }, { $set: { fields: merged, updatedAt: this.clock.now() } }, { upsert: true })
      .exec();
    return merged;
  }

  /** The mentee's form in the membership's organisation: enabled fields only, and the answers kept. */
  async form(m: MembershipDoc): Promise<ReportingFormView> {
    const [settings, profile, org] = await Promise.all([
      this.settings(m.organisationId),
      this.store.reportingProfiles.findOne({ organisationId: m.organisationId, userId: m.userId }).lean<ReportingProfileDoc>().exec(),
      this.repos.organisations.findById(m.organisationId)
    ]);
    return {
      organisationId: String(m.organisationId),
      organisationName: org?.name ?? '',
      membershipId: String(m._id),
      fields: settings.filter((s) => s.enabled),
      answers: profile?.answers ?? {},
      updatedAt: profile?.updatedAt.toISOString() ?? null
    };
  }

  /** Sets (a code), clears (null) or leaves (absent) each answer; a code outside the field's list is a 400 naming it. */
  async answer(m: MembershipDoc, body: ReportingAnswersBody): Promise<ReportingFormView> {
    if (m.role !== 'mentee') throw new Invalid('Only mentees answer the reporting fields', 'membershipId');
    const settings = new Map((await this.settings(m.organisationId)).map((s) => [s.field, s]));
    const set: Record<string, string> = {};
    const unset: Record<string, 1> = {};
    for (const field of REPORTING_FIELDS) {
      const value = body.answers[field];
      if (value === undefined) continue;
      if (value === null) {
        unset[`answers.${field}`] = 1;
        continue;
      }
      const s = settings.get(field)!;
      if (!s.enabled) throw new Invalid('This organisation does not collect this field', `answers.${field}`);
      if (!optionCodes(s).includes(value)) throw new Invalid('Not one of the options', `answers.${field}`);
      set[`answers.${field}`] = value;
    }
    await this.store.reportingProfiles
      .updateOne(
        { organisationId: m.organisationId, userId: m.userId },
        { $set: { ...set, updatedAt: this.clock.now() }, ...(Object.keys(unset).length ? { $unset: unset } : {}), $setOnInsert: { organisationId: m.organisationId, userId: m.userId } },
        { upsert: true }
      )
      .exec();
    return this.form(m);
  }

  /** The person's own forms in every organisation where they are a mentee: their page, and their copy of the data. */
  async mine(userId: Types.ObjectId): Promise<ReportingFormView[]> {
    const memberships = (await this.repos.memberships.activeForUser(userId)).filter((m) => m.role === 'mentee');
    const forms = await Promise.all(memberships.map((m) => this.form(m)));
    // Answers kept in an organisation that no longer collects a field are still shown: they are the person's data.
    return forms.map((f) => ({ ...f, answers: onlyKnown(f.answers) }));
  }

  /** Someone removed from an organisation: their answers there go (they were asked only as its mentee). */
  async eraseMembership(m: MembershipDoc): Promise<void> {
    await this.store.reportingProfiles.deleteOne({ organisationId: m.organisationId, userId: m.userId }).exec();
  }

  /** Erasure: the person's answers in every organisation go at once. */
  async eraseAccount(userId: Types.ObjectId): Promise<void> {
    await this.store.reportingProfiles.deleteMany({ userId }).exec();
  }
}

function mergeFields(current: ReportingFieldSetting[], sent: ReportingFieldsBody['fields']): ReportingFieldSetting[] {
  return current.map((c) => sent.find((s) => s.field === c.field) ?? c);
}

function onlyKnown(answers: ReportingAnswers): ReportingAnswers {
  return Object.fromEntries(Object.entries(answers).filter(([k]) => (REPORTING_FIELDS as readonly string[]).includes(k as ReportingField)));
}
