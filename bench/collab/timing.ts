// Waiting helpers with bounds: nothing in the benchmark waits forever.

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Resolves when `done()` holds, or after `timeoutMs` (returning false); checks every few ms. */
export async function until(done: () => boolean, timeoutMs: number, everyMs = 5): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > end) return false;
    await sleep(everyMs);
  }
  return true;
}

/** CPU time of this (client) process, µs. */
export function ownCpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * Calls `tick(k)` for k = 1..count at `start + k × periodMs`. Deadlines are absolute, so a late timer does not
 * push every later send back (the rate stays what was asked).
 */
export async function paced(count: number, periodMs: number, startMs: number, tick: (k: number) => void): Promise<void> {
  for (let k = 1; k <= count; k++) {
    await sleep(startMs + k * periodMs - performance.now());
    tick(k);
  }
}
