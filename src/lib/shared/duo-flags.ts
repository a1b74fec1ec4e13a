// Why a coordinator should look at a duo: no meeting held for three weeks, or two low check-ins in a row from
// one side. Metadata only (dates, counts, scores), never anything written in notes or comments.

export const INACTIVE_DAYS = 21;
/** A check-in score at or under this is low (scores are 1–5). */
export const LOW_CHECKIN_SCORE = 2;

export type DuoFlagReason =
  | { code: 'inactive'; /** Days since the later of the duo's start and its last meeting held. */ days: number; since: string }
  | { code: 'low_checkins'; role: 'mentor' | 'mentee'; scores: number[] };

export interface DuoFlagView {
  duoId: string;
  reasons: DuoFlagReason[];
}

/** One flag of one duo, as a stable key: the coordinators' email about it goes once (server/domain/flag-alerts.ts). */
export function flagKey(duoId: string, reason: DuoFlagReason): string {
  return reason.code === 'inactive' ? `${duoId}:inactive` : `${duoId}:low_checkins:${reason.role}`;
}
