// Test data for partner companies and the umbrella view (issue 13), through the real services wherever one
// exists: held meetings, ended duos, ended workshops with attendance, companies and who belongs to them.
import { toId } from '../../server/data/models.ts';
import type { Services } from '../../server/domain/services.ts';
import type { OutcomeSituation } from '../../src/lib/shared/reports/outcomes.ts';
import { workshopBody } from '../../src/lib/shared/workshops/schemas.ts';
import type { TestServer } from './server.ts';

/** A meeting of the duo that took place `daysAgo` days ago and was marked held, lasting `minutes` (default: as planned). */
export async function heldMeeting(s: Services, duoId: string, by: string, o: { planned?: number; minutes?: number; daysAgo?: number } = {}) {
  const duo = (await s.repos.duos.findById(toId(duoId)))!;
  const date = new Date(s.clock.now().getTime() - (o.daysAgo ?? 1) * 86_400_000).toISOString().slice(0, 10);
  const v = await s.meetings.meetings.schedule(duo, by, { date, time: '10:00', durationMinutes: o.planned ?? 60, mode: 'in_person', place: 'Maison de quartier' });
  const m = (await s.meetings.meetings.find(v.id))!;
  await s.meetings.meetings.markHeld(duo, m, o.minutes ?? m.durationMinutes);
  return v.id;
}

export async function missedMeeting(s: Services, duoId: string, by: string) {
  const duo = (await s.repos.duos.findById(toId(duoId)))!;
  const date = new Date(s.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
  const v = await s.meetings.meetings.schedule(duo, by, { date, time: '18:00', durationMinutes: 60, mode: 'video', videoUrl: 'https://meet.jit.si/duo' });
  await s.meetings.meetings.markMissed(duo, (await s.meetings.meetings.find(v.id))!);
}

export async function endDuo(s: Services, duoId: string, status: 'completed' | 'ended_early' | 'paused') {
  const duo = (await s.repos.duos.findById(toId(duoId)))!;
  return s.duos.update(duo, status, status === 'ended_early' ? 'A trouvé un emploi ailleurs' : undefined);
}

/** An ended workshop of the organisation, with its facilitators and who was present or absent. */
export async function endedWorkshop(s: Services, o: { orgId: string; by: string; facilitators: string[]; present: string[]; absent?: string[] }) {
  const input = workshopBody.parse({ title: 'Atelier entretien', startsAt: '2026-11-10T09:30:00.000Z', locale: 'fr', templateId: 'cv_strengths' });
  let w = await s.workshops.create(toId(o.orgId), input, o.by);
  w = await s.workshops.addParticipants(w, { userIds: [...o.present, ...(o.absent ?? [])] });
  if (o.facilitators.length) w = await s.workshops.setFacilitators(w, o.facilitators);
  for (const id of o.present) w = await s.workshops.setAttendance(w, id, true);
  await s.workshopLive.start(w);
  return s.workshopLive.end(await s.workshops.load(w._id));
}

export async function company(s: Services, orgId: string, name: string) {
  return s.partners.create(toId(orgId), name);
}

export async function attach(s: Services, membershipId: string, companyId: string | null) {
  return s.partners.setMemberCompany((await s.repos.memberships.findById(toId(membershipId)))!, companyId);
}

/**
 * The mentee's situation at the end of the duo, stored as the outcomes' store keeps it (the recording service is
 * issue 13's outcomes part; this writes the same document).
 */
export async function endOutcome(t: TestServer, duoId: string, situation: OutcomeSituation) {
  const duo = (await t.services.repos.duos.findById(toId(duoId)))!;
  await t.binome.connection.model('Outcome').create({
    organisationId: duo.organisationId,
    programmeId: duo.programmeId,
    duoId: duo._id,
    menteeId: duo.menteeId,
    moment: 'end',
    situation,
    contractType: situation === 'job' ? 'permanent' : null,
    date: '2026-10-01',
    source: 'coordinator',
    recordedBy: null,
    recordedAt: t.clock.now(),
    history: []
  });
}
