import { describe, expect, it } from 'vitest';
import { addMonths, dueAt, dueMoments } from './moments.ts';

describe('outcome moments', () => {
  it('adds calendar months, keeping the day or the month’s last day', () => {
    expect(addMonths(new Date('2026-08-31T10:00:00Z'), 6).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(addMonths(new Date('2027-08-31T10:00:00Z'), 6).toISOString()).toBe('2028-02-29T10:00:00.000Z');
    expect(addMonths(new Date('2026-01-15T00:00:00Z'), 12).toISOString()).toBe('2027-01-15T00:00:00.000Z');
  });

  it('has no end moment while the duo runs, and the end date once it ended', () => {
    const createdAt = new Date('2026-01-10T00:00:00Z');
    expect(dueAt({ status: 'active', createdAt }, 'end')).toBeNull();
    expect(dueAt({ status: 'paused', createdAt }, 'end')).toBeNull();
    const endedAt = new Date('2026-05-02T00:00:00Z');
    expect(dueAt({ status: 'ended_early', createdAt, endedAt }, 'end')).toEqual(endedAt);
  });

  it('lists the moments due at a date', () => {
    const duo = { status: 'completed' as const, createdAt: new Date('2026-01-10T00:00:00Z'), endedAt: new Date('2026-07-01T00:00:00Z') };
    expect(dueMoments(duo, new Date('2026-06-30T00:00:00Z')).map((m) => m.moment)).toEqual([]);
    expect(dueMoments(duo, new Date('2026-07-10T00:00:00Z')).map((m) => m.moment)).toEqual(['end', 'month_6']);
    expect(dueMoments(duo, new Date('2027-01-10T00:00:00Z')).map((m) => m.moment)).toEqual(['end', 'month_6', 'month_12']);
  });
});
