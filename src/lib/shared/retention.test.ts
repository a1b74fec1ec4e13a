import { describe, expect, it } from 'vitest';
import { organisationSettingsBody, retentionCutoff, retentionEnd } from './retention';

describe('retention period', () => {
  it('ends the same day of the month, months later, clamped to the month', () => {
    expect(retentionEnd(new Date('2026-03-15T10:00:00Z'), 12).toISOString()).toBe('2027-03-15T10:00:00.000Z');
    expect(retentionEnd(new Date('2026-01-31T08:00:00Z'), 1).toISOString()).toBe('2026-02-28T08:00:00.000Z');
    expect(retentionEnd(new Date('2026-11-30T00:00:00Z'), 3).toISOString()).toBe('2027-02-28T00:00:00.000Z');
  });

  it('a duo is due exactly when its end is past the cutoff', () => {
    const now = new Date('2027-03-15T10:00:00Z');
    const cutoff = retentionCutoff(now, 12);
    expect(cutoff.toISOString()).toBe('2026-03-15T10:00:00.000Z');
    expect(retentionEnd(cutoff, 12).getTime()).toBeLessThanOrEqual(now.getTime());
  });

  it('refuses periods that are not whole months within bounds, naming the field', () => {
    for (const bad of [0, -3, 1.5, 121, '12', null]) {
      const r = organisationSettingsBody.safeParse({ retentionMonths: bad });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['retentionMonths']);
    }
    expect(organisationSettingsBody.safeParse({ retentionMonths: 12, extra: 1 }).success).toBe(false);
    expect(organisationSettingsBody.parse({ retentionMonths: 24 })).toEqual({ retentionMonths: 24 });
  });
});
