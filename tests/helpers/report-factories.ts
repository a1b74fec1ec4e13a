// Test data for programme reports: meetings held and check-ins through the meetings services, workshops through
// the workshop services, and outcomes, reporting answers and partner companies straight into the reports'
// models (their recording routes belong to other parts of issue 13).
import type { Connection } from 'mongoose';
import type { OutcomeMoment, OutcomeSituation } from '../../src/lib/shared/reports/outcomes.ts';
import type { ReportingAnswers, ReportingField } from '../../src/lib/shared/reports/reporting-fields.ts';
import { toId, type DuoDoc } from '../../server/data/models.ts';
import type { ReportsStore } from '../../server/data/reports-store.ts';
import type { ManualClock } from '../../server/domain/clock.ts';
import type { Services } from '../../server/domain/services.ts';

/** The reports' models as the app registered them on its connection. */
export function reportsStoreOf(conn: Connection): ReportsStore {
  return {
    outcomes: conn.model('Outcome') as ReportsStore['outcomes'],
    reportingSettings: conn.model('ReportingSettings') as ReportsStore['reportingSettings'],
    reportingProfiles: conn.model('ReportingProfile') as ReportsStore['reportingProfiles'],
    partnerCompanies: conn.model('PartnerCompany') as ReportsStore['partnerCompanies']
  };
}

/** A meeting on `date` at 10:00 (Brussels), marked held at noon that day with `minutes` actually spent. */
export async function heldMeeting(s: Services, clock: ManualClock, duo: DuoDoc, byUserId: string, date: string, o: { planned?: number; actual?: number | null } = {}) {
  const before = clock.now();
  clock.set(new Date(`${date}T06:00:00Z`));
  const m = await s.meetings.meetings.schedule(duo, byUserId, { date, time: '10:00', durationMinutes: o.planned ?? 60, mode: 'in_person', place: 'Rue Haute 12, Bruxelles' });
  clock.set(new Date(`${date}T12:00:00Z`));
  const doc = (await s.meetings.meetings.find(m.id))!;
  await s.meetings.meetings.markHeld(duo, doc, o.actual ?? o.planned ?? 60);
  clock.set(before);
  return (await s.meetings.meetings.find(m.id))!;
}

/** A meeting of `duo` on `date` that is still planned (it counts nowhere in the figures). */
export async function plannedMeeting(s: Services, clock: ManualClock, duo: DuoDoc, byUserId: string, date: string) {
  const before = clock.now();
  clock.set(new Date(`${date}T00:00:00Z`).getTime() - 86_400_000);
  const m = await s.meetings.meetings.schedule(duo, byUserId, { date, time: '10:00', durationMinutes: 60, mode: 'video', videoUrl: 'https://meet.example.org/binome' });
  clock.set(before);
  return m;
}

/** One side's check-in after a held meeting, given on `at`. */
export async function checkin(s: Services, clock: ManualClock, duo: DuoDoc, meetingId: string, userId: string, score: number, at: string, comment = '') {
  const before = clock.now();
  clock.set(new Date(at));
  const meeting = (await s.meetings.meetings.find(meetingId))!;
  await s.meetings.agreement.checkin(duo, meeting, userId, score, comment);
  clock.set(before);
}

export async function outcome(store: ReportsStore, duo: DuoDoc, moment: OutcomeMoment, situation: OutcomeSituation, o: { date?: string; recordedBy?: string | null } = {}) {
  await store.outcomes.create({
    organisationId: duo.organisationId,
    programmeId: duo.programmeId,
    duoId: duo._id,
    menteeId: duo.menteeId,
    moment,
    situation,
    contractType: situation === 'job' ? 'permanent' : null,
    date: o.date ?? '2026-06-30',
    source: o.recordedBy ? 'coordinator' : 'mentee_form',
    recordedBy: o.recordedBy ? toId(o.recordedBy) : null,
    recordedAt: new Date(),
    history: []
  });
}

export async function reportingSettings(store: ReportsStore, orgId: string, enabled: ReportingField[], options: Partial<Record<ReportingField, { code: string; label: string }[]>> = {}) {
  await store.reportingSettings.create({
    organisationId: toId(orgId),
    fields: (['ageBand', 'gender', 'region', 'educationLevel', 'background'] as const).map((field) => ({ field, enabled: enabled.includes(field), options: options[field] ?? [] })),
    updatedAt: new Date()
  });
}

export async function reportingAnswers(store: ReportsStore, orgId: string, userId: string, answers: ReportingAnswers) {
  await store.reportingProfiles.create({ organisationId: toId(orgId), userId: toId(userId), answers, updatedAt: new Date() });
}

/** A partner company, and mentors' memberships moved into it. */
export async function partnerCompany(s: Services, store: ReportsStore, orgId: string, name: string, mentorMembershipIds: string[] = []) {
  const c = await store.partnerCompanies.create({ organisationId: toId(orgId), name, createdAt: new Date() });
  for (const id of mentorMembershipIds) await s.repos.memberships.update(toId(id), { companyId: c._id });
  return { id: String(c._id), name };
}

/** A workshop of `programmeId` on `startsAt` with these participants, the present ones marked, then ended. */
export async function endedWorkshop(s: Services, clock: ManualClock, o: { orgId: string; programmeId: string | null; by: string; startsAt: string; present: string[]; absent: string[] }) {
  const before = clock.now();
  clock.set(new Date(new Date(o.startsAt).getTime() - 86_400_000));
  let w = await s.workshops.create(toId(o.orgId), { title: 'Préparer un entretien', description: '', programmeId: o.programmeId, startsAt: o.startsAt, durationMinutes: 120, place: '', videoUrl: '', locale: 'fr', templateId: 'blank' }, o.by);
  w = await s.workshops.addParticipants(w, { userIds: [...o.present, ...o.absent] });
  clock.set(new Date(o.startsAt));
  await s.workshopLive.start(w);
  for (const id of o.present) w = await s.workshops.setAttendance(w, id, true);
  w = await s.workshopLive.end(await s.workshops.load(w._id));
  clock.set(before);
  return w;
}
