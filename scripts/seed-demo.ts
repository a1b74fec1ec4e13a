// `npm run seed:demo`: fills the configured database with a realistic demo so a visitor can try each role.
// Without MONGODB_URI it opens the embedded engine on DATA_DIR: the app must not be running (it holds the lock).
// All people and the organisation are invented.
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfigOrExit } from '../server/config.ts';
import { toId, type MemberProfileDoc } from '../server/data/models.ts';
import { systemClock } from '../server/domain/clock.ts';
import { defaults } from '../server/domain/members.ts';
import type { Services } from '../server/domain/services.ts';
import { openDatabase, type Database } from '../server/wiring/database.ts';
import { wireServices } from '../server/wiring/services.ts';
import type { Locale, Role } from '../src/lib/shared/codes.ts';
import { MongoCollabPersistence } from '../server/data/collab-store.ts';
import { seedDemoCvs } from './demo-cvs.ts';

export const DEMO_PASSWORD = 'binome-demo-2026';
const DOMAIN = 'demo.binome.example';
const ORG = "Duo pour l'Emploi Bruxelles";

type Person = { name: string; locale: Locale; profile?: Partial<MemberProfileDoc> };
const mail = (name: string) =>
  `${name.toLowerCase().normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '')}@${DOMAIN}`;

