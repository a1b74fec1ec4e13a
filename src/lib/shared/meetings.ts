// Meetings of a duo, as both sides handle them: the request bodies (validated by the server, 400 naming the field),
// the views, and the wall-clock rules. A meeting is planned at a date and time on the programme's clock
// (Brussels): a fortnightly plan keeps "Tuesday 18:00" across the change to summer time, which adding 14 × 24 h
// in UTC would not.
import { z } from 'zod';
import { objectId } from './schemas';
import { MEETING_TIME_ZONE } from './meeting-views';

// What pages read without the request bodies (and so without zod) lives in meeting-views.ts.
export { MEETING_TIME_ZONE, isMeetingView, nextMeeting } from './meeting-views';

export const MEETING_MODES = ['in_person', 'video'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];
export const MEETING_STATUSES = ['planned', 'held', 'missed', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** A duo's meetings, past and planned: far above twelve in six months, a bound for every list. */
export const MAX_MEETINGS_PER_DUO = 100;
/** The plan a duo starts with: every two weeks for six months. */
export const DEFAULT_PLAN = { count: 12, intervalDays: 14 } as const;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
const duration = z.number().int().min(15, 'at least 15 minutes').max(480, 'at most 8 hours');
const place = z.string().trim().max(200);
const videoUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === '' || /^https:\/\/[^\s]+$/i.test(v), 'must be an https:// link');

/** Where and how: in person needs a place, video needs a link (each side checked with its own field name). */
const where = {
  mode: z.enum(MEETING_MODES),
  place: place.optional(),
  videoUrl: videoUrl.optional()
};
function whereComplete(m: { mode?: MeetingMode; place?: string; videoUrl?: string }, ctx: z.RefinementCtx) {
  if (m.mode === 'in_person' && !m.place) ctx.addIssue({ code: 'custom', message: 'a place is required in person', path: ['place'] });
  if (m.mode === 'video' && !m.videoUrl) ctx.addIssue({ code: 'custom', message: 'a video link is required', path: ['videoUrl'] });
}

export const meetingBody = z
  .strictObject({ date: isoDay, time: clockTime, durationMinutes: duration, ...where })
  .superRefine(whereComplete);
export type MeetingInput = z.infer<typeof meetingBody>;

export const meetingPlanBody = z
  .strictObject({
    date: isoDay,
    time: clockTime,
    durationMinutes: duration,
    ...where,
    count: z.number().int().min(1).max(24).default(DEFAULT_PLAN.count),
    intervalDays: z.number().int().min(7).max(31).default(DEFAULT_PLAN.intervalDays)
  })
  .superRefine(whereComplete);
export type MeetingPlanInput = z.infer<typeof meetingPlanBody>;

/** Rescheduling: any of the fields; where-and-how is checked against the meeting as it will be. */
export const meetingPatch = z.strictObject({
  date: isoDay.optional(),
  time: clockTime.optional(),
  durationMinutes: duration.optional(),
  mode: z.enum(MEETING_MODES).optional(),
  place: place.optional(),
  videoUrl: videoUrl.optional()
});
export const meetingCancelBody = z.strictObject({ reason: z.string().trim().min(1, 'a reason is required').max(500) });
export const meetingHeldBody = z.strictObject({ actualMinutes: z.number().int().min(1).max(600) });
export const meetingParams = z.strictObject({ id: objectId });
export const calendarTokenParams = z.strictObject({ token: z.string().min(20).max(200).regex(/^[A-Za-z0-9_-]+$/, 'must be a calendar token') });

/**
 * What everyone who may follow the duo sees (its coordinators too): when, how long, held or not. Never where,
 * never a link, never why it was cancelled: those are the duo's own (`MeetingView` adds them).
 */
export interface MeetingMetaView {
  id: string;
  duoId: string;
  startsAt: string;
  durationMinutes: number;
  status: MeetingStatus;
  actualMinutes: number | null;
  /** Its rank in the duo's meetings by date (1 = the first), cancelled ones left out. */
  number: number | null;
}
export interface MeetingView extends MeetingMetaView {
  /** The wall-clock date and time on the programme's clock, as they were entered. */
  date: string;
  time: string;
  mode: MeetingMode;
  place: string;
  videoUrl: string;
  cancelReason: string | null;
  /** When it was marked done (its notes sealed as a version), and the CV version made then. */
  sealedAt: string | null;
  cvVersionId: string | null;
}

export const meetingDoneBody = z.strictObject({ actualMinutes: z.number().int().min(1).max(600).optional() });

