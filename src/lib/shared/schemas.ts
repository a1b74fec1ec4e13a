// Request bodies and queries, validated by the server (400 naming the field) and reused by the forms.
// Response shapes are the `*View` interfaces below. Every id is a 24-hex ObjectId string.
import { DUO_END_REASONS, type DuoEndReason } from './reports/end-reasons';
import { z } from 'zod';
import { DUO_STATUSES, LOCALES, PROGRAMME_STATUSES, ROLES } from './codes';

export const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'must be an id');
const email = z.string().trim().toLowerCase().max(254).pipe(z.email());
const password = z.string().min(10, 'at least 10 characters').max(200);
const name = z.string().trim().min(1).max(120);
const locale = z.enum(LOCALES);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour #rrggbb');

export const setupBody = z.strictObject({
  /** The one-time code the server printed at start and wrote to DATA_DIR/setup-code. */
  setupCode: z.string().trim().min(1).max(100),
  organisationName: name,
  name,
  email,
  password,
  locale
});

export const loginBody = z.strictObject({ email, password: z.string().min(1).max(200) });
export const resetRequestBody = z.strictObject({ email });
export const resetBody = z.strictObject({ token: z.string().min(20).max(200), password });

export const profilePatch = z.strictObject({
  name: name.optional(),
  locale: locale.optional(),
  color: color.optional()
});
export const passwordChangeBody = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password });
export const deleteAccountBody = z.strictObject({ password: z.string().min(1).max(200) });

export const organisationBody = z.strictObject({ name });

/** Pairing profile, kept on the membership (one per organisation). */
export const memberProfile = z.strictObject({
  languages: z.array(locale.or(z.string().trim().min(2).max(30))).max(10).default([]),
  sector: z.string().trim().max(80).default(''),
  targetJob: z.string().trim().max(120).default(''),
  commune: z.string().trim().max(80).default(''),
  availability: z.array(z.enum(['weekday_day', 'weekday_evening', 'weekend'])).max(3).default([]),
  maxDuos: z.number().int().min(1).max(10).default(2)
});
export const memberPatch = z.strictObject({
  role: z.enum(ROLES).optional(),
  profile: memberProfile.partial().optional()
});

export const programmeBody = z
  .strictObject({
    name,
    startDate: isoDate,
    endDate: isoDate,
    meetingsPerMonth: z.number().int().min(1).max(8).default(2),
    months: z.number().int().min(1).max(24).default(6),
    languages: z.array(locale).min(1).default(['fr', 'nl', 'en']),
    partnerCompany: z.string().trim().max(120).optional(),
    status: z.enum(PROGRAMME_STATUSES).default('draft')
  })
  .refine((p) => p.endDate >= p.startDate, { message: 'must not be before the start date', path: ['endDate'] });
export const programmePatch = z.strictObject({
  name: name.optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  meetingsPerMonth: z.number().int().min(1).max(8).optional(),
  months: z.number().int().min(1).max(24).optional(),
  languages: z.array(locale).min(1).optional(),
  partnerCompany: z.string().trim().max(120).optional(),
  status: z.enum(PROGRAMME_STATUSES).optional()
});

export const invitationBody = z.strictObject({
  role: z.enum(ROLES),
  programmeId: objectId.optional(),
  email: email.optional(),
  locale: locale.default('fr')
});
export const acceptInvitationBody = z.strictObject({
  // Absent when the invitee is already logged in and joins with their account.
  name: name.optional(),
  email: email.optional(),
  password: password.optional(),
  locale: locale.optional()
});

/** The validated bodies, as both sides handle them. */
export type InvitationInput = z.infer<typeof invitationBody>;
export type AcceptInvitationInput = z.infer<typeof acceptInvitationBody>;
export type ProgrammeInput = z.infer<typeof programmeBody>;

export const duoBody = z.strictObject({ mentorId: objectId, menteeId: objectId });
export const duoPatch = z
  .strictObject({ status: z.enum(DUO_STATUSES), endReason: z.string().trim().max(500).optional(), endReasonCode: z.enum(DUO_END_REASONS).optional() })
  // Stopping early needs a reason: a code from the list (issue 13), the coordinator's words, or both.
  .refine((d) => d.status !== 'ended_early' || !!d.endReason || !!d.endReasonCode, { message: 'a reason is required', path: ['endReason'] });
