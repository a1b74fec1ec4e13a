// Request bodies and views of the outcome routes, the mentee's signed-link form and the reporting fields (issue
// 13), shared by the server (which validates with them: 400 naming the field) and the pages.
import { z } from 'zod';
import { CONTRACT_TYPES, OUTCOME_MOMENTS, OUTCOME_SITUATIONS, type OutcomeMoment, type OutcomeView } from './outcomes';
import { FIXED_OPTIONS, ORGANISATION_DEFINED_FIELDS, REPORTING_FIELDS, type ReportingAnswers, type ReportingField, type ReportingFieldSetting } from './reporting-fields';

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'must be an id');
/** A real calendar day (2026-02-30 is refused). */
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real date');

export const outcomeParams = z.strictObject({ id: objectId, moment: z.enum(OUTCOME_MOMENTS) });

/** A situation; the contract type only for a job (optional there: not everyone knows it). */
export const outcomeBody = z
  .strictObject({ situation: z.enum(OUTCOME_SITUATIONS), contractType: z.enum(CONTRACT_TYPES).nullable().optional(), date: isoDay })
  .refine((b) => b.situation === 'job' || b.contractType == null, { message: 'only for a job', path: ['contractType'] });
export type OutcomeBody = z.infer<typeof outcomeBody>;

/** One moment of one duo in a programme's "to record" list. */
export interface OutcomeDueView {
  duoId: string;
  mentorName: string;
  menteeName: string;
  moment: OutcomeMoment;
  /** When the moment fell due (the duo's end, or 6/12 months after its start). */
  dueAt: string;
  /** The recorded situation, or null while it is still to record. */
  outcome: OutcomeView | null;
  /** The mentee was sent the form by email (and when), whether or not they answered. */
  formSentAt: string | null;
}

/** What the mentee's signed-link page shows before they answer (nothing about anyone else). */
export interface OutcomeFormView {
  moment: OutcomeMoment;
  locale: 'fr' | 'nl' | 'en';
  organisationName: string;
  firstName: string;
  expiresAt: string;
}

const optionCode = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be a short code: a-z, 0-9, _ or -');
const settingBody = z.strictObject({
  field: z.enum(REPORTING_FIELDS),
  enabled: z.boolean(),
  options: z.array(z.strictObject({ code: optionCode, label: z.string().trim().min(1).max(80) })).max(40).default([])
});

/** An organisation's reporting fields, all at once; the organisation's own lists only for region and background. */
export const reportingFieldsBody = z.strictObject({ fields: z.array(settingBody).max(REPORTING_FIELDS.length) }).superRefine((b, ctx) => {
  const seen = new Set<string>();
  b.fields.forEach((f, i) => {
    if (seen.has(f.field)) ctx.addIssue({ code: 'custom', message: 'listed twice', path: ['fields', i, 'field'] });
    seen.add(f.field);
    const own = (ORGANISATION_DEFINED_FIELDS as readonly string[]).includes(f.field);
    if (!own && f.options.length) ctx.addIssue({ code: 'custom', message: 'this field has a fixed list', path: ['fields', i, 'options'] });
    if (own && f.enabled && !f.options.length) ctx.addIssue({ code: 'custom', message: 'needs at least one option', path: ['fields', i, 'options'] });
    const codes = f.options.map((o) => o.code);
    if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', message: 'codes must differ', path: ['fields', i, 'options'] });
  });
});
export type ReportingFieldsBody = z.infer<typeof reportingFieldsBody>;

/** A mentee's answers: a code sets a field, null clears it, an absent field stays as it was. */
export const reportingAnswersBody = z.strictObject({
  answers: z.strictObject(Object.fromEntries(REPORTING_FIELDS.map((f) => [f, z.string().max(40).nullable().optional()])) as Record<ReportingField, z.ZodOptional<z.ZodNullable<z.ZodString>>>)
});
export type ReportingAnswersBody = z.infer<typeof reportingAnswersBody>;

/** Every field with the organisation's choice (disabled when never configured). */
export function completeSettings(stored: ReportingFieldSetting[]): ReportingFieldSetting[] {
  return REPORTING_FIELDS.map((field) => {
    const s = stored.find((x) => x.field === field);
    return { field, enabled: s?.enabled ?? false, options: s?.options.map((o) => ({ code: o.code, label: o.label })) ?? [] };
  });
}

/** The codes a field accepts: its fixed list, or the organisation's own. */
export function optionCodes(s: ReportingFieldSetting): readonly string[] {
  return s.field in FIXED_OPTIONS ? FIXED_OPTIONS[s.field as keyof typeof FIXED_OPTIONS] : s.options.map((o) => o.code);
}

/** The reporting form of one mentee in one organisation: the enabled fields only, and the answers. */
export interface ReportingFormView {
  organisationId: string;
  organisationName: string;
  membershipId: string;
  fields: ReportingFieldSetting[];
  answers: ReportingAnswers;
  updatedAt: string | null;
}
