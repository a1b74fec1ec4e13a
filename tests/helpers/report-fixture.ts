// A programme whose every figure is known (issue 13), for the reports' integration and end-to-end tests: duos in
// every state, meetings held (one before the period, one with no actual length), check-ins with comments that
// must never come out, a workshop's attendance, outcomes, reporting answers and a partner company, and another
// organisation's duo that must never count. The expected figures are written out in tests/integration/reports.test.ts.
import type { DuoDoc } from '../../server/data/models.ts';
import { toId } from '../../server/data/models.ts';
import { addMember, createDuo, createOrganisation, createProgramme, type TestUser } from './factories.ts';
import { checkin, endedWorkshop, heldMeeting, outcome, partnerCompany, plannedMeeting, reportingAnswers, reportingSettings, reportsStoreOf } from './report-factories.ts';
import type { TestServer } from './server.ts';

export const NOTE = 'Mon responsable m’a humiliée en réunion';
export type Key = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G';
type Member = TestUser & { membershipId: string };
export type SeededDuo = DuoDoc & { mentor: Member; mentee: Member };

export async function seedReportProgramme(t: TestServer) {
  const at = (iso: string) => t.clock.set(new Date(iso));
  const duos = {} as Record<Key, SeededDuo>;
  const people: TestUser[] = [];
  const s = t.services;
  const store = reportsStoreOf(t.binome.connection);
  at('2025-09-01T08:00:00Z');
  const org = await createOrganisation(s, 'Duo for a Job Bruxelles');
  const orgId = org.id;
  const coordinator = await addMember(s, orgId, 'coordinator', { name: 'Nathalie Dubois' });
  const spring = await createProgramme(s, orgId, { name: 'Printemps 2026', meetingsPerMonth: 2, months: 6 });
  const autumn = await createProgramme(s, orgId, { name: 'Automne 2026', meetingsPerMonth: 1, months: 6 });
  const names: [Key, string, string, string, string][] = [
    ['A', spring.id, 'Pieter Janssens', 'Fatima El Amrani', '2026-02-01'],
    ['B', spring.id, 'Claire Moreau', 'Youssef Benali', '2026-02-01'],
    ['C', spring.id, 'Jonas Peeters', 'Mariam Diallo', '2026-03-01'],
    ['D', spring.id, 'Emily Carter', 'Kofi Mensah', '2026-03-01'],
    ['E', spring.id, 'Sophie Lambert', 'Ahmed Haddad', '2025-10-01'],
    ['F', spring.id, 'Thomas Wouters', 'Leila Mansouri', '2025-11-01'],
    ['G', autumn.id, 'Lucas Maes', 'Amina Touré', '2026-09-01']
  ];
  for (const [key, programmeId, mentorName, menteeName, start] of names) {
    const mentor = await addMember(s, orgId, 'mentor', { name: mentorName, programmeIds: [programmeId] });
    const mentee = await addMember(s, orgId, 'mentee', { name: menteeName, programmeIds: [programmeId] });
    at(`${start}T09:00:00Z`);
    const view = await createDuo(s, programmeId, mentor.id, mentee.id);
    duos[key] = { ...(await s.repos.duos.findById(toId(view.id)))!, mentor, mentee };
    people.push(mentor, mentee);
  }
  const held = (k: Key, date: string, o?: { planned?: number; actual?: number | null }) => heldMeeting(s, t.clock, duos[k], duos[k].mentor.id, date, o);
  // A: twelve meetings every two weeks (the first one longer than planned), completed on 1 August.
  const aDates = ['02-10', '02-24', '03-10', '03-24', '04-07', '04-21', '05-05', '05-19', '06-02', '06-16', '06-30', '07-14'];
  const aFirst = await held('A', '2026-02-10', { planned: 60, actual: 90 });
  for (const d of aDates.slice(1)) await held('A', `2026-${d}`);
  // B: three meetings, then stopped early on 1 April.
  for (const d of ['02-12', '02-26', '03-12']) await held('B', `2026-${d}`);
  // C: six meetings, the last on 30 November: still running.
  const cFirst = await held('C', '2026-03-10');
  for (const d of ['03-24', '04-07', '04-21', '05-05', '11-30']) await held('C', `2026-${d}`);
  // D: none held, one planned after today (counts nowhere): flagged inactive.
  await plannedMeeting(s, t.clock, duos.D, duos.D.mentor.id, '2027-01-12');
  // E: ran and ended in 2025, before the period.
  const eFirst = await held('E', '2025-10-15');
  await held('E', '2025-11-15');
  // F: one meeting in 2025, one in January whose actual length was never recorded (its planned 45 minutes count).
  await held('F', '2025-12-01');
  const fJanuary = await held('F', '2026-01-15', { planned: 45 });
  await t.binome.connection.collection('meetings').updateOne({ _id: fJanuary._id }, { $set: { actualMinutes: null } });
  // G (autumn programme, plan 6): six meetings, the last five days ago.
  for (const d of ['09-08', '09-22', '10-06', '10-20', '11-03', '12-10']) await held('G', `2026-${d}`);

  // Check-ins: February 4 and 5, March 2 and 3; E's of 2025 stays out.
  await checkin(s, t.clock, duos.A, String(aFirst._id), duos.A.mentee.id, 4, '2026-02-10T13:00:00Z', NOTE);
  await checkin(s, t.clock, duos.A, String(aFirst._id), duos.A.mentor.id, 5, '2026-02-10T14:00:00Z');
  await checkin(s, t.clock, duos.C, String(cFirst._id), duos.C.mentee.id, 2, '2026-03-15T10:00:00Z', NOTE);
  await checkin(s, t.clock, duos.C, String(cFirst._id), duos.C.mentor.id, 3, '2026-03-15T11:00:00Z');
  await checkin(s, t.clock, duos.E, String(eFirst._id), duos.E.mentee.id, 1, '2025-10-16T10:00:00Z');

  at('2025-12-20T10:00:00Z');
  await s.duos.update(duos.E, 'completed', '');
  at('2026-04-01T10:00:00Z');
  await s.duos.update(duos.B, 'ended_early', 'Déménagement à Liège');
  at('2026-08-01T10:00:00Z');
  await s.duos.update(duos.A, 'completed', '');
  at('2026-10-01T10:00:00Z');
  await s.duos.update(duos.F, 'paused', '');

  // Outcomes: at the end A in a job, B still searching; at 6 months A in training, F in an internship; E's (2025) out.
  await outcome(store, duos.A, 'end', 'job', { recordedBy: coordinator.id });
  await outcome(store, duos.B, 'end', 'searching');
  await outcome(store, duos.A, 'month_6', 'training', { recordedBy: coordinator.id });
  await outcome(store, duos.F, 'month_6', 'internship');
  await outcome(store, duos.E, 'end', 'training');

  // The organisation collects the age band and the region (its own list, one label shaped like a formula);
  // a gender answer stored from before must not come out.
  await reportingSettings(store, orgId, ['ageBand', 'region'], { region: [{ code: 'bru', label: 'Bruxelles-Capitale' }, { code: 'odd', label: '=HYPERLINK("http://evil.example")' }] });
  await reportingAnswers(store, orgId, duos.A.mentee.id, { ageBand: '26_35', region: 'bru', gender: 'woman' });
  await reportingAnswers(store, orgId, duos.B.mentee.id, { ageBand: 'under_26', region: 'odd' });

  // The mentors of C and G volunteer through the Brussels transport company.
  const stib = await partnerCompany(s, store, orgId, 'STIB-MIVB', [duos.C.mentor.membershipId, duos.G.mentor.membershipId]);
  
  // A workshop of the spring programme in April: 4 invited, 3 present (C's mentor among them); one in 2025 stays out.
  await endedWorkshop(s, t.clock, { orgId, programmeId: spring.id, by: coordinator.id, startsAt: '2026-04-10T09:00:00.000Z', present: [duos.A.mentee.id, duos.C.mentee.id, duos.C.mentor.id], absent: [duos.B.mentee.id] });
  await endedWorkshop(s, t.clock, { orgId, programmeId: spring.id, by: coordinator.id, startsAt: '2025-10-20T09:00:00.000Z', present: [duos.E.mentee.id], absent: [] });

  // Another organisation's duo, fully held, must never count.
  const other = await createOrganisation(s, 'Team4Job Liège');
    const op = await createProgramme(s, other.id, { name: 'Printemps 2026' });
  const om = await addMember(s, other.id, 'mentor', { name: 'Hugo Lemaire', programmeIds: [op.id] });
  const oe = await addMember(s, other.id, 'mentee', { name: 'Inès Bouzid', programmeIds: [op.id] });
  at('2026-02-01T09:00:00Z');
  const ov = await createDuo(s, op.id, om.id, oe.id);
  await heldMeeting(s, t.clock, (await s.repos.duos.findById(toId(ov.id)))!, om.id, '2026-02-10');

  return { orgId, otherOrgId: other.id, springId: spring.id, autumnId: autumn.id, stibId: stib.id, coordinator, duos, people };
}
