// When each outcome moment of a duo falls due: at its end (completed or ended early), and 6 and 12 months after its
// start, counted on the calendar (31 August + 6 months is 28 or 29 February, never 3 March).
import { OUTCOME_MOMENT_MONTHS, OUTCOME_MOMENTS, type OutcomeMoment } from '../../../src/lib/shared/reports/outcomes.ts';
import type { DuoStatus } from '../../../src/lib/shared/codes.ts';

export interface DuoTimes {
  status: DuoStatus;
  createdAt: Date;
  endedAt?: Date | null;
}

export function addMonths(d: Date, months: number): Date {
  const r = new Date(d.getTime());
  const day = r.getUTCDate();
  r.setUTCDate(1);
  r.setUTCMonth(r.getUTCMonth() + months);
  const last = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate();
  r.setUTCDate(Math.min(day, last));
  return r;
}

/** When the moment falls due, or null when it never will as things stand (a duo still running has no end yet). */
export function dueAt(duo: DuoTimes, moment: OutcomeMoment): Date | null {
  if (moment === 'end') return duo.status === 'completed' || duo.status === 'ended_early' ? (duo.endedAt ?? duo.createdAt) : null;
  return addMonths(duo.createdAt, OUTCOME_MOMENT_MONTHS[moment]);
}

/** The moments due at `now`, each with its date. */
export function dueMoments(duo: DuoTimes, now: Date): { moment: OutcomeMoment; dueAt: Date }[] {
  return OUTCOME_MOMENTS.flatMap((moment) => {
    const at = dueAt(duo, moment);
    return at && at.getTime() <= now.getTime() ? [{ moment, dueAt: at }] : [];
  });
}
