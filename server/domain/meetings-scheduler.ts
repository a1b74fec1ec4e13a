// The meetings' periodic work (reminders today; more sweeps join the same list), run every `intervalMs` on a
// timer that never keeps the process alive. Each task reads time from the injected clock, so tests call `runOnce`
// after moving it instead of waiting for the timer. A task that fails is logged and tried at the next tick.
export interface ScheduledTask {
  name: string;
  run(): Promise<unknown>;
}

export class MeetingsScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly tasks: readonly ScheduledTask[],
    private readonly log: (msg: string, extra?: object) => void
  ) {}

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
  }

  /** Runs every task once; a run already under way is awaited rather than overlapped. */
  runOnce(): Promise<void> {
    this.running ??= (async () => {
      for (const task of this.tasks) {
        try {
          await task.run();
        } catch (err) {
          this.log(`scheduled task ${task.name} failed`, { err: String(err) });
        }
      }
    })().finally(() => (this.running = null));
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