const ADMIN: Person = { name: 'Sophie Lambert', locale: 'fr' };
const COORDINATORS: Person[] = [
  { name: 'Claire Dubois', locale: 'fr' },
  { name: 'Pieter Vermeulen', locale: 'nl' }
];
const MENTORS: Person[] = [
  { name: 'Jean-Marc Lefèvre', locale: 'fr', profile: { languages: ['fr', 'en'], sector: 'Logistique', targetJob: 'responsable entrepôt', commune: 'Anderlecht', availability: ['weekday_evening'], maxDuos: 2 } },
  { name: 'Annelies De Smet', locale: 'nl', profile: { languages: ['nl', 'fr', 'en'], sector: 'Finance', targetJob: 'comptable', commune: 'Etterbeek', availability: ['weekday_day'], maxDuos: 2 } },
  { name: 'Olivia Hughes', locale: 'en', profile: { languages: ['en', 'fr'], sector: 'IT', targetJob: 'développeur web', commune: 'Ixelles', availability: ['weekday_evening', 'weekend'], maxDuos: 3 } },
  { name: 'Karim Benali', locale: 'fr', profile: { languages: ['fr', 'ar'], sector: 'Vente', targetJob: 'vendeur', commune: 'Molenbeek-Saint-Jean', availability: ['weekend'], maxDuos: 2 } },
  { name: 'Wouter Claes', locale: 'nl', profile: { languages: ['nl', 'en'], sector: 'Bouw', targetJob: 'chef de chantier', commune: 'Jette', availability: ['weekday_day'], maxDuos: 1 } },
  { name: 'Isabelle Martin', locale: 'fr', profile: { languages: ['fr'], sector: 'Santé', targetJob: 'aide-soignant', commune: 'Schaerbeek', availability: ['weekday_evening'], maxDuos: 2 } },
  { name: 'David Thompson', locale: 'en', profile: { languages: ['en'], sector: 'Hôtellerie', targetJob: 'réceptionniste', commune: 'Bruxelles', availability: ['weekend'], maxDuos: 2 } },
  { name: 'Els Van den Broeck', locale: 'nl', profile: { languages: ['nl', 'fr'], sector: 'Administration', targetJob: 'assistant administratif', commune: 'Uccle', availability: ['weekday_day', 'weekday_evening'], maxDuos: 2 } },
  { name: 'Thomas Renard', locale: 'fr', profile: { languages: ['fr', 'nl'], sector: 'IT', targetJob: 'technicien support', commune: 'Saint-Gilles', availability: ['weekday_evening'], maxDuos: 2 } },
  { name: 'Fatima Zahra Alaoui', locale: 'fr', profile: { languages: ['fr', 'ar', 'en'], sector: 'Finance', targetJob: 'aide-comptable', commune: 'Schaerbeek', availability: ['weekend'], maxDuos: 2 } }
];
const MENTEES: Person[] = [
  { name: 'Aminata Diallo', locale: 'fr', profile: { languages: ['fr'], sector: 'Santé', targetJob: 'aide-soignante', commune: 'Schaerbeek', availability: ['weekday_evening'] } },
  { name: 'Youssef El Amrani', locale: 'fr', profile: { languages: ['fr', 'ar'], sector: 'Logistique', targetJob: 'magasinier', commune: 'Anderlecht', availability: ['weekday_evening', 'weekend'] } },
  { name: 'Sanne Peeters', locale: 'nl', profile: { languages: ['nl', 'en'], sector: 'Administration', targetJob: 'administratief medewerker', commune: 'Jette', availability: ['weekday_day'] } },
  { name: 'Grace Okafor', locale: 'en', profile: { languages: ['en'], sector: 'IT', targetJob: 'développeur web', commune: 'Ixelles', availability: ['weekend'] } },
  { name: 'Mehmet Yilmaz', locale: 'fr', profile: { languages: ['fr', 'nl'], sector: 'Vente', targetJob: 'vendeur', commune: 'Saint-Josse-ten-Noode', availability: ['weekend'] } },
  { name: 'Julie Lambotte', locale: 'fr', profile: { languages: ['fr'], sector: 'Finance', targetJob: 'comptable', commune: 'Etterbeek', availability: ['weekday_day'] } },
  { name: 'Jonas Maes', locale: 'nl', profile: { languages: ['nl', 'fr'], sector: 'Bouw', targetJob: 'bouwvakker', commune: 'Laken', availability: ['weekday_day'] } },
  { name: 'Nadia Haddad', locale: 'fr', profile: { languages: ['fr', 'ar', 'en'], sector: 'Hôtellerie', targetJob: 'réceptionniste', commune: 'Bruxelles', availability: ['weekend', 'weekday_evening'] } },
  { name: 'Samuel Mensah', locale: 'en', profile: { languages: ['en', 'fr'], sector: 'IT', targetJob: 'technicien support', commune: 'Saint-Gilles', availability: ['weekday_evening'] } },
  { name: 'Lotte Wuyts', locale: 'nl', profile: { languages: ['nl'], sector: 'Finance', targetJob: 'boekhouder', commune: 'Evere', availability: ['weekday_day'] } }
];
/** [mentor index, mentee index, programme index, status] */
const DUOS: [number, number, number, 'active' | 'paused' | 'completed'][] = [
  [5, 0, 0, 'active'],
  [0, 1, 0, 'active'],
  [7, 2, 0, 'active'],
  [2, 3, 0, 'active'],
  [3, 4, 0, 'paused'],
  [1, 5, 0, 'completed'],
  [8, 8, 1, 'active']
];

async function main() {
  const config = loadConfigOrExit(process.env);
  let db: Database;
  try {
    db = await openDatabase(config, { logger: pino({ level: 'warn' }, pino.destination(2)) });
  } catch (err) {
    const msg = (err as Error).message;
    if (!config.mongodbUri && /in use|lock/i.test(msg)) {
      console.error(`\nThe database in ${join(config.dataDir, 'db')} is in use: Binôme (npm start) is probably running.\nStop it, run \`npm run seed:demo\` again, then start it.\n\n(${msg})`);
      process.exit(3);
    }
    throw err;
  }
  try {
    const { services } = wireServices(config, db, {
      clock: systemClock,
      publicOrigin: () => config.publicUrl ?? 'http://localhost:3000',
      mailer: null,
      log: () => {}
    });
    const cvStore = new MongoCollabPersistence(db.connection);
    await cvStore.init();
    await seed(services, cvStore);
  } finally {
    await db.close();
  }
}

