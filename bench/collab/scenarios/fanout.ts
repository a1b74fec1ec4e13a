// Scenario 1: one writer, N observers on one document, `rate` updates/s. Propagation latency is measured by
// each observer from the send time written in the update; server CPU is divided by the deliveries it made.
import { openClients, RawClient, Writer } from '../client.ts';
import type { Dialect } from '../dialects.ts';
import { nowMs, scanMarkers } from '../markers.ts';
import type { ServerProcess } from '../server-process.ts';
import { percentile, Samples } from '../stats.ts';
import { ownCpuUs, paced, sleep, until } from '../timing.ts';

export interface FanoutResult {
  observers: number;
  sent: number;
  delivered: number;
  p50: number;
  p99: number;
  max: number;
  cpuUsPerDelivery: number;
  serverCpuPct: number;
  clientCpuPct: number;
  /** The server's event-loop delay p99 during the run, ms. */
  loopP99: number;
}

const WARMUP_UPDATES = 20;

export async function runFanout(
  server: ServerProcess,
  dialect: Dialect,
  observers: number,
  rate: number,
  seconds: number,
  sampleLoop = false
): Promise<FanoutResult> {
  const doc = `fanout-${observers}`;
  const writerClient = new RawClient(dialect, server.port, doc, 0);
  const clients: RawClient[] = [writerClient];
  try {
    await writerClient.synced;
    const watchers = await openClients(observers, 50, (i) => new RawClient(dialect, server.port, doc, i + 1));
    clients.push(...watchers);
    const writer = new Writer(writerClient, 1);

    const latencies = new Samples();
    let measuring = false;
    let delivered = 0;
    let warmDelivered = 0;
    for (const watcher of watchers) {
      watcher.onData = (data) => {
        const at = nowMs();
        scanMarkers(data, (_w, seq, sentMs) => {
          if (seq <= WARMUP_UPDATES) {
            warmDelivered++;
            return;
          }
          if (measuring) latencies.push(at - sentMs);
          delivered++;
        });
      };
    }

    // Warm-up: the first updates pay for JIT compilation on both sides; they are not counted.
    await paced(WARMUP_UPDATES, 1000 / rate, performance.now(), () => writer.write());
    await until(() => warmDelivered >= WARMUP_UPDATES * observers, 10_000);
    await sleep(200);

    const count = Math.round(rate * seconds);
    measuring = true;
    if (sampleLoop) await server.loop();
    await server.profileStart();
    const cpu0 = await server.cpuUs();
    const own0 = ownCpuUs();
    const t0 = performance.now();
    await paced(count, 1000 / rate, t0, () => writer.write());
    await until(() => delivered >= count * observers, 10_000);
    const elapsedMs = performance.now() - t0;
    const cpu1 = await server.cpuUs();
    const loop = sampleLoop ? await server.loop() : null;
    const profile = await server.profileStop(`fanout-${observers}`);
    if (profile) console.error(`  profile: ${profile}`);
    const own1 = ownCpuUs();
    measuring = false;

    const sorted = latencies.sorted();
    return {
      observers,
      sent: count,
      delivered,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? NaN,
      cpuUsPerDelivery: (cpu1 - cpu0) / (count * observers),
      serverCpuPct: ((cpu1 - cpu0) / 1000 / elapsedMs) * 100,
      clientCpuPct: ((own1 - own0) / 1000 / elapsedMs) * 100,
      loopP99: loop?.p99 ?? NaN
    };
  } finally {
    for (const c of clients) c.close();
  }
}
