// Database benchmark through mongoose: `npm run bench:db`. Against the embedded engine on a temporary data
// directory (durable: every insert waits for fsync), or against MONGODB_URI when set, so the two can be compared.
// Each line runs for BENCH_SECONDS (default 3) seconds. Not part of `npm test`.
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { loadavg, cpus } from 'node:os';
import { runBench, startBenchServer, tearDown } from './engine-process.ts';
import { measure, printTable, type LineResult } from './stats.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const TOTAL = 100_000;
const SEED_BATCH = 5_000;
const NAMES = ['Amélie Dubois', 'Joris Van den Broeck', 'Grace Whitfield', 'Théo Lemaire', 'Femke de Vries', 'Oliver Pembroke'];
const CITIES = ['Lyon', 'Gent', 'Leeds', 'Lille', 'Utrecht', 'Bristol'];

let seq = 0;
function seeker() {
  const i = seq++;
  return {
    email: `seeker-${i}@example.org`, // indexed
    ref: `ref-${i}`, // not indexed: found by scanning
    name: NAMES[i % NAMES.length],
    city: CITIES[i % CITIES.length],
    n: 0,
    notes: 'Objectif : poste de gestionnaire de paie, disponible à partir de janvier.'
  };
}
const pick = () => Math.floor(Math.random() * seq);

async function main() {
  const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
  const server = await startBenchServer();
  const dbName = `binome_bench_${randomBytes(4).toString('hex')}`;
  const conn = mongoose.createConnection(server.uri, { dbName, maxPoolSize: 32 });
  await conn.asPromise();
  const Seeker = conn.model(
    'Seeker',
    new mongoose.Schema({ email: { type: String, index: true }, ref: String, name: String, city: String, n: Number, notes: String })
  );
  await Seeker.init();
  const rows: LineResult[] = [];
  const line = async (
    label: string,
    concurrency: number,
    op: (i: number) => Promise<unknown>,
    target: string,
    check: ((r: { ops: number; seconds: number; p50: number; p99: number }) => boolean) | null,
    maxOps = Infinity
  ) => {
    const server0 = server.cpuMicros();
    const client0 = process.cpuUsage();
    const r = await measure(concurrency, SECONDS, op, maxOps);
    const server1 = server.cpuMicros();
    const client = process.cpuUsage(client0);
    rows.push({
      label,
      concurrency,
      ops: r.ops,
      seconds: r.seconds,
      p50: r.p50,
      p99: r.p99,
      target,
      pass: check ? check(r) : null,
      serverCpuPerOp: server0 === null || server1 === null ? null : (server1 - server0) / r.ops,
      clientCpuPerOp: (client.user + client.system) / r.ops
    });
    process.stderr.write(`  ${label} (${concurrency}): ${(r.ops / r.seconds).toFixed(0)} ops/s\n`);
  };

  try {
    process.stderr.write(`bench: ${server.description}\n`);
    await line('insertOne (durable)', 1, () => Seeker.create(seeker()), '', null);
    await line('insertOne (durable)', 16, () => Seeker.create(seeker()), '>= 2,000/s', (r) => r.ops / r.seconds >= 2000);

    const t0 = performance.now();
    let have = await Seeker.estimatedDocumentCount();
    while (have < TOTAL) {
      const n = Math.min(SEED_BATCH, TOTAL - have);
      await Seeker.insertMany(Array.from({ length: n }, seeker), { lean: true });
      have += n;
    }
    process.stderr.write(`  seeded ${TOTAL} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const ids = (await Seeker.find({}, { _id: 1 }).lean()).map((d) => d._id);
    if (ids.length !== seq) throw new Error(`expected ${seq} documents, found ${ids.length}`);
    const randomId = () => ids[Math.floor(Math.random() * ids.length)];

    await line('findById', 1, () => Seeker.findById(randomId()).lean(), '>= 5,000/s', (r) => r.ops / r.seconds >= 5000);
    await line('findById', 16, () => Seeker.findById(randomId()).lean(), '>= 5,000/s', (r) => r.ops / r.seconds >= 5000);
    await line('updateOne by _id (durable)', 16, () => Seeker.updateOne({ _id: randomId() }, { $inc: { n: 1 } }), '', null);
    await line(
      'find by indexed field, 100k docs',
      1,
      async () => {
        const docs = await Seeker.find({ email: `seeker-${pick()}@example.org` }).lean();
        if (docs.length !== 1) throw new Error('indexed lookup found no document');
      },
      'p99 <= 1 ms',
      (r) => r.p99 <= 1
    );
    await line(
      'find by non-indexed field, 100k docs',
      1,
      async () => {
        const docs = await Seeker.find({ ref: `ref-${pick()}` }).lean();
        if (docs.length !== 1) throw new Error('scan found no document');
      },
      '',
      null,
      500
    );
    printTable(`Database benchmark — ${server.description}, ${SECONDS} s per line, ${TOTAL} documents for reads`, rows);
    // The machine may be shared: the load average says how much the figures can be trusted.
    console.log(`${cpus().length} CPUs; load average at start ${loadAtStart}, at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    // CPU per operation hardly depends on how busy the machine is, so it says what an idle machine could do.
    console.log('CPU µs/op: with a core each, ops/s <= 1e6 / max(server, client); on one shared core, 1e6 / (server + client).');
  } finally {
    await tearDown(conn, server);
  }
}

runBench(main);
