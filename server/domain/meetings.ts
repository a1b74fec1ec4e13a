// A duo's meetings: scheduled by either member, or planned in one step when the duo starts (every two weeks for
// six months); rescheduled, cancelled with a reason, marked held (with the time it really took) or missed. Who
// may do what is the policy's (meeting:read, meeting:details, meeting:write); this decides what makes sense.
import {
  addDays,
  MAX_MEETINGS_PER_DUO,
  zonedInstant,
  type MeetingInput,
  type MeetingMetaView,
  type MeetingPlanInput,
  type MeetingView
} from '../../src/lib/shared/meetings.ts';
import type { z } from 'zod';
import type { meetingPatch } from '../../src/lib/shared/meetings.ts';
import type { DuoDoc } from '../data/models.ts';
import { toId } from '../data/models.ts';
import type { MeetingDoc, MeetingsRepo, NewMeeting } from '../data/meetings-store.ts';
import type { Clock } from './clock.ts';
import { Conflict, Invalid } from './errors.ts';

export type MeetingPatch = z.infer<typeof meetingPatch>;

export class MeetingsService {
  constructor(
    private readonly meetings: MeetingsRepo,
    private readonly clock: Clock
  ) {}

  /** The duo's meetings by date; `details` (the duo's own people) adds where, the link and reasons. */
  async list(duo: DuoDoc, details: boolean): Promise<MeetingMetaView[]> {
    return views(await this.meetings.forDuo(duo._id), details);
  }

  async schedule(duo: DuoDoc, userId: string, input: MeetingInput): Promise<MeetingView> {
    const [created] = await this.create(duo, userId, [input]);
    return (await this.listFull(duo)).find((m) => m.id === String(created._id))!;
  }

  /** The plan of a duo in one step: `count` meetings, `intervalDays` apart, at the same wall-clock time. */
  async plan(duo: DuoDoc, userId: string, input: MeetingPlanInput): Promise<MeetingView[]> {
    const dates = Array.from({ length: input.count }, (_, i) => addDays(input.date, i * input.intervalDays));
    const created = new Set((await this.create(duo, userId, dates.map((date) => ({ ...input, date })))).map((m) => String(m._id)));
    return (await this.listFull(duo)).filter((m) => created.has(m.id));
  }

  async reschedule(duo: DuoDoc, meeting: MeetingDoc, patch: MeetingPatch): Promise<MeetingView> {
    const next = { ...pick(meeting), ...definedOnly(patch) };
    if (next.mode === 'in_person' && !next.place) throw new Invalid('place: a place is required in person', 'place');
    if (next.mode === 'video' && !next.videoUrl) throw new Invalid('videoUrl: a video link is required', 'videoUrl');
    if (next.mode === 'in_person') next.videoUrl = '';
    else next.place = '';
    const startsAt = zonedInstant(next.date, next.time);
    const moved = startsAt.getTime() !== meeting.startsAt.getTime();
    const updated = await this.meetings.updatePlanned(meeting._id, {
      ...next,
      startsAt,
      updatedAt: this.clock.now(),
      // A meeting moved gets its reminder again, for its new day.
      ...(moved ? { reminderSentAt: null } : {})
    });
    if (!updated) throw new Conflict('Only a planned meeting can be rescheduled');
    return this.one(duo, updated);
  }

  async cancel(duo: DuoDoc, meeting: MeetingDoc, reason: string): Promise<MeetingView> {
    const updated = await this.meetings.updatePlanned(meeting._id, { status: 'cancelled', cancelReason: reason, updatedAt: this.clock.now() });
    if (!updated) throw new Conflict('Only a planned meeting can be cancelled');
    return this.one(duo, updated);
  }

  async markHeld(duo: DuoDoc, meeting: MeetingDoc, actualMinutes: number): Promise<MeetingView> {
    this.started(meeting);
    const updated = await this.meetings.updatePlanned(meeting._id, { status: 'held', actualMinutes, updatedAt: this.clock.now() });
    if (!updated) throw new Conflict('This meeting is already held, missed or cancelled');
    return this.one(duo, updated);
  }

  async markMissed(duo: DuoDoc, meeting: MeetingDoc): Promise<MeetingView> {
    this.started(meeting);
    const updated = await this.meetings.updatePlanned(meeting._id, { status: 'missed', updatedAt: this.clock.now() });
    if (!updated) throw new Conflict('This meeting is already held, missed or cancelled');
    return this.one(duo, updated);
  }

  /** A meeting of a duo, or null (the routes answer 404). */
  find = (id: string) => this.meetings.findById(toId(id));

  private started(meeting: MeetingDoc): void {
    if (meeting.startsAt.getTime() > this.clock.now().getTime()) throw new Conflict('This meeting has not started yet');
  }

  private async create(duo: DuoDoc, userId: string, inputs: MeetingInput[]): Promise<MeetingDoc[]> {
    const existing = await this.meetings.countForDuo(duo._id);
    if (existing + inputs.length > MAX_MEETINGS_PER_DUO) {
      throw new Conflict(`A duo keeps at most ${MAX_MEETINGS_PER_DUO} meetings`);
    }
    const now = this.clock.now();
    const docs: NewMeeting[] = inputs.map((input) => ({
      duoId: duo._id,
      organisationId: duo.organisationId,
      date: input.date,
      time: input.time,
      startsAt: zonedInstant(input.date, input.time),
      durationMinutes: input.durationMinutes,
      mode: input.mode,
      // Only what the mode uses is kept: a link typed, then switched to in person, is not stored.
      place: input.mode === 'in_person' ? (input.place ?? '') : '',
      videoUrl: input.mode === 'video' ? (input.videoUrl ?? '') : '',
      status: 'planned',
      cancelReason: null,
      actualMinutes: null,
      createdBy: toId(userId),
      createdAt: now,
      updatedAt: now,
      sequence: 0,
      reminderSentAt: null
    }));
    return this.meetings.insertMany(docs);
  }

  private async listFull(duo: DuoDoc): Promise<MeetingView[]> {
    return views(await this.meetings.forDuo(duo._id), true) as MeetingView[];
  }

  private async one(duo: DuoDoc, meeting: MeetingDoc): Promise<MeetingView> {
    return (await this.listFull(duo)).find((m) => m.id === String(meeting._id))!;
  }
}

function pick(m: MeetingDoc) {
  return { date: m.date, time: m.time, durationMinutes: m.durationMinutes, mode: m.mode, place: m.place, videoUrl: m.videoUrl };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Views of a duo's meetings (sorted by start), numbered 1, 2, … leaving cancelled ones out. */
export function views(meetings: MeetingDoc[], details: boolean): MeetingMetaView[] {
  let n = 0;
  return meetings.map((m) => {
    const meta: MeetingMetaView = {
      id: String(m._id),
      duoId: String(m.duoId),
      startsAt: m.startsAt.toISOString(),
      durationMinutes: m.durationMinutes,
      status: m.status,
      actualMinutes: m.actualMinutes ?? null,
      number: m.status === 'cancelled' ? null : ++n
    };
    if (!details) return meta;
    return {
      ...meta,
      date: m.date,
      time: m.time,
      mode: m.mode,
      place: m.mode === 'in_person' ? m.place : '',
      videoUrl: m.mode === 'video' ? m.videoUrl : '',
      cancelReason: m.cancelReason ?? null,
      sealedAt: m.sealedAt?.toISOString() ?? null,
      cvVersionId: m.cvVersionId ? String(m.cvVersionId) : null
    } satisfies MeetingView;
  });
}
