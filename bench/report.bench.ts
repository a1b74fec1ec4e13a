// Programme report benchmark: `npm run bench:report`. An organisation of 2,000 duos over a year (4 programmes,
// ~12 meetings a duo, check-ins from both sides after held meetings, outcomes at the end and at 6 months,
// reporting answers, 60 workshops of 30 people, a partner company) next to another organisation of 500 duos that
// must not count; then the yearly report computed as the app does (server/domain/reports/programme-figures.ts:
// two aggregation pipelines, the figures and the 2,000 anonymised rows), for the whole organisation and for one
// partner company. Peer line: loading the same year's documents into the app with find(), the first step of any
// report computed outside the database (before any counting). The embedded engine runs in its own process,
// durable; MONGODB_URI=… runs the same lines on a real MongoDB.
import mongoose, { Types } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { createMeetingsStore } from '../server/data/meetings-store.ts';
import { createModels } from '../server/data/models.ts';
import { createReportsStore } from '../server/data/reports-store.ts';
import { WorkshopsRepo } from '../server/data/workshops.ts';
import { DAY } from '../server/domain/clock.ts';
import { ProgrammeFiguresQuery, periodBounds, type FiguresScope } from '../server/domain/reports/programme-figures.ts';
import { runBench, startBenchServer, tearDown } from './engine-process.ts';
import { prng } from './prng.ts';
import { measure, printTable, type LineResult } from './stats.ts';

const DUOS = Number(process.env.BENCH_DUOS ?? 2000);
const OTHER_DUOS = 500;
const RUNS = Number(process.env.BENCH_RUNS ?? 12);
const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const SITUATIONS = ['job', 'training', 'internship', 'volunteering', 'searching', 'unknown'] as const;

type Doc = Record<string, unknown>;

