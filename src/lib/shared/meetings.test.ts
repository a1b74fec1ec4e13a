import { describe, expect, it } from 'vitest';
import { addDays, nextMeeting, wallClock, zonedInstant, type MeetingMetaView } from './meetings';

describe('wall-clock time in Brussels', () => {
  it('reads a date and time on the programme clock, in winter and in summer', () => {
    expect(zonedInstant('2026-01-15', '18:00').toISOString()).toBe('2026-01-15T17:00:00.000Z');
    expect(zonedInstant('2026-07-15', '18:00').toISOString()).toBe('2026-07-15T16:00:00.000Z');
    // The night the clocks go forward (29 March 2026, 02:00 → 03:00) and back (25 October 2026, 03:00 → 02:00).
    expect(zonedInstant('2026-03-29', '12:00').toISOString()).toBe('2026-03-29T10:00:00.000Z');
    expect(zonedInstant('2026-10-25', '12:00').toISOString()).toBe('2026-10-25T11:00:00.000Z');
  });
  it('gives back the date and time it was made from', () => {
    for (const [date, time] of [['2026-03-28', '23:30'], ['2026-10-26', '00:15'], ['2026-12-31', '18:00']]) {
      expect(wallClock(zonedInstant(date, time))).toEqual({ date, time });
    }
  });
  it('adds calendar days across months and years', () => {
    expect(addDays('2026-12-22', 14)).toBe('2027-01-05');
    expect(addDays('2028-02-20', 14)).toBe('2028-03-05');
  });
});

describe('nextMeeting', () => {
  const m = (id: string, startsAt: string, status: MeetingMetaView['status'] = 'planned'): MeetingMetaView => ({
    id,
    duoId: 'd',
    startsAt,
    durationMinutes: 60,
    status,
    actualMinutes: null,
    number: 1
  });
  it('is the first planned meeting not over yet, whatever the order given', () => {
    const list = [m('c', '2026-03-31T16:00:00Z'), m('a', '2026-03-17T17:00:00Z'), m('x', '2026-03-20T17:00:00Z', 'cancelled')];
    expect(nextMeeting(list, new Date('2026-03-17T17:30:00Z'))?.id).toBe('a');
    expect(nextMeeting(list, new Date('2026-03-17T18:00:00Z'))?.id).toBe('c');
    expect(nextMeeting(list, new Date('2026-04-01T00:00:00Z'))).toBeNull();
  });
});
