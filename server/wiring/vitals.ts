// A node's vital signs in its log, once a minute: one JSON line ('node vitals') that an operator running several
// nodes can graph or alert on without a metrics stack. The event loop's delay first: a node whose loop falls behind
// delays every broadcast and every request it holds; then its memory (and per open document), its open shared
// documents, their connections and its live sockets, and what the collaboration store wrote since the last line.
import { createHistogram } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { CollabServer } from '../collab/index.ts';
import type { Closers } from './closers.ts';

export const VITALS_INTERVAL_MS = 60_000;

export interface VitalsSources {
  collab: Pick<CollabServer, 'stats'>;
  /** Socket.IO connections of this node. */
  liveSockets(): number;
}

export interface Vitals {
  /** How late the event loop ran its timers in the interval (beyond the monitor's own period), ms. */
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  rssMb: number;
  heapUsedMb: number;
  documents: number;
  collabConnections: number;
  liveSockets: number;
  /** Write operations of the collaboration store (one per write window) and compactions since the last line. */
  collabWrites: number;
  compactions: number;
}

const MB = 1024 * 1024;
/** The delay probe's period: how late each of its ticks runs is the loop's delay at that moment. */
const TICK_MS = 20;
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const ms = (us: number) => round(us / 1000);

export function logVitals(log: Logger, sources: VitalsSources, closers: Closers, intervalMs = VITALS_INTERVAL_MS): void {
  // Its own probe rather than monitorEventLoopDelay: resetting that one also forgets when it last ticked, so a
  // delay its next tick would have measured could be lost when the line happens to be written first.
  const loop = createHistogram();
  let tickedAt = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    // µs late, at least 1 (a histogram holds positive integers)
    loop.record(Math.max(1, Math.round((now - tickedAt - TICK_MS) * 1000)));
    tickedAt = now;
  }, TICK_MS);
  let last = sources.collab.stats();
  const timer = setInterval(() => {
    const stats = sources.collab.stats();
    const { rss, heapUsed } = process.memoryUsage();
    const vitals: Vitals = {
      loopDelayP50Ms: ms(loop.percentile(50)),
      loopDelayP99Ms: ms(loop.percentile(99)),
      loopDelayMaxMs: ms(loop.max),
      rssMb: round(rss / MB),
      heapUsedMb: round(heapUsed / MB),
      documents: stats.documents,
      collabConnections: stats.connections,
      liveSockets: sources.liveSockets(),
      collabWrites: stats.writes - last.writes,
      compactions: stats.compactions - last.compactions
    };
    last = stats;
    loop.reset();
    log.info({ vitals }, 'node vitals');
  }, intervalMs);
  // Never what keeps the process alive.
  timer.unref();
  probe.unref();
  closers.add('stop accepting', () => {
    clearInterval(timer);
    clearInterval(probe);
  });
}