/** One organisation's year: documents for each collection, shaped as the app's models store them. */
function organisationYear(orgId: Types.ObjectId, duos: number, random: () => number, companyId: Types.ObjectId | null) {
  const out: Record<string, Doc[]> = { programmes: [], memberships: [], duos: [], meetings: [], checkins: [], outcomes: [], reporting_profiles: [], workshops: [] };
  const yearStart = new Date(`${YEAR.from}T00:00:00Z`).getTime();
  const programmes = Array.from({ length: 4 }, (_, i) => ({
    _id: new Types.ObjectId(),
    organisationId: orgId,
    name: `Cohorte ${i + 1}`,
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    meetingsPerMonth: 2,
    months: 6,
    languages: ['fr', 'nl', 'en'],
    partnerCompany: null,
    status: 'active',
    createdAt: new Date(yearStart)
  }));
  out.programmes.push(...programmes);
  const people: Types.ObjectId[] = [];
  for (let d = 0; d < duos; d++) {
    const programme = programmes[d % programmes.length];
    const mentorId = new Types.ObjectId();
    const menteeId = new Types.ObjectId();
    people.push(mentorId, menteeId);
    for (const [userId, role] of [[mentorId, 'mentor'], [menteeId, 'mentee']] as const) {
      out.memberships.push({
        _id: new Types.ObjectId(),
        organisationId: orgId,
        userId,
        role,
        profile: { languages: ['fr'], sector: '', targetJob: '', commune: '', availability: [], maxDuos: 2 },
        programmeIds: [programme._id],
        status: 'active',
        createdAt: new Date(yearStart),
        removedAt: null,
        companyId: role === 'mentor' && companyId && d % 10 === 0 ? companyId : null
      });
    }
    // Started between the previous November and this October; most ran six months.
    const start = yearStart + Math.floor((random() * 330 - 60) * DAY);
    const fate = random();
    const status = fate < 0.55 ? 'completed' : fate < 0.7 ? 'ended_early' : fate < 0.95 ? 'active' : 'paused';
    const ended = status === 'completed' || status === 'ended_early' ? start + (status === 'completed' ? 182 : 60 + Math.floor(random() * 90)) * DAY : null;
    const duoId = new Types.ObjectId();
    out.duos.push({ _id: duoId, organisationId: orgId, programmeId: programme._id, mentorId, menteeId, status, endReason: null, createdAt: new Date(start), endedAt: ended ? new Date(ended) : null });
    const meetings = 6 + Math.floor(random() * 10);
    for (let m = 0; m < meetings; m++) {
      const at = new Date(start + (m * 14 + 7) * DAY);
      const r = random();
      const mstatus = r < 0.8 ? 'held' : r < 0.9 ? 'missed' : r < 0.95 ? 'cancelled' : 'planned';
      const meetingId = new Types.ObjectId();
      out.meetings.push({
        _id: meetingId,
        duoId,
        organisationId: orgId,
        date: at.toISOString().slice(0, 10),
        time: '10:00',
        startsAt: at,
        durationMinutes: 60,
        mode: 'in_person',
        place: '',
        videoUrl: '',
        status: mstatus,
        cancelReason: null,
        actualMinutes: mstatus === 'held' ? 45 + Math.floor(random() * 45) : null,
        createdBy: mentorId,
        createdAt: at,
        updatedAt: at,
        sequence: 0,
        reminderSentAt: null,
        sealedAt: null,
        cvVersionId: null
      });
      if (mstatus === 'held') {
        for (const [userId, role] of [[mentorId, 'mentor'], [menteeId, 'mentee']] as const) {
          if (random() < 0.8) out.checkins.push({ _id: new Types.ObjectId(), duoId, meetingId, userId, role, score: 1 + Math.floor(random() * 5), comment: 'Bonne rencontre, on avance sur le CV.', createdAt: new Date(at.getTime() + 3600_000) });
        }
      }
    }
    for (const moment of ended ? ['end', 'month_6'] : []) {
      out.outcomes.push({
        _id: new Types.ObjectId(),
        organisationId: orgId,
        programmeId: programme._id,
        duoId,
        menteeId,
        moment,
        situation: SITUATIONS[Math.floor(random() * SITUATIONS.length)],
        contractType: null,
        date: '2026-06-30',
        source: 'coordinator',
        recordedBy: null,
        recordedAt: new Date(ended!),
        history: []
      });
    }
    out.reporting_profiles.push({ _id: new Types.ObjectId(), organisationId: orgId, userId: menteeId, answers: { ageBand: '26_35', region: 'bru', gender: 'woman' }, updatedAt: new Date(start) });
  }
  for (let w = 0; w < 60; w++) {
    const at = new Date(yearStart + Math.floor(random() * 360) * DAY);
    out.workshops.push({
      _id: new Types.ObjectId(),
      organisationId: orgId,
      programmeId: programmes[w % programmes.length]._id,
      title: 'Préparer un entretien',
      description: '',
      startsAt: at,
      durationMinutes: 120,
      place: '',
      videoUrl: '',
      locale: 'fr',
      templateId: 'blank',
      state: 'ended',
      activities: [],
      columns: [],
      votes: { budget: 3, cap: 3, selfVotes: true },
      facilitatorIds: [],
      participants: Array.from({ length: 30 }, () => ({ userId: people[Math.floor(random() * people.length)], present: random() < 0.7, invitedAt: at })),
      joinCode: randomBytes(4).toString('hex'),
      live: {},
      createdBy: people[0],
      createdAt: at,
      startedAt: at,
      endedAt: at
    });
  }
  return out;
}

