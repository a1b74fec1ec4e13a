// A programme's topics by week (src/lib/shared/programme-topics.ts): coordinators set them on the programme's
// page, and each meeting's notes open with the topic of the week the meeting falls in (MeetingNotesService).
import { programmeWeeks, topicOfWeek, weekOf, type ProgrammeTopicsView, type WeekTopic } from '../../src/lib/shared/programme-topics.ts';
import type { MeetingDoc } from '../data/meetings-store.ts';
import type { DuoDoc, ProgrammeDoc } from '../data/models.ts';
import type { ProgrammeTopicsRepo } from '../data/programme-topics-store.ts';
import type { Clock } from './clock.ts';
import { Invalid } from './errors.ts';

export class ProgrammeTopicsService {
  constructor(
    private readonly topics: ProgrammeTopicsRepo,
    private readonly clock: Clock
  ) {}

  async get(programme: ProgrammeDoc): Promise<ProgrammeTopicsView> {
    return { topics: sorted((await this.topics.find(programme._id))?.topics ?? []) };
  }

  async set(programme: ProgrammeDoc, topics: WeekTopic[]): Promise<ProgrammeTopicsView> {
    const weeks = programmeWeeks(programme.months);
    if (topics.some((t) => t.week > weeks)) throw new Invalid(`a week of this programme is at most ${weeks}`, 'topics');
    const saved = await this.topics.replace(programme._id, sorted(topics), this.clock.now());
    return { topics: sorted(saved?.topics ?? []) };
  }

  /** The topic of the week `meeting` falls in, counted from the duo's start (the notes' agenda port). */
  async weekTopic(duo: DuoDoc, meeting: MeetingDoc): Promise<string | null> {
    const stored = await this.topics.find(duo.programmeId);
    if (!stored || stored.topics.length === 0) return null;
    return topicOfWeek(stored.topics, weekOf(duo.createdAt, meeting.startsAt));
  }
}

const sorted = (ts: WeekTopic[]) => [...ts].map((t) => ({ week: t.week, text: t.text })).sort((a, b) => a.week - b.week);
