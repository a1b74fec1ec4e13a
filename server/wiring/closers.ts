// The ordered stop. Each part of the instance registers how it stops under one of these steps as it is built;
// stop() runs the steps in this order, whatever order the parts were built in: nothing new comes in, live
// connections end, every loaded document is stored while the database is still there, requests in flight finish,
// and only then the database and the engine go. A start that fails half-way runs the same list, so whatever was
// already open (the engine, a listening port) is closed again.
import type { Logger } from 'pino';

export const STOP_ORDER = ['stop accepting', 'live sockets', 'documents', 'requests', 'events', 'database', 'engine'] as const;
export type StopStep = (typeof STOP_ORDER)[number];

export class Closers {
  private readonly steps = new Map<StopStep, (() => unknown)[]>();
  private stopping: Promise<void> | null = null;

  constructor(private readonly log: Logger) {}

  add(step: StopStep, close: () => unknown): void {
    const list = this.steps.get(step) ?? [];
    list.push(close);
    this.steps.set(step, list);
  }

  /** Runs every registered close once, step by step; one that fails is logged and the next still runs. */
  stop(): Promise<void> {
    return (this.stopping ??= (async () => {
      for (const step of STOP_ORDER) {
        for (const close of this.steps.get(step) ?? []) {
          try {
            await close();
          } catch (err) {
            this.log.warn({ err, step }, 'a part failed to stop');
          }
        }
      }
      this.log.flush?.();
    })());
  }
}
