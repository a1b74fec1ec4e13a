import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './datetime';

describe('the date-and-time field', () => {
  it('goes to an instant and back to the same wall time', () => {
    const iso = fromLocalInput('2026-12-10T09:30');
    expect(iso).not.toBeNull();
    expect(toLocalInput(iso!)).toBe('2026-12-10T09:30');
  });
  it('refuses what is not a date and time', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-12-10')).toBeNull();
    expect(fromLocalInput('2026-13-45T99:99')).toBeNull();
    expect(toLocalInput('nonsense')).toBe('');
  });
});
