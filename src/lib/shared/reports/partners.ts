// What a partner company's contact and the umbrella role receive (issue 13, points 4 and 5): figures only.
// Shared by the server's views and the pages that show them.
import { z } from 'zod';
import { objectId } from '../schemas';
import type { OutcomeSituation } from './outcomes';

/** The participation of one volunteer (a mentor lent by the company): counts and hours, never a mentee or a note. */
export interface VolunteerFigures {
  /** The volunteer's own name: the company lends its employees and accounts for their volunteering time. */
  name: string;
  duosActive: number;
  duosCompleted: number;
  duosEndedEarly: number;
  meetingsHeld: number;
  /** Hours of held meetings (the time recorded when it was held, else the planned time), one decimal. */
  mentoringHours: number;
  workshopsFacilitated: number;
  workshopsAttended: number;
}
export type CompanyTotals = Omit<VolunteerFigures, 'name'> & { volunteers: number };

export interface CompanyFiguresView {
  company: { id: string; name: string };
  organisationName: string;
  totals: CompanyTotals;
  volunteers: VolunteerFigures[];
}

/** One row of the umbrella view; null: fewer than MIN_CELL_SIZE people behind it (or it would reveal such a cell). */
export interface UmbrellaFigures {
  duosFormed: number | null;
  /** Active or paused. */
  duosActive: number | null;
  duosCompleted: number | null;
  duosEndedEarly: number | null;
  /** Completed / (completed + ended early), 0–1, shown only when both are shown. */
  completionRate: number | null;
  meetingsHeld: number | null;
  mentoringHours: number | null;
  /** Duos whose mentee's situation at the end was recorded, and how many in each situation. */
  outcomesRecorded: number | null;
  outcomes: Record<OutcomeSituation, number | null>;
}

export interface UmbrellaView {
  minCellSize: number;
  organisations: { id: string; name: string; figures: UmbrellaFigures }[];
  total: UmbrellaFigures;
}

export const companyBody = z.strictObject({ name: z.string().trim().min(1).max(120) });
export const memberCompanyBody = z.strictObject({ companyId: objectId.nullable() });
export const umbrellaGrantBody = z.strictObject({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  /** Only to make an account for a new address. */
  name: z.string().trim().min(1).max(120).optional(),
  enabled: z.boolean()
});