export const suggestionsQuery = z.strictObject({ menteeId: objectId });

// ---- Response views -------------------------------------------------------------------------------------

export interface UserView {
  id: string;
  email: string;
  name: string;
  locale: (typeof LOCALES)[number];
  color: string;
  isInstanceAdmin: boolean;
  /** The umbrella role (issue 13): the cross-organisation statistics page. */
  isUmbrellaViewer?: boolean;
}
export interface MembershipView {
  id: string;
  organisationId: string;
  organisationName: string;
  userId: string;
  role: (typeof ROLES)[number];
  profile: z.infer<typeof memberProfile>;
  /** A mentor's partner company, or a company contact's (issue 13). */
  companyId?: string;
}
export interface MeView {
  user: UserView;
  memberships: MembershipView[];
}
export interface MemberView extends MembershipView {
  name: string;
  email: string;
  activeDuos: number;
}
export interface OrganisationView {
  id: string;
  name: string;
  createdAt: string;
}
export interface ProgrammeView {
  id: string;
  organisationId: string;
  name: string;
  startDate: string;
  endDate: string;
  meetingsPerMonth: number;
  months: number;
  languages: (typeof LOCALES)[number][];
  partnerCompany?: string;
  status: (typeof PROGRAMME_STATUSES)[number];
}
export interface PersonRef {
  userId: string;
  name: string;
  color: string;
  /** The person deleted their account: the client shows a translated "deleted account" instead of `name`. */
  deleted?: true;
}
export interface DuoView {
  id: string;
  organisationId: string;
  programmeId: string;
  programmeName: string;
  mentor: PersonRef;
  mentee: PersonRef;
  status: (typeof DUO_STATUSES)[number];
  endReason?: string;
  /** Why it stopped early, as a code (issue 13). */
  endReasonCode?: DuoEndReason;
  createdAt: string;
  /** When it ended (completed or ended early). */
  endedAt?: string;
  /** When its content was erased at the end of the organisation's retention period. */
  erasedAt?: string;
}
export interface InvitationView {
  id: string;
  organisationId: string;
  programmeId?: string;
  role: (typeof ROLES)[number];
  email?: string;
  locale: (typeof LOCALES)[number];
  expiresAt: string;
  usedAt?: string;
  createdAt: string;
  /** Only in the answer to the creation: the token is stored hashed and cannot be shown again. */
  url?: string;
}
export interface InvitationPreview {
  organisationName: string;
  programmeName?: string;
  role: (typeof ROLES)[number];
  email?: string;
  locale: (typeof LOCALES)[number];
  expiresAt: string;
}
/** One ranked mentor for a mentee; `reasons` are codes the client translates (with `detail` values). */
export interface SuggestionView {
  mentor: PersonRef & { membershipId: string };
  score: number;
  reasons: { code: 'shared_language' | 'same_sector' | 'same_target_job' | 'same_commune' | 'shared_availability' | 'low_load' | 'full'; detail?: string }[];
  activeDuos: number;
}
export interface ResetLinkView {
  url: string;
  expiresAt: string;
}

// ---- CV: named versions and exports -------------------------------------------------------------------

export const cvVersionBody = z.strictObject({ name: z.string().trim().min(1).max(120) });
export const cvVersionParams = z.strictObject({ id: objectId, versionId: objectId });
export const cvExportQuery = z.strictObject({
  template: z.enum(['classic', 'modern']).optional(),
  locale: z.enum(LOCALES).optional()
});

export interface CvVersionView {
  id: string;
  name: string;
  /** named: saved by someone; before_restore / before_import: kept automatically before the CV was replaced. */
  kind: 'named' | 'before_restore' | 'before_import';
  createdAt: string;
  createdBy: { userId: string; name: string };
}
/** The JSON Resume file as text: parsed by the server (its `$schema` key would otherwise meet the operator guard). */
export const cvImportBody = z.strictObject({ resume: z.string().min(2).max(90_000) });
