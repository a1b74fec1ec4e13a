// What an "open" duo is, for both sides: the server's queries, its policy and its status changes, and the
// client's editors and pairing lists read this one definition (issue 9, C).
import { DUO_STATUSES, type DuoStatus, type Role } from './codes';

/** A duo that runs: its two people write their documents, and the mentee cannot be paired again in the programme. */
export const OPEN_DUO_STATUSES = ['active', 'paused'] as const satisfies readonly DuoStatus[];
export type OpenDuoStatus = (typeof OPEN_DUO_STATUSES)[number];

/** The others are final: no status follows them (DUO_TRANSITIONS), the duo's documents stay readable only. */
export const CLOSED_DUO_STATUSES = DUO_STATUSES.filter((s) => !isOpenDuo(s));

export function isOpenDuo(status: DuoStatus): status is OpenDuoStatus {
  return (OPEN_DUO_STATUSES as readonly DuoStatus[]).includes(status);
}

/** The roles paired in duos: they have a pairing profile and take part in programmes. */
export const PARTICIPANT_ROLES = ['mentor', 'mentee'] as const satisfies readonly Role[];

export function isParticipant(role: Role): role is (typeof PARTICIPANT_ROLES)[number] {
  return (PARTICIPANT_ROLES as readonly Role[]).includes(role);
}

