// The Binôme server of the workshop benchmark, in a child process of its own (its CPU and memory are read here,
// apart from the clients'): the embedded engine in memory, an organisation with one facilitator and `n`
// participants (sessions made directly: no password hashing in the way), one live workshop in its check-in.
// Answers the parent over IPC: cpu, mem (after a GC), goto (moves to an activity kind), stop.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { startBinome } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { toId } from '../../server/data/models.ts';
import { TEST_COST } from '../../server/domain/passwords.ts';
import { workshopBody } from '../../src/lib/shared/workshops/schemas.ts';

export interface BenchSetup {
  port: number;
  workshopId: string;
  facilitator: { id: string; cookie: string };
  participants: { id: string; name: string; cookie: string }[];
  activities: string[];
}
export type ChildRequest = { id: number; cmd: 'cpu' | 'mem' | 'stop' };

const n = Number(process.argv[2] ?? 40);
const FIRST = ['Fatima', 'Jonas', 'Amélie', 'Kwame', 'Sofie', 'Yasmina', 'Thomas', 'Inès', 'Lotte', 'Mehdi'];
const LAST = ['El Amrani', 'Peeters', 'Dubois', 'Mensah', 'Vandenbroucke', 'Haddad', 'Janssens', 'Lambert', 'Claes', 'Benali'];

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'binome-bench-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SESSION_SECRET: randomBytes(32).toString('hex') });
  const b = await startBinome(config, { hashCost: TEST_COST, inMemoryEngine: true, mailer: null, logger: pino({ level: 'silent' }) });
  const s = b.services;
  const now = s.clock.now();
  const user = async (name: string) =>
    s.repos.users.create({ email: `${randomBytes(6).toString('hex')}@example.org`, name, locale: 'fr', color: '#2457a6', passwordHash: null, isInstanceAdmin: false, createdAt: now });
  const admin = await user('Nadia Benali');
  const org = await s.organisations.create(admin._id, 'Duo for a Job Bruxelles');
  const lead = await user('Pieter De Smet');
  await s.repos.memberships.create({ organisationId: toId(org.id), userId: lead._id, role: 'coordinator', profile: {} as never, programmeIds: [], status: 'active', createdAt: now });
  const people = [];
  for (let i = 0; i < n; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    const u = await user(name);
    await s.repos.memberships.create({ organisationId: toId(org.id), userId: u._id, role: 'mentee', profile: {} as never, programmeIds: [], status: 'active', createdAt: now });
    people.push(u);
  }
  const cookie = async (id: typeof admin._id) => `binome_session=${(await s.sessions.create(id)).token}`;
  const input = workshopBody.parse({ title: 'Atelier CV', startsAt: now.toISOString(), locale: 'fr', templateId: 'cv_strengths' });
  let w = await s.workshops.create(toId(org.id), input, String(lead._id));
  w = await s.workshops.addParticipants(w, { userIds: people.map((p) => String(p._id)) });
  await s.workshopLive.start(w);
  const setup: BenchSetup = {
    port: b.port,
    workshopId: String(w._id),
    facilitator: { id: String(lead._id), cookie: await cookie(lead._id) },
    participants: await Promise.all(people.map(async (p) => ({ id: String(p._id), name: p.name, cookie: await cookie(p._id) }))),
    activities: w.activities.map((a) => a.kind)
  };
  process.send!({ type: 'ready', setup });
  process.on('message', async (m: ChildRequest) => {
    let result: unknown = null;
    if (m.cmd === 'cpu') {
      const u = process.cpuUsage();
      result = u.user + u.system;
    } else if (m.cmd === 'mem') {
      global.gc?.();
      const mem = process.memoryUsage();
      result = { rss: mem.rss, heapUsed: mem.heapUsed };
    } else if (m.cmd === 'stop') {
      await b.stop();
      process.send!({ type: 'reply', id: m.id, result: null });
      process.exit(0);
    }
    process.send!({ type: 'reply', id: m.id, result });
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
