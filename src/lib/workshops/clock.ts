// The timer as each screen shows it. The server keeps an absolute end time (epoch ms, its own clock); a phone's
// clock can be minutes off, so every state carries `serverNow` and the client keeps the offset between the two
// clocks, measured when the state arrived. Pure: the page passes its own `now`.
import type { TimerState } from '../shared/workshops/model';

/** Server clock minus client clock, in ms, from a state's `serverNow` read at `receivedAt` (client clock). */
export function clockOffset(serverNow: number, receivedAt: number): number {
  return Number.isFinite(serverNow) && Number.isFinite(receivedAt) ? serverNow - receivedAt : 0;
}

export type TimerStatus = 'idle' | 'running' | 'paused' | 'over';

export interface TimerReading {
  status: TimerStatus;
  /** Whole ms left (0 when over, null when no timer). */
  remaining: number | null;
}

/** What the timer shows at client time `now`, given the offset to the server's clock. */
export function readTimer(timer: TimerState, now: number, offset: number): TimerReading {
  if (timer.pausedRemaining !== null) return { status: 'paused', remaining: Math.max(0, timer.pausedRemaining) };
  if (timer.endsAt === null) return { status: 'idle', remaining: null };
  const remaining = Math.max(0, timer.endsAt - (now + offset));
  return { status: remaining > 0 ? 'running' : 'over', remaining };
}

/** m:ss (or h:mm:ss), rounding up so that "0:00" shows only when the time is really up. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export type TimerAlert = 'one_minute' | 'zero';
export const ONE_MINUTE = 60_000;

/**
 * The alert crossed between two readings of a running timer (previous remaining → now remaining), if any: said once
 * at one minute and once at zero, and not for a timer started with less than a minute, nor on a reload past it.
 */
export function crossedAlert(previous: number | null, current: number | null): TimerAlert | null {
  if (previous === null || current === null || current >= previous) return null;
  if (previous > 0 && current <= 0) return 'zero';
  if (previous > ONE_MINUTE && current <= ONE_MINUTE) return 'one_minute';
  return null;
}
