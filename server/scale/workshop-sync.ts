// Workshops on several nodes. MongoDB holds each workshop's live state (activity, timer, lock, spotlight, who
// takes part); each node keeps the ones in use in its WorkshopCache, which the board's update guard and the
// connections' re-judging read synchronously. A node that writes a workshop tells the others (server/scale/
// cluster.ts); each that holds it reads it again from MongoDB and re-judges its own open board and draft
// connections (a lock, the timer at zero with its lock, another activity, the end close or downgrade them there
// too). The Socket.IO events about the change reach every node's clients through the Redis adapter already.
import type { WorkshopDoc } from '../data/workshops.ts';
import type { WorkshopCache } from '../domain/workshops/cache.ts';

export interface WorkshopSyncDeps {
  cache: WorkshopCache;
  /** The workshop as stored now (null once deleted). */
  find(workshopId: string): Promise<WorkshopDoc | null>;
  /** Re-judges this node's open board and draft connections of the workshop. */
  revalidate(workshopId: string): Promise<void>;
  onError(err: unknown, workshopId: string): void;
  now(): number;
}

export class WorkshopSync {
  /** Reads in flight, per workshop, and whether another is due when it ends (reads are never run side by side:
   * an older answer arriving last would leave the cache behind). */
  private readonly reading = new Map<string, { again: boolean }>();
  /** The timer that runs out with "lock at zero" on a workshop another node runs: this node re-judges then too. */
  private readonly zeroes = new Map<string, NodeJS.Timeout>();

  constructor(private readonly d: WorkshopSyncDeps) {}

  /** Another node wrote the workshop: read it again if this node uses it. */
  written(workshopId: string): void {
    if (!this.d.cache.get(workshopId)) return;
    const inFlight = this.reading.get(workshopId);
    if (inFlight) {
      inFlight.again = true;
      return;
    }
    void this.read(workshopId);
  }

  /** This node wrote it: a read in flight may answer with what was there before, so one more follows. */
  wroteHere(workshopId: string): void {
    const inFlight = this.reading.get(workshopId);
    if (inFlight) inFlight.again = true;
  }

  /** After Redis came back: every workshop held is read again. */
  readAll(): void {
    for (const id of this.d.cache.ids()) this.written(id);
  }

  stop(): void {
    for (const t of this.zeroes.values()) clearTimeout(t);
    this.zeroes.clear();
  }

  /** The node running the timer announces zero; the lock it brings must reach this node's connections too. */
  private atZero(workshopId: string, w: WorkshopDoc | null): void {
    clearTimeout(this.zeroes.get(workshopId));
    this.zeroes.delete(workshopId);
    const t = w?.live.timer;
    if (!t?.lockAtZero || !t.endsAt || w?.state !== 'live') return;
    const timer = setTimeout(() => {
      this.zeroes.delete(workshopId);
      this.d.revalidate(workshopId).catch((err: unknown) => this.d.onError(err, workshopId));
    }, Math.max(0, t.endsAt.getTime() - this.d.now()));
    timer.unref();
    this.zeroes.set(workshopId, timer);
  }

  private async read(workshopId: string): Promise<void> {
    const state = { again: true };
    this.reading.set(workshopId, state);
    try {
      while (state.again) {
        state.again = false;
        const w = await this.d.find(workshopId);
        if (w) this.d.cache.put(w);
        else this.d.cache.forget(workshopId);
        this.atZero(workshopId, w);
        await this.d.revalidate(workshopId);
      }
    } catch (err) {
      this.d.onError(err, workshopId);
    } finally {
      this.reading.delete(workshopId);
    }
  }
}