/** The notes as sealed when the meeting was marked done (the page shows later edits against them). */
export interface NotesSealView {
  meetingId: string;
  sealedAt: string;
  sealedBy: string;
  sections: { agenda: string; notes: string; decisions: string; links: string };
  steps: { id: string; text: string; owner: 'mentor' | 'mentee'; due: string | null; done: boolean }[];
}

/**
 * A person's private calendar feed. Its address holds a secret kept only hashed: it is shown once, when made;
 * making a new one stops the old one.
 */
export interface CalendarFeedView {
  active: boolean;
  createdAt: string | null;
  /** Only in the answer that made it. */
  url?: string;
}


// ---- Wall-clock time on the programme's clock ---------------------------------------------------------------

/** Minutes `zone` is ahead of UTC at the instant `utcMs`. */
function offsetMinutes(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit'
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - utcMs) / 60_000);
}

/** The instant of a wall-clock date and time in `zone` (a time skipped by a clock change moves forward). */
export function zonedInstant(date: string, time: string, zone = MEETING_TIME_ZONE): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // The offset at the guess, then at the corrected instant: two steps settle it on both sides of a change.
  let utc = wall - offsetMinutes(wall, zone) * 60_000;
  utc = wall - offsetMinutes(utc, zone) * 60_000;
  return new Date(utc);
}

/** The wall-clock date and time of an instant in `zone`. */
export function wallClock(at: Date, zone = MEETING_TIME_ZONE): { date: string; time: string } {
  const shifted = new Date(at.getTime() + offsetMinutes(at.getTime(), zone) * 60_000);
  const iso = shifted.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** `date` plus `days` calendar days (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// ---- The private space of a duo -----------------------------------------------------------------------------

export const PRIVATE_NOTE_MAX = 20_000;
export const REFLECTION_MAX = 5_000;
export const privateNoteBody = z.strictObject({ text: z.string().max(PRIVATE_NOTE_MAX) });
export const reflectionBody = z.strictObject({ text: z.string().trim().min(1, 'a reflection has a text').max(REFLECTION_MAX) });

/** One's own private notes on a duo: nobody else ever receives them. */
export interface PrivateNoteView {
  text: string;
  updatedAt: string | null;
}
export interface ReflectionView {
  id: string;
  text: string;
  createdAt: string;
}

// ---- Agreement, self-assessments, check-ins -----------------------------------------------------------------

export const AGREEMENT_FIELD_MAX = 2_000;
const agreementText = z.string().trim().max(AGREEMENT_FIELD_MAX);
/** Each side writes its own part: the goals and the mentee's expectations are the mentee's, the mentor's
 * expectations the mentor's; how to reach each other is both sides'. */
export const agreementPatch = z.strictObject({
  goals: agreementText.optional(),
  menteeExpectations: agreementText.optional(),
  mentorExpectations: agreementText.optional(),
  contact: agreementText.optional()
});
export type AgreementField = keyof z.infer<typeof agreementPatch>;
export const AGREEMENT_OWNERS: Record<AgreementField, readonly ('mentor' | 'mentee')[]> = {
  goals: ['mentee'],
  menteeExpectations: ['mentee'],
  mentorExpectations: ['mentor'],
  contact: ['mentor', 'mentee']
};
export interface AgreementView {
  goals: string;
  menteeExpectations: string;
  mentorExpectations: string;
  contact: string;
  updatedAt: string | null;
}

export const ASSESSMENT_MILESTONES = ['month3', 'month6'] as const;
export type AssessmentMilestone = (typeof ASSESSMENT_MILESTONES)[number];
/** Months after the duo's start when each self-assessment is due. */
export const MILESTONE_MONTHS: Record<AssessmentMilestone, number> = { month3: 3, month6: 6 };
export const assessmentBody = z.strictObject({
  milestone: z.enum(ASSESSMENT_MILESTONES),
  progress: z.number().int().min(1).max(5),
  comment: z.string().trim().max(AGREEMENT_FIELD_MAX).default('')
});
export interface AssessmentView {
  milestone: AssessmentMilestone;
  progress: number;
  comment: string;
  createdAt: string;
}

export const CHECKIN_COMMENT_MAX = 1_000;
export const checkinBody = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(CHECKIN_COMMENT_MAX).default('')
});
/** One's own check-in of a meeting (the comment is never shown to anyone else). */
export interface CheckinView {
  meetingId: string;
  score: number;
  comment: string;
  createdAt: string;
}