async function seed(s: Services, cvStore: MongoCollabPersistence) {
  const accounts: [string, string, string][] = [];
  if (await s.repos.users.findByEmail(mail(ADMIN.name))) {
    console.log(`The demo is already there (${mail(ADMIN.name)} exists). Accounts:`);
  } else {
    const firstRun = await s.accounts.setupNeeded();
    // On an empty instance the demo admin is the instance admin too (as after the first-run setup).
    const admin = firstRun
      ? await s.accounts.setup({ organisationName: ORG, name: ADMIN.name, email: mail(ADMIN.name), password: DEMO_PASSWORD, locale: ADMIN.locale })
      : await s.accounts.createUser({ name: ADMIN.name, email: mail(ADMIN.name), password: DEMO_PASSWORD, locale: ADMIN.locale });
    const orgId = firstRun
      ? (await s.repos.memberships.activeForUser(admin._id))[0].organisationId
      : toId((await s.organisations.create(admin._id, ORG, ADMIN.locale)).id);
    const p1 = await s.programmes.create(orgId, {
      name: 'Printemps 2026 — Bruxelles',
      startDate: '2026-03-01',
      endDate: '2026-08-31',
      meetingsPerMonth: 2,
      months: 6,
      languages: ['fr', 'nl', 'en'],
      status: 'active'
    });
    const p2 = await s.programmes.create(orgId, {
      name: 'Automne 2026 — Tech & Talents',
      startDate: '2026-09-15',
      endDate: '2027-03-15',
      meetingsPerMonth: 2,
      months: 6,
      languages: ['fr', 'en'],
      partnerCompany: 'Brussels Tech Partners',
      status: 'active'
    });
    const programmes = [p1.id, p2.id];
    const add = async (p: Person, role: Role, programmeIds: string[]) => {
      const u = await s.accounts.createUser({ name: p.name, email: mail(p.name), password: DEMO_PASSWORD, locale: p.locale });
      await s.repos.memberships.create({
        organisationId: orgId,
        userId: u._id,
        role,
        profile: { ...defaults(), languages: [p.locale], ...p.profile },
        programmeIds: programmeIds.map(toId),
        status: 'active',
        createdAt: s.clock.now()
      });
      return String(u._id);
    };
    for (const c of COORDINATORS) await add(c, 'coordinator', []);
    const mentorIds: string[] = [];
    for (const [i, m] of MENTORS.entries()) mentorIds.push(await add(m, 'mentor', i >= 8 ? programmes : [p1.id]));
    const menteeIds: string[] = [];
    for (const [i, m] of MENTEES.entries()) menteeIds.push(await add(m, 'mentee', [programmes[i >= 8 ? 1 : 0]]));
    const created: { id: string; menteeName: string }[] = [];
    for (const [mi, ei, pi, status] of DUOS) {
      const prog = (await s.repos.programmes.findById(toId(programmes[pi])))!;
      const duo = await s.duos.create(prog, mentorIds[mi], menteeIds[ei]);
      if (status !== 'active') await s.duos.update((await s.repos.duos.findById(toId(duo.id)))!, status);
      created.push({ id: duo.id, menteeName: MENTEES[ei].name });
    }
    await seedDemoCvs(cvStore, created);
    console.log(`Demo organisation "${ORG}" created with 2 programmes, ${DUOS.length} duos. Accounts:`);
  }
  accounts.push([mail(ADMIN.name), 'admin', ADMIN.name]);
  for (const c of COORDINATORS) accounts.push([mail(c.name), 'coordinator', c.name]);
  for (const [i, m] of MENTORS.entries()) accounts.push([mail(m.name), 'mentor', `${m.name}${DUOS.some((d) => d[0] === i) ? '' : ' (no duo yet)'}`]);
  for (const [i, m] of MENTEES.entries()) accounts.push([mail(m.name), 'mentee', `${m.name}${DUOS.some((d) => d[1] === i) ? '' : ' (to be paired)'}`]);
  const w = Math.max(...accounts.map((a) => a[0].length));
  console.log(`\n  Password for every demo account: ${DEMO_PASSWORD}\n`);
  for (const [email, role, name] of accounts) console.log(`  ${email.padEnd(w)}  ${role.padEnd(11)}  ${name}`);
  console.log('');
}

await main();
