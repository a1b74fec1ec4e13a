// How long a duo's content is kept after the duo ends (issue 12, §6): an organisation's setting, in months. Until
// then both people read and export everything (read-only); afterwards a scheduled job erases the content and keeps
// only the anonymous metadata funders' reports need (server/domain/duo-retention.ts, ERASURE.md).
import { z } from 'zod';

export const DEFAULT_RETENTION_MONTHS = 12;
export const MIN_RETENTION_MONTHS = 1;
/** Ten years: longer than any funder asks to keep files, short enough to be a real limit. */
export const MAX_RETENTION_MONTHS = 120;

export const organisationSettingsBody = z.strictObject({
  retentionMonths: z
    .number()
    .int('must be a whole number of months')
    .min(MIN_RETENTION_MONTHS, `at least ${MIN_RETENTION_MONTHS} month`)
    .max(MAX_RETENTION_MONTHS, `at most ${MAX_RETENTION_MONTHS} months`)
});
export type OrganisationSettings = z.infer<typeof organisationSettingsBody>;

/** The moment a duo that ended at `endedAt` is erased: the same day of the month, `months` later (UTC). */
export function retentionEnd(endedAt: Date, months: number): Date {
  const end = new Date(endedAt.getTime());
  const day = end.getUTCDate();
  end.setUTCDate(1);
  end.setUTCMonth(end.getUTCMonth() + months);
  // 31 January + 1 month is the last day of February, not 3 March.
  const last = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(day, last));
  return end;
}

/** The latest end that is due for erasure at `now`: duos that ended at or before it are erased. */
export function retentionCutoff(now: Date, months: number): Date {
  // retentionEnd(cutoff, months) <= now: step back whole months, then clamp as retentionEnd does.
  return retentionEnd(now, -months);
}
