// Partner companies and umbrella view benchmark: `npm run bench:partners`. An instance of ORGS organisations with
// DUOS_PER_ORG duos each (12 meetings per duo, 10 held), a partner company lending 40 mentors; then, side by side:
// the umbrella statistics and one company's figures as the app computes them (grouped in the database), and the
// same figures computed the naive way, by loading every duo and meeting into this process.
// On the embedded engine in this process (in memory), or a real MongoDB with MONGODB_URI.
import mongoose, { Types } from 'mongoose';
import { startEmbeddedMongo } from '../server/embedded-mongo/index.ts';
import { createModels } from '../server/data/models.ts';
import { createRepositories } from '../server/data/repositories.ts';
import { ParticipationQueries } from '../server/data/participation-queries.ts';
import { UmbrellaService } from '../server/domain/reports/umbrella.ts';
import { prng } from './prng.ts';

const ORGS = Number(process.env.BENCH_ORGS ?? 10);
const DUOS_PER_ORG = Number(process.env.BENCH_DUOS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STATUSES = ['active', 'paused', 'completed', 'ended_early'] as const;

async function main() {
  const engine = process.env.MONGODB_URI ? null : await startEmbeddedMongo({ dataDir: null, port: 0, logger: { info() {}, warn() {}, error() {} } });
  const conn = mongoose.createConnection(process.env.MONGODB_URI ?? engine!.uri, { dbName: `bench_partners_${Date.now()}` });
  await conn.asPromise();
  const repos = createRepositories(await createModels(conn));
  const queries = new ParticipationQueries(conn);
  const umbrella = new UmbrellaService(repos, queries, undefined as never, undefined as never);
  const random = prng(13);
  const now = new Date('2026-11-01T10:00:00Z');

  const orgIds: Types.ObjectId[] = [];
  const companyMentors: Types.ObjectId[] = [];
  const companyId = new Types.ObjectId();
  for (let o = 0; o < ORGS; o++) {
    const orgId = new Types.ObjectId();
    orgIds.push(orgId);
    await conn.collection('organisations').insertOne({ _id: orgId, name: `Organisation ${o}`, createdAt: now });
    const duos = [];
    const meetings = [];
    const memberships = [];
    for (let d = 0; d < DUOS_PER_ORG; d++) {
      const mentorId = new Types.ObjectId();
      const duoId = new Types.ObjectId();
      const lent = o === 0 && d < 40;
      if (lent) companyMentors.push(mentorId);
      memberships.push({ organisationId: orgId, userId: mentorId, role: 'mentor', status: 'active', companyId: lent ? companyId : null, programmeIds: [], createdAt: now });
      duos.push({ _id: duoId, organisationId: orgId, programmeId: orgId, mentorId, menteeId: new Types.ObjectId(), status: STATUSES[Math.floor(random() * 4)], createdAt: now });
      for (let m = 0; m < 12; m++) {
        meetings.push({ duoId, organisationId: orgId, status: m < 10 ? 'held' : 'planned', durationMinutes: 60, actualMinutes: 45 + Math.floor(random() * 30), startsAt: now });
      }
    }
    await conn.collection('memberships').insertMany(memberships);
    await conn.collection('duos').insertMany(duos);
    await conn.collection('meetings').insertMany(meetings);
  }

  const naiveUmbrella = async () => {
    const duos = await conn.collection('duos').find({}).toArray();
    const meetings = await conn.collection('meetings').find({ status: 'held' }).toArray();
    const perOrg = new Map<string, { formed: number; minutes: number }>();
    for (const d of duos) perOrg.set(String(d.organisationId), { formed: (perOrg.get(String(d.organisationId))?.formed ?? 0) + 1, minutes: 0 });
    for (const m of meetings) perOrg.get(String(m.organisationId))!.minutes += m.actualMinutes ?? m.durationMinutes;
    return perOrg;
  };
  const companyFigures = async () => {
    const ids = (await queries.companyVolunteers(orgIds[0], companyId)).map((v) => v.userId);
    return Promise.all([queries.duosByMentor(orgIds[0], ids), queries.meetingsByMentor(orgIds[0], ids), queries.workshopsByPerson(orgIds[0], ids)]);
  };
  const naiveCompany = async () => {
    const duos = await conn.collection('duos').find({ organisationId: orgIds[0] }).toArray();
    const mine = duos.filter((d) => companyMentors.some((m) => m.equals(d.mentorId)));
    const meetings = await conn.collection('meetings').find({ organisationId: orgIds[0] }).toArray();
    return meetings.filter((m) => m.status === 'held' && mine.some((d) => d._id.equals(m.duoId))).length;
  };

  const time = async (fn: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await fn();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return { median: ms[Math.floor(ms.length / 2)], worst: ms[ms.length - 1] };
  };
  const rows = [
    ['umbrella statistics (grouped in the database, with suppression)', await time(() => umbrella.statistics())],
    ['umbrella peer: load every duo and held meeting into the app', await time(naiveUmbrella)],
    ['company figures, 40 volunteers (grouped in the database)', await time(companyFigures)],
    ['company peer: load the organisation’s duos and meetings into the app', await time(naiveCompany)]
  ] as const;
  console.log(`\n${ORGS} organisations × ${DUOS_PER_ORG} duos (${ORGS * DUOS_PER_ORG} duos, ${ORGS * DUOS_PER_ORG * 12} meetings), ${engine ? 'embedded engine' : 'MongoDB'}, ${RUNS} runs\n`);
  console.log('| computation | median ms | worst ms |\n| --- | --- | --- |');
  for (const [label, r] of rows) console.log(`| ${label} | ${r.median.toFixed(0)} | ${r.worst.toFixed(0)} |`);
  await conn.dropDatabase();
  await conn.close();
  await engine?.stop();
}

await main();
