// A programme's follow-up figures (issue 13), as one computation gives them to the coordinators' dashboard, the
// funder's PDF and the anonymised CSV/XLSX rows. Shared by the server (programme-figures.ts) and the client.
import { z } from 'zod';
import type { DuoStatus } from '../codes';
import { objectId } from '../schemas';
import type { OutcomeMoment, OutcomeSituation } from './outcomes';
import type { ReportingField } from './reporting-fields';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real date');

/** The dashboard's filters, as query parameters: programmes (comma-separated ids, none = all), period, company. */
export const figuresQuery = z
  .strictObject({
    from: day.optional(),
    to: day.optional(),
    programmes: z
      .string()
      .max(25 * 50)
      .regex(/^[0-9a-f]{24}(,[0-9a-f]{24})*$/, 'must be programme ids separated by commas')
      .optional(),
    company: objectId.optional(),
    locale: z.enum(['fr', 'nl', 'en']).optional()
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export type FiguresQuery = z.infer<typeof figuresQuery>;

export interface FiguresFilter {
  /** Empty: every programme of the organisation. */
  programmeIds: string[];
  /** First and last day of the period, inclusive (UTC days). */
  from: string;
  to: string;
  companyId: string | null;
}

/** Meetings held by a duo in the period against its programme's plan. */
export const MEETING_BUCKETS = ['none', 'under_half', 'half_or_more', 'plan_reached'] as const;
export type MeetingBucket = (typeof MEETING_BUCKETS)[number];

export interface OutcomeFigures {
  moment: OutcomeMoment;
  /** Duos with a situation recorded at this moment. */
  recorded: number;
  situations: Record<OutcomeSituation, number>;
  /** In a job, an internship or training (POSITIVE_SITUATIONS). */
  positive: number;
  /** positive / recorded; null when nothing was recorded. */
  positiveRate: number | null;
}

export interface ProgrammeFigures {
  organisation: { id: string; name: string };
  filter: FiguresFilter;
  /** Names of what the filter selected, for titles (the programmes' names, the company's). */
  programmeNames: string[];
  companyName: string | null;
  generatedAt: string;
  duos: {
    /** Duos running at some time in the period (the rest of the figures count these). */
    inPeriod: number;
    /** Formed during the period. */
    formed: number;
    /** By status today. */
    active: number;
    paused: number;
    completed: number;
    endedEarly: number;
    /** Running duos with no meeting held for INACTIVE_DAYS or more, today. */
    flaggedInactive: number;
  };
  /** completed / (completed + ended early); null when none ended. */
  completionRate: number | null;
  meetings: {
    /** Held in the period. */
    held: number;
    /** The sum of every duo's plan (meetings per month × months of its programme). */
    planned: number;
    /** held / duos; null without duos. */
    perDuo: number | null;
    distribution: { bucket: MeetingBucket; duos: number }[];
  };
  /** Minutes of mentoring in the meetings held (their actual length, else the planned one). */
  minutes: number;
  workshops: { held: number; invited: number; present: number; attendanceRate: number | null };
  outcomes: OutcomeFigures[];
  /** Average check-in score (1–5) per month of the period, both sides together. */
  checkins: { month: string; average: number; count: number }[];
}

/** One anonymised duo for funders: a row number of this export only, never a name, an email, an id or a note. */
export interface DuoReportRow {
  row: number;
  programme: string;
  /** Only the fields the organisation collects; '' when the mentee did not answer. */
  answers: Partial<Record<ReportingField, string>>;
  start: string;
  end: string | null;
  status: DuoStatus;
  meetingsHeld: number;
  minutes: number;
  outcomes: Record<OutcomeMoment, OutcomeSituation | null>;
}

export interface ProgrammeReport {
  figures: ProgrammeFigures;
  /** The reporting fields the organisation collects (the rows' columns), with labels of its own options. */
  fields: { field: ReportingField; options: { code: string; label: string }[] }[];
  rows: DuoReportRow[];
}

/** What the dashboard offers in its filters. */
export interface FigureOptions {
  programmes: { id: string; name: string }[];
  companies: { id: string; name: string }[];
}

export const hours = (minutes: number) => Math.round(minutes / 6) / 10;
