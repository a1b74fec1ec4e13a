// What pages need to show meetings, apart from the request bodies in meetings.ts: that module builds zod schemas
// when it loads, and a mentee's dashboard (its next meeting) should not download zod for them (the data budget).
import type { MeetingMetaView, MeetingView } from './meetings';

/** The programme's clock: meetings are planned at a wall-clock date and time in Brussels. */
export const MEETING_TIME_ZONE = 'Europe/Brussels';

export const isMeetingView = (m: MeetingMetaView): m is MeetingView => 'mode' in m;

/** The meeting that comes next: the first planned one that has not ended by `now`. */
export function nextMeeting<T extends MeetingMetaView>(meetings: readonly T[], now: Date): T | null {
  const upcoming = meetings
    .filter((m) => m.status === 'planned' && Date.parse(m.startsAt) + m.durationMinutes * 60_000 > now.getTime())
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return upcoming[0] ?? null;
}