async function main() {
  const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
  const server = await startBenchServer();
  const conn = mongoose.createConnection(server.uri, { dbName: `binome_bench_${randomBytes(4).toString('hex')}`, maxPoolSize: 8, connectTimeoutMS: 300_000, socketTimeoutMS: 0, serverSelectionTimeoutMS: 300_000 });
  await conn.asPromise();
  const rows: LineResult[] = [];
  try {
    process.stderr.write(`bench: ${server.description}\n`);
    // The app's models, so that the collections carry the app's indexes.
    await createModels(conn);
    await createMeetingsStore(conn);
    await createReportsStore(conn);
    await new WorkshopsRepo(conn).init();

    const random = prng(13);
    const orgId = new Types.ObjectId();
    const companyId = new Types.ObjectId();
    const t0 = performance.now();
    let documents = 0;
    for (const [org, duos, company] of [[orgId, DUOS, companyId], [new Types.ObjectId(), OTHER_DUOS, null]] as const) {
      for (const [name, docs] of Object.entries(organisationYear(org, duos, random, company))) {
        for (let i = 0; i < docs.length; i += 1000) await conn.db!.collection(name).insertMany(docs.slice(i, i + 1000));
        documents += docs.length;
      }
    }
    await conn.db!.collection('partner_companies').insertOne({ _id: companyId, organisationId: orgId, name: 'STIB-MIVB', createdAt: new Date() });
    process.stderr.write(`stored ${documents} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

    const query = new ProgrammeFiguresQuery(conn);
    const scope: FiguresScope = { organisationId: orgId, programmeIds: [], ...YEAR, companyId: null, now: new Date('2026-12-31T12:00:00Z'), fields: ['ageBand', 'region'] };
    const t1 = performance.now();
    const first = await query.compute(scope);
    process.stderr.write(`first report: ${(performance.now() - t1).toFixed(0)} ms\n`);
    process.stderr.write(
      `year: ${first.totals.duos.inPeriod} duos, ${first.totals.meetings.held} meetings held, ${(first.totals.minutes / 60).toFixed(0)} h, ${first.rows.length} rows, ` +
        `${first.totals.checkins.reduce((n, c) => n + c.count, 0)} check-ins, ${first.totals.workshops.invited} workshop invitations\n`
    );
    const line = async (label: string, op: () => Promise<unknown>, target: string, limit: number | null) => {
      const cpu0 = server.cpuMicros();
      const client0 = process.cpuUsage();
      const r = await measure(1, 600, op, RUNS);
      const cpu1 = server.cpuMicros();
      const client = process.cpuUsage(client0);
      rows.push({
        label,
        concurrency: 1,
        ops: r.ops,
        seconds: r.seconds,
        p50: r.p50,
        p99: r.p99,
        target,
        pass: limit === null ? null : r.p99 <= limit,
        serverCpuPerOp: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / r.ops,
        clientCpuPerOp: (client.user + client.system) / r.ops
      });
    };
    await line('yearly report, whole organisation (figures + rows)', () => query.compute(scope), 'p99 ≤ 1,000 ms', 1000);
    await line('yearly report, one partner company', () => query.compute({ ...scope, companyId }), 'p99 ≤ 1,000 ms', 1000);
    // Peer: the same year's documents loaded into the app, as a report computed outside the database would start.
    const { start, end } = periodBounds(YEAR);
    await line(
      'peer: load the year’s documents with find() (no counting)',
      async () => {
        await Promise.all([
          conn.db!.collection('duos').find({ organisationId: orgId, createdAt: { $lt: end }, $or: [{ endedAt: null }, { endedAt: { $gte: start } }] }).toArray(),
          conn.db!.collection('meetings').find({ organisationId: orgId, status: 'held' }).toArray(),
          conn.db!.collection('checkins').find({ createdAt: { $gte: start, $lt: end } }).toArray(),
          conn.db!.collection('outcomes').find({ organisationId: orgId }).toArray()
        ]);
      },
      '',
      null
    );
  } finally {
    await tearDown(conn, server);
  }
  printTable(`Programme report, ${DUOS} duos (+${OTHER_DUOS} of another organisation), ${RUNS} runs each — ${cpus().length} cores, load ${loadAtStart} at start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at end`, rows);
}

runBench(main);
