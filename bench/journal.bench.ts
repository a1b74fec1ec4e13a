// Journal search benchmark: `npm run bench:journal`. A journal of 1,000 duos × 12 meetings × ~2,000 words of
// notes (12,000 documents in French, Dutch and English, bench/journal-corpus.ts) searched with a duo filter plus
// `$text`, sorted by textScore, as the mentee's journal does; then the cost of indexing: building the text index
// over the stored notes through the server, and the same index built in this process to measure its memory.
// Against the embedded engine (its own process, durable data directory) or, with MONGODB_URI, a real MongoDB.
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { runBench, startBenchServer, tearDown } from './engine-process.ts';
import { LANGS, notesText, searchText, type Lang } from './journal-corpus.ts';
import { prng as seeded } from './prng.ts';
import { measure, printTable, type LineResult } from './stats.ts';
import { Analyzers } from '../server/embedded-mongo/text/analyzer.ts';
import { TextIndex } from '../server/embedded-mongo/text/text-index.ts';
import { textIndexSpec } from '../server/embedded-mongo/text/spec.ts';

const DUOS = Number(process.env.BENCH_DUOS ?? 1000);
const MEETINGS = 12;
const WORDS = Number(process.env.BENCH_WORDS ?? 2000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2000);
const INSERT_BATCH = 200;

interface Note {
  _id: string;
  duo: string;
  meeting: number;
  language: Lang;
  title: string;
  body: string;
}

const duoLang = (d: number): Lang => LANGS[d % LANGS.length];

function* journal(): Generator<Note> {
  const random = seeded(12);
  for (let d = 0; d < DUOS; d++) {
    const language = duoLang(d);
    for (let m = 1; m <= MEETINGS; m++) {
      yield { _id: `duo-${d}-m${m}`, duo: `duo-${d}`, meeting: m, language, title: notesText(language, 6, random), body: notesText(language, WORDS, random) };
    }
  }
}

const INDEX = { title: 'text', body: 'text' } as const;
const INDEX_OPTIONS = { default_language: 'french', weights: { title: 3 } };

/** The text index built in this process over the whole journal: time per note and memory it holds. */
function indexInProcess(): { msPerDoc: number; heapMB: number; terms: number; postings: number; postingMB: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  const index = new TextIndex(textIndexSpec({ key: INDEX, ...INDEX_OPTIONS }, 'title_text_body_text'), new Analyzers());
  const notes = [...journal()];
  gc?.();
  const heap0 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  for (const note of notes) index.add(note._id, note);
  const ms = performance.now() - t0;
  gc?.();
  const heap1 = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const stats = index.stats();
  return { msPerDoc: ms / notes.length, heapMB: (heap1 - heap0) / 2 ** 20, terms: stats.terms, postings: stats.postings, postingMB: stats.postingBytes / 2 ** 20 };
}

