// The timer's announcements (one minute left, time is up), scheduled against the injected clock: the end time is
// absolute and kept in MongoDB, so a restart schedules what is still to come. One check loop per instance runs
// only while something is due, and reads the clock each time (a test moves a ManualClock; nothing sleeps).
import type { Clock } from '../clock.ts';

export type AlertAt = 'one_minute' | 'zero';

interface Due {
  at: number;
  kind: AlertAt;
  /** The timer's end it belongs to: a changed timer drops alerts of the old one. */
  endsAt: number;
}

export class TimerAlerts {
  private readonly due = new Map<string, Due[]>();
  private loop: NodeJS.Timeout | null = null;

  constructor(
    private clock: Clock,
    private fire: (workshopId: string, kind: AlertAt) => void,
    private everyMs = 100
  ) {}

  /** Schedules the alerts of a running timer ending at `endsAt` (replacing any before); null clears them. */
  set(workshopId: string, endsAt: number | null): void {
    this.due.delete(workshopId);
    if (endsAt !== null) {
      const now = this.clock.now().getTime();
      const list: Due[] = [];
      // A timer shorter than a minute announces only its end.
      if (endsAt - 60_000 > now) list.push({ at: endsAt - 60_000, kind: 'one_minute', endsAt });
      list.push({ at: endsAt, kind: 'zero', endsAt });
      this.due.set(workshopId, list);
    }
    this.run();
  }

  private run(): void {
    if (this.due.size === 0) {
      if (this.loop) clearInterval(this.loop);
      this.loop = null;
      return;
    }
    if (!this.loop) {
      this.loop = setInterval(() => this.check(), this.everyMs);
      this.loop.unref();
    }
  }

  private check(): void {
    const now = this.clock.now().getTime();
    for (const [id, list] of this.due) {
      const fired = list.filter((d) => d.at <= now);
      const left = list.filter((d) => d.at > now);
      if (left.length) this.due.set(id, left);
      else this.due.delete(id);
      // Only the last one passed is announced (a restart long after the end does not play both).
      const last = fired.at(-1);
      if (last) this.fire(id, last.kind);
    }
    this.run();
  }

  stop(): void {
    this.due.clear();
    this.run();
  }
}
