// Latency bookkeeping and the printed table for bench/db.bench.ts.
export interface LineResult {
  label: string;
  concurrency: number;
  ops: number;
  seconds: number;
  p50: number;
  p99: number;
  target: string;
  pass: boolean | null;
  /** CPU µs per operation in the server process and in this (client) process; null when unknown. */
  serverCpuPerOp: number | null;
  clientCpuPerOp: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/**
 * Runs `op` from `concurrency` loops until `seconds` have passed (or `maxOps` operations were started) and
 * returns throughput and latency percentiles in milliseconds.
 */
export async function measure(
  concurrency: number,
  seconds: number,
  op: (i: number) => Promise<unknown>,
  maxOps = Infinity
): Promise<{ ops: number; seconds: number; p50: number; p99: number; latencies: number[] }> {
  const latencies: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end && started < maxOps) {
        const i = started++;
        const t0 = performance.now();
        await op(i);
        latencies.push(performance.now() - t0);
      }
    })
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { ops: latencies.length, seconds: elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), latencies };
}

export function printTable(title: string, rows: LineResult[]): void {
  const header = ['operation', 'conc.', 'ops', 'ops/s', 'p50 ms', 'p99 ms', 'target', 'met', 'server CPU µs/op', 'client CPU µs/op'];
  const body = rows.map((r) => [
    r.label,
    String(r.concurrency),
    String(r.ops),
    (r.ops / r.seconds).toFixed(0),
    r.p50.toFixed(3),
    r.p99.toFixed(3),
    r.target,
    r.pass === null ? '' : r.pass ? 'yes' : 'NO',
    r.serverCpuPerOp === null ? '—' : r.serverCpuPerOp.toFixed(0),
    r.clientCpuPerOp.toFixed(0)
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const b of body) console.log(line(b));
  console.log('');
}
