// Scenario 2: many writers and observers on one document. Each writer sends `rate` updates/s with its own phase;
// observers time every update. A server that cannot keep up shows it as latency growing through the run, so
// the first and the last third are compared.

/**
 * A backlog moves the whole distribution: the median of the last third well above the first's. A scheduling
 * hiccup on a shared machine only moves the tail, so p99 alone would cry wolf.
 */
export function growingBacklog(r: Pick<WritersResult, 'p50First' | 'p50Last'>): boolean {
  return r.p50Last > 2 * r.p50First && r.p50Last - r.p50First > 5;
}
import { openClients, RawClient, Writer } from '../client.ts';
import type { Dialect } from '../dialects.ts';
import { nowMs, scanMarkers } from '../markers.ts';
import type { ServerProcess } from '../server-process.ts';
import { percentile, Samples } from '../stats.ts';
import { ownCpuUs, sleep, until } from '../timing.ts';

export interface WritersResult {
  sent: number;
  delivered: number;
  expected: number;
  p50: number;
  p99: number;
  p50First: number;
  p50Last: number;
  p99First: number;
  p99Last: number;
  cpuUsPerDelivery: number;
  serverCpuPct: number;
  clientCpuPct: number;
  /** The server's event-loop delay p99 during the run, ms. */
  loopP99: number;
}

export async function runWriters(
  server: ServerProcess,
  dialect: Dialect,
  writerCount: number,
  observerCount: number,
  rate: number,
  seconds: number,
  sampleLoop = false
): Promise<WritersResult> {
  const doc = 'many-writers';
  const clients: RawClient[] = [];
  try {
    const writerClients = await openClients(writerCount, 25, (i) => new RawClient(dialect, server.port, doc, i));
    clients.push(...writerClients);
    const observers = await openClients(
      observerCount,
      25,
      (i) => new RawClient(dialect, server.port, doc, writerCount + i)
    );
    clients.push(...observers);
    const writers = writerClients.map((c, i) => new Writer(c, i + 1));

    const latencies = new Samples();
    const sentAt = new Samples();
    let delivered = 0;
    let measuring = false;
    for (const o of observers) {
      o.onData = (data) => {
        const at = nowMs();
        scanMarkers(data, (_w, _seq, sentMs) => {
          if (measuring) {
            latencies.push(at - sentMs);
            sentAt.push(sentMs);
          }
          delivered++;
        });
      };
    }

    // Warm-up (not counted): two updates per writer within one second.
    const period = 1000 / rate;
    const warm = performance.now();
    await Promise.all(
      writers.map(async (writer, i) => {
        for (let k = 0; k < 2; k++) {
          await sleep(warm + ((i + k * writers.length) / (2 * writers.length)) * 1000 - performance.now());
          writer.write();
        }
      })
    );
    await until(() => delivered >= 2 * writers.length * observers.length, 10_000);
    await sleep(200);
    delivered = 0;
    measuring = true;

    const perWriter = Math.round(rate * seconds);
    if (sampleLoop) await server.loop();
    const cpu0 = await server.cpuUs();
    const own0 = ownCpuUs();
    const t0 = performance.now();
    const wallStart = nowMs();
    // One timer per writer, each with its own phase: writers do not type in lockstep.
    await Promise.all(
      writers.map(async (writer, i) => {
        const phase = (i / writers.length) * period;
        for (let k = 0; k < perWriter; k++) {
          await sleep(t0 + phase + k * period - performance.now());
          writer.write();
        }
      })
    );
    const sent = perWriter * writers.length;
    const expected = sent * observers.length;
    await until(() => delivered >= expected, 15_000);
    const elapsedMs = performance.now() - t0;
    const cpu1 = await server.cpuUs();
    const loop = sampleLoop ? await server.loop() : null;
    const own1 = ownCpuUs();
    measuring = false;

    const all = latencies.sorted();
    const third = (seconds * 1000) / 3;
    const first = new Samples();
    const last = new Samples();
    // Thirds go by send time, so a backlog that builds up shows in the last third.
    for (let i = 0; i < latencies.length; i++) {
      const when = sentAt.get(i) - wallStart;
      if (when < third) first.push(latencies.get(i));
      else if (when >= 2 * third) last.push(latencies.get(i));
    }
    return {
      sent,
      delivered,
      expected,
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      p50First: percentile(first.sorted(), 50),
      p50Last: percentile(last.sorted(), 50),
      p99First: percentile(first.sorted(), 99),
      p99Last: percentile(last.sorted(), 99),
      // Every update is delivered to everyone but its writer.
      cpuUsPerDelivery: (cpu1 - cpu0) / (sent * (writerCount - 1 + observerCount)),
      serverCpuPct: ((cpu1 - cpu0) / 1000 / elapsedMs) * 100,
      clientCpuPct: ((own1 - own0) / 1000 / elapsedMs) * 100,
      loopP99: loop?.p99 ?? NaN
    };
  } finally {
    for (const c of clients) c.close();
  }
}
