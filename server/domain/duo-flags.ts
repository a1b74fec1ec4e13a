// The coordinator's flags on a programme's running duos, computed on demand from the meetings and check-ins
// with the injected clock (see src/lib/shared/duo-flags.ts for the rules).
import { INACTIVE_DAYS, LOW_CHECKIN_SCORE, type DuoFlagReason, type DuoFlagView } from '../../src/lib/shared/duo-flags.ts';
import type { AgreementStore } from '../data/agreement-store.ts';
import type { MeetingDoc, MeetingsRepo } from '../data/meetings-store.ts';
import type { DuoDoc } from '../data/models.ts';
import { DAY, type Clock } from './clock.ts';

type Checkin = { duoId: unknown; role: 'mentor' | 'mentee'; score: number; createdAt: Date };

export class DuoFlags {
  constructor(
    private readonly meetings: MeetingsRepo,
    private readonly agreement: AgreementStore,
    private readonly clock: Clock
  ) {}

  /** The flagged duos among `duos` (only those still running: active ones), each with its reasons. */
  async flags(duos: DuoDoc[]): Promise<DuoFlagView[]> {
    const running = duos.filter((d) => d.status === 'active');
    if (running.length === 0) return [];
    const ids = running.map((d) => d._id);
    const [meetings, checkins] = await Promise.all([this.meetings.forDuos(ids), this.agreement.scores(ids)]);
    const now = this.clock.now().getTime();
    return running
      .map((d) => {
        const key = String(d._id);
        const reasons = [
          inactive(d, meetings.filter((m) => String(m.duoId) === key), now),
          ...lowCheckins(checkins.filter((c) => String(c.duoId) === key))
        ].filter((r): r is DuoFlagReason => r !== null);
        return { duoId: key, reasons };
      })
      .filter((f) => f.reasons.length > 0);
  }
}

/** Flagged when the later of the duo's start and its last meeting held is 21 days or more ago. */
function inactive(duo: DuoDoc, meetings: MeetingDoc[], now: number): DuoFlagReason | null {
  const held = meetings.filter((m) => m.status === 'held' && m.startsAt.getTime() <= now).map((m) => m.startsAt.getTime());
  const since = Math.max(duo.createdAt.getTime(), ...held);
  const days = Math.floor((now - since) / DAY);
  return days >= INACTIVE_DAYS ? { code: 'inactive', days, since: new Date(since).toISOString() } : null;
}

/** Flagged when one side's last two check-ins are both low (a better one since clears it). */
function lowCheckins(checkins: Checkin[]): DuoFlagReason[] {
  const out: DuoFlagReason[] = [];
  for (const role of ['mentee', 'mentor'] as const) {
    const last = checkins
      .filter((c) => c.role === role)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(-2)
      .map((c) => c.score);
    if (last.length === 2 && last.every((s) => s <= LOW_CHECKIN_SCORE)) out.push({ code: 'low_checkins', role, scores: last });
  }
  return out;
}
