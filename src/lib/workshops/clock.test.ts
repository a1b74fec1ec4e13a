import { describe, expect, it } from 'vitest';
import { clockOffset, crossedAlert, formatRemaining, readTimer } from './clock';

const timer = (t: Partial<{ endsAt: number | null; pausedRemaining: number | null }>) => ({ endsAt: null, pausedRemaining: null, lockAtZero: false, ...t });

describe('timer on a client whose clock is off', () => {
  it('corrects a phone clock three minutes behind the server', () => {
    const serverNow = 1_000_000;
    const phoneNow = serverNow - 180_000;
    const offset = clockOffset(serverNow, phoneNow);
    expect(offset).toBe(180_000);
    // Five minutes left on the server's clock: the phone shows five, not eight.
    const reading = readTimer(timer({ endsAt: serverNow + 300_000 }), phoneNow, offset);
    expect(reading).toEqual({ status: 'running', remaining: 300_000 });
    expect(formatRemaining(reading.remaining!)).toBe('5:00');
  });

  it('reads paused, idle and over', () => {
    expect(readTimer(timer({ pausedRemaining: 42_500 }), 0, 0)).toEqual({ status: 'paused', remaining: 42_500 });
    expect(readTimer(timer({}), 0, 0)).toEqual({ status: 'idle', remaining: null });
    expect(readTimer(timer({ endsAt: 100 }), 500, 0)).toEqual({ status: 'over', remaining: 0 });
  });

  it('ignores a broken serverNow', () => {
    expect(clockOffset(Number.NaN, 5)).toBe(0);
  });

  it('formats up to the second above, and hours', () => {
    expect(formatRemaining(59_001)).toBe('1:00');
    expect(formatRemaining(1)).toBe('0:01');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(3_600_000 + 65_000)).toBe('1:01:05');
  });

  it('announces one minute and zero once each, as they are crossed', () => {
    expect(crossedAlert(61_000, 60_000)).toBe('one_minute');
    expect(crossedAlert(60_000, 59_000)).toBeNull();
    expect(crossedAlert(1_000, 0)).toBe('zero');
    expect(crossedAlert(0, 0)).toBeNull();
    // A reload (no previous reading) and time added (remaining grows) say nothing.
    expect(crossedAlert(null, 30_000)).toBeNull();
    expect(crossedAlert(30_000, 90_000)).toBeNull();
    // Paused for a long while then the reading jumps straight past both: zero wins.
    expect(crossedAlert(120_000, 0)).toBe('zero');
  });
});