async function main() {
  const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
  const local = indexInProcess();
  process.stderr.write(`in-process index: ${local.msPerDoc.toFixed(3)} ms/note, ${local.heapMB.toFixed(0)} MB\n`);

  const server = await startBenchServer();
  const dbName = `binome_bench_${randomBytes(4).toString('hex')}`;
  const conn = mongoose.createConnection(server.uri, { dbName, maxPoolSize: 8 });
  await conn.asPromise();
  const notes = conn.db!.collection<Note>('notes');
  const rows: LineResult[] = [];
  try {
    process.stderr.write(`bench: ${server.description}\n`);
    await notes.createIndex({ duo: 1 });
    let t0 = performance.now();
    let batch: Note[] = [];
    let stored = 0;
    for (const note of journal()) {
      batch.push(note);
      if (batch.length === INSERT_BATCH) {
        await notes.insertMany(batch, { ordered: false });
        stored += batch.length;
        batch = [];
      }
    }
    if (batch.length) stored += (await notes.insertMany(batch)).insertedCount;
    const storeSeconds = (performance.now() - t0) / 1000;
    process.stderr.write(`  stored ${stored} notes in ${storeSeconds.toFixed(1)} s\n`);

    t0 = performance.now();
    await notes.createIndex(INDEX, INDEX_OPTIONS);
    const buildMs = performance.now() - t0;
    process.stderr.write(`  text index built over them in ${(buildMs / 1000).toFixed(1)} s\n`);

    const random = seeded(2026);
    const line = async (label: string, op: (i: number) => Promise<unknown>, n: number, target: string, check: ((p99: number) => boolean) | null) => {
      const server0 = server.cpuMicros();
      const client0 = process.cpuUsage();
      const r = await measure(1, 600, op, n);
      const server1 = server.cpuMicros();
      const client = process.cpuUsage(client0);
      rows.push({
        label, concurrency: 1, ops: r.ops, seconds: r.seconds, p50: r.p50, p99: r.p99, target, pass: check ? check(r.p99) : null,
        serverCpuPerOp: server0 === null || server1 === null ? null : (server1 - server0) / r.ops,
        clientCpuPerOp: (client.user + client.system) / r.ops
      });
      process.stderr.write(`  ${label}: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms\n`);
    };
    let hits = 0;
    const search = async (filter: object, limit: number) => {
      const found = await notes
        .find({ ...filter }, { projection: { duo: 1, meeting: 1, title: 1, score: { $meta: 'textScore' } } })
        .sort({ score: { $meta: 'textScore' } })
        .limit(limit)
        .toArray();
      hits += found.length;
    };
    await line(
      'duo filter + $text, by textScore',
      () => {
        const d = Math.floor(random() * DUOS);
        return search({ duo: `duo-${d}`, $text: { $search: searchText(duoLang(d), random), $language: duoLang(d) } }, 50);
      },
      QUERIES,
      'p99 <= 20 ms',
      (p99) => p99 <= 20
    );
    const duoHits = hits;
    await line(
      '$text over the whole journal, top 20',
      () => {
        const lang = LANGS[Math.floor(random() * LANGS.length)];
        return search({ $text: { $search: searchText(lang, random), $language: lang } }, 20);
      },
      Math.max(20, QUERIES / 10),
      '',
      null
    );
    await line(
      'rewrite one note (durable, index kept)',
      (i) => {
        const d = Math.floor(random() * DUOS);
        return notes.updateOne({ _id: `duo-${d}-m${1 + (i % MEETINGS)}` }, { $set: { body: notesText(duoLang(d), WORDS, random) } });
      },
      Math.max(20, QUERIES / 10),
      '',
      null
    );
    if (duoHits === 0) throw new Error('the duo searches found nothing: the benchmark measured no real search');

    printTable(`Journal search — ${server.description}; ${stored} notes of ~${WORDS} words (${DUOS} duos × ${MEETINGS} meetings)`, rows);
    const cost = [
      ['text index built over the stored notes (server)', `${(buildMs / stored).toFixed(3)} ms/note`, `${(buildMs / 1000).toFixed(1)} s`, ''],
      ['storing the notes, no text index (server, durable)', `${((storeSeconds * 1000) / stored).toFixed(3)} ms/note`, `${storeSeconds.toFixed(1)} s`, ''],
      ['text index built in this process (engine code)', `${local.msPerDoc.toFixed(3)} ms/note`, `${((local.msPerDoc * stored) / 1000).toFixed(1)} s`,
        `${local.heapMB.toFixed(0)} MB heap (${local.terms} terms, ${local.postings} postings, ${local.postingMB.toFixed(0)} MB of posting arrays)`]
    ];
    console.log('| indexing | per note | total | memory |');
    console.log('| --- | --- | --- | --- |');
    for (const c of cost) console.log(`| ${c.join(' | ')} |`);
    console.log(`\n${cpus().length} CPUs; load average at start ${loadAtStart}, at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(process.env.MONGODB_URI ? 'Peer: the server at MONGODB_URI.' : 'No peer measured: set MONGODB_URI to run the same lines against a real MongoDB.');
  } finally {
    await tearDown(conn, server);
  }
}

runBench(main);
