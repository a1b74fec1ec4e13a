import { describe, expect, it } from 'vitest';
import { addMonthsIso, formatDate, todayIso } from './format';

describe('dates', () => {
  it('adds months and clamps to the end of shorter months', () => {
    expect(addMonthsIso('2026-01-15', 6)).toBe('2026-07-15');
    expect(addMonthsIso('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsIso('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('formats a calendar day as that day in every language', () => {
    expect(formatDate('2026-03-01', 'fr', 'long')).toBe('1 mars 2026');
    expect(formatDate('2026-03-01', 'nl', 'long')).toBe('1 maart 2026');
    expect(formatDate('2026-03-01', 'en', 'long')).toBe('1 March 2026');
    expect(formatDate(undefined, 'fr')).toBe('');
  });

  it('gives today as YYYY-MM-DD in local time', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
