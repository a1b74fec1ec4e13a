// A programme's topics by week of a duo (issue 12, §2): "week 1: the agreement", "from week 5: interviews". A topic
// holds from its week until the next one; the notes of a meeting open with the topic of the week the meeting falls
// in, counted from the duo's start. Both sides read this module: validation, and which topic a week has.
import { z } from 'zod';

export const TOPIC_TEXT_MAX = 200;
/** Two years of weeks: the longest programme (24 months) fits. */
export const TOPIC_WEEK_MAX = 104;
const DAY_MS = 86_400_000;

export interface WeekTopic {
  week: number;
  text: string;
}
export interface ProgrammeTopicsView {
  topics: WeekTopic[];
}

export const programmeTopicsBody = z.strictObject({
  topics: z
    .array(
      z.strictObject({
        week: z.number().int('must be a whole week number').min(1, 'weeks start at 1').max(TOPIC_WEEK_MAX),
        text: z.string().trim().min(1, 'a topic has a text').max(TOPIC_TEXT_MAX)
      })
    )
    .max(TOPIC_WEEK_MAX)
    .refine((ts) => new Set(ts.map((t) => t.week)).size === ts.length, 'one topic per week')
});

/** The weeks a programme of `months` months lasts (what a topic's week may be). */
export const programmeWeeks = (months: number): number => Math.ceil((months * 365.25) / 12 / 7);

/** The week of the duo a meeting falls in: week 1 is the duo's first seven days. */
export const weekOf = (duoStart: Date, meetingStart: Date): number =>
  Math.max(1, Math.floor((meetingStart.getTime() - duoStart.getTime()) / (7 * DAY_MS)) + 1);

/** The topic in force in `week`: the one of the latest week at or before it, if any. */
export function topicOfWeek(topics: readonly WeekTopic[], week: number): string | null {
  let best: WeekTopic | null = null;
  for (const t of topics) if (t.week <= week && (!best || t.week > best.week)) best = t;
  return best?.text ?? null;
}
