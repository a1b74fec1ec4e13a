// Meetings through the real routes: planning the six months in one step (on Brussels' wall clock across the
// change to summer time), scheduling, rescheduling, cancelling with a reason, held and missed, what a coordinator
// sees (metadata only), each meeting's .ics, the private calendar feed (a token, revocable) and the reminders the
// day before (the scheduler's run with the test's clock).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingMetaView, MeetingView } from '../../src/lib/shared/meetings.ts';
import { DAY, HOUR, MINUTE } from '../../server/domain/clock.ts';
import { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
let duoId: string;
let otherDuoId: string;
let mentor: TestClient;
let mentee: TestClient;
let coordinator: TestClient;
let otherMentor: TestClient;

const IXELLES = { mode: 'in_person', place: 'Maison de l’emploi, Ixelles' } as const;

beforeAll(async () => {
  t = await startTestServer({ mail: true });
  // Tuesday 10 March 2026, 09:00 in Brussels (winter time, UTC+1).
  t.clock.set(new Date('2026-03-10T08:00:00Z'));
  const s = t.services;
  const org = await createOrganisation(s, 'Duo for a Job Bruxelles');
  const p = await createProgramme(s, org.id, { name: 'Printemps 2026' });
  const m = await addMember(s, org.id, 'mentor', { name: 'Pieter Janssens', programmeIds: [p.id], locale: 'nl' });
  const e = await addMember(s, org.id, 'mentee', { name: 'Amina El Idrissi', programmeIds: [p.id] });
  const c = await addMember(s, org.id, 'coordinator', { name: 'Claire Dubois' });
  const m2 = await addMember(s, org.id, 'mentor', { name: 'Grace Okafor', programmeIds: [p.id], locale: 'en' });
  const e2 = await addMember(s, org.id, 'mentee', { name: 'Youssef Benali', programmeIds: [p.id] });
  duoId = (await createDuo(s, p.id, m.id, e.id)).id;
  otherDuoId = (await createDuo(s, p.id, m2.id, e2.id)).id;
  people = [m, e, c, m2];
  await logIn();
});
let people: { email: string; password: string }[] = [];
/** Sessions expire as the clock moves by weeks: everyone logs in again, as they would. */
async function logIn() {
  [mentor, mentee, coordinator, otherMentor] = await Promise.all(people.map((u) => loginAs(t.url, u)));
}
async function at(instant: string | number) {
  t.clock.set(new Date(instant));
  await logIn();
}
afterAll(async () => t?.stop());

const list = async (who: TestClient, id = duoId) => (await who.get(`/api/duos/${id}/meetings`)).body as MeetingView[];

describe('planning the six months', () => {
  it('creates twelve meetings two weeks apart, at the same time in Brussels across the change to summer time', async () => {
    const r = await mentee.post(`/api/duos/${duoId}/meetings/plan`, { date: '2026-03-17', time: '18:00', durationMinutes: 60, ...IXELLES });
    expect(r.status).toBe(201);
    const plan = r.body as MeetingView[];
    expect(plan).toHaveLength(12);
    expect(plan.map((m) => m.date)).toEqual([
      '2026-03-17', '2026-03-31', '2026-04-14', '2026-04-28', '2026-05-12', '2026-05-26',
      '2026-06-09', '2026-06-23', '2026-07-07', '2026-07-21', '2026-08-04', '2026-08-18'
    ]);
    expect(plan.every((m) => m.time === '18:00' && m.status === 'planned' && m.place === IXELLES.place)).toBe(true);
    // 18:00 is 17:00 UTC in winter and 16:00 UTC once summer time starts (29 March 2026).
    expect(plan[0].startsAt).toBe('2026-03-17T17:00:00.000Z');
    expect(plan[1].startsAt).toBe('2026-03-31T16:00:00.000Z');
    expect(plan.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('refuses what does not make a meeting, naming the field, and changes nothing', async () => {
    const cases: [object, string][] = [
      [{ date: '2026-03-20', time: '18:00', durationMinutes: 60, mode: 'in_person' }, 'place'],
      [{ date: '2026-03-20', time: '18:00', durationMinutes: 60, mode: 'video', videoUrl: 'http://meet.example.org/x' }, 'videoUrl'],
      [{ date: '2026-03-20', time: '18:00', durationMinutes: 60, mode: 'video' }, 'videoUrl'],
      [{ date: '2026-03-20', time: '25:00', durationMinutes: 60, ...IXELLES }, 'time'],
      [{ date: '20/03/2026', time: '18:00', durationMinutes: 60, ...IXELLES }, 'date'],
      [{ date: '2026-03-20', time: '18:00', durationMinutes: 5, ...IXELLES }, 'durationMinutes'],
      [{ date: '2026-03-20', time: '18:00', durationMinutes: 60, ...IXELLES, organisationId: 'x' }, 'organisationId'],
      [{ date: '2026-03-20', time: '18:00', durationMinutes: 60, mode: 'phone', place: 'x' }, 'mode']
    ];
    for (const [body, field] of cases) {
      const r = await mentor.post(`/api/duos/${duoId}/meetings`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.field).toBe(field);
    }
    expect(await list(mentor)).toHaveLength(12);
  });

  it('schedules one more meeting by video', async () => {
    const r = await mentor.post(`/api/duos/${duoId}/meetings`, { date: '2026-03-12', time: '12:30', durationMinutes: 45, mode: 'video', videoUrl: 'https://meet.jit.si/binome-amina' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ date: '2026-03-12', time: '12:30', mode: 'video', videoUrl: 'https://meet.jit.si/binome-amina', place: '', number: 1 });
    // Numbers follow dates: the new meeting comes first.
    expect((await list(mentee)).map((m) => m.number).slice(0, 3)).toEqual([1, 2, 3]);
  });
});

describe('who sees and does what', () => {
  it('shows coordinators when, how long and whether held, never where, the link or reasons', async () => {
    const seen = (await coordinator.get(`/api/duos/${duoId}/meetings`)).body as MeetingMetaView[];
    expect(seen).toHaveLength(13);
    const text = JSON.stringify(seen);
    expect(text).not.toContain('Ixelles');
    expect(text).not.toContain('jit.si');
    expect(Object.keys(seen[0]).sort()).toEqual(['actualMinutes', 'duoId', 'durationMinutes', 'id', 'number', 'startsAt', 'status']);
  });

  it('lets only the duo schedule and change, and nobody outside it know the meetings', async () => {
    const body = { date: '2026-03-20', time: '10:00', durationMinutes: 60, ...IXELLES };
    expect((await coordinator.post(`/api/duos/${duoId}/meetings`, body)).status).toBe(403);
    expect((await otherMentor.post(`/api/duos/${duoId}/meetings`, body)).status).toBe(404);
    expect((await otherMentor.get(`/api/duos/${duoId}/meetings`)).status).toBe(404);
    const first = (await list(mentor))[0];
    expect((await coordinator.post(`/api/meetings/${first.id}/cancel`, { reason: 'x' })).status).toBe(403);
    expect((await otherMentor.patch(`/api/meetings/${first.id}`, { time: '09:00' })).status).toBe(404);
    expect((await coordinator.get(`/api/meetings/${first.id}/calendar.ics`)).status).toBe(403);
    expect((await mentor.get(`/api/meetings/${'0'.repeat(24)}/calendar.ics`)).status).toBe(404);
    expect((await list(mentor))[0]).toMatchObject({ status: 'planned', time: '12:30' });
  });
});

describe('a meeting’s life', () => {
  it('reschedules a planned meeting, and its .ics tells calendars it changed', async () => {
    const first = (await list(mentor))[0];
    const before = (await mentee.get(`/api/meetings/${first.id}/calendar.ics`)).body as string;
    expect(before).toContain('SEQUENCE:0');
    const r = await mentee.patch(`/api/meetings/${first.id}`, { date: '2026-03-13', time: '14:00', mode: 'in_person', place: 'Bibliothèque de Schaerbeek' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ date: '2026-03-13', time: '14:00', startsAt: '2026-03-13T13:00:00.000Z', place: 'Bibliothèque de Schaerbeek', videoUrl: '' });
    const ics = await mentee.get(`/api/meetings/${first.id}/calendar.ics`);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const text = ics.body as string;
    expect(text).toContain('SEQUENCE:1');
    expect(text).toContain('DTSTART:20260313T130000Z');
    expect(text).toContain('LOCATION:Bibliothèque de Schaerbeek');
    // In the mentee's language (French), naming the mentor.
    expect(text).toContain('SUMMARY:Binôme : réunion avec Pieter Janssens');
    expect((await mentee.patch(`/api/meetings/${first.id}`, { mode: 'video' })).body.error.field).toBe('videoUrl');
  });

  it('cancels only with a reason, once, and the numbers close up', async () => {
    const [first, second] = await list(mentor);
    expect((await mentor.post(`/api/meetings/${second.id}/cancel`, {})).body.error.field).toBe('reason');
    const r = await mentor.post(`/api/meetings/${second.id}/cancel`, { reason: 'Entretien d’embauche d’Amina ce jour-là' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'cancelled', cancelReason: 'Entretien d’embauche d’Amina ce jour-là', number: null });
    expect((await mentor.post(`/api/meetings/${second.id}/cancel`, { reason: 'again' })).status).toBe(409);
    expect((await mentor.patch(`/api/meetings/${second.id}`, { time: '10:00' })).status).toBe(409);
    const after = await list(mentor);
    expect(after[0].id).toBe(first.id);
    expect(after[2].number).toBe(2);
  });

  it('marks a meeting held (with the time it took) or missed only once it has started', async () => {
    const [first, , third] = await list(mentor);
    expect((await mentor.post(`/api/meetings/${first.id}/held`, { actualMinutes: 55 })).status).toBe(409);
    await at('2026-03-13T14:05:00Z');
    expect((await mentor.post(`/api/meetings/${first.id}/held`, { actualMinutes: 0 })).body.error.field).toBe('actualMinutes');
    const held = await mentor.post(`/api/meetings/${first.id}/held`, { actualMinutes: 55 });
    expect(held.body).toMatchObject({ status: 'held', actualMinutes: 55 });
    expect((await mentee.post(`/api/meetings/${first.id}/missed`)).status).toBe(409);
    // The second was cancelled above: the third is on 31 March at 18:00 (16:00 UTC).
    await at('2026-03-31T16:30:00Z');
    expect((await mentee.post(`/api/meetings/${third.id}/missed`)).body).toMatchObject({ status: 'missed' });
    const seen = (await coordinator.get(`/api/duos/${duoId}/meetings`)).body as MeetingMetaView[];
    expect(seen[0]).toMatchObject({ status: 'held', actualMinutes: 55 });
  });
});

describe('the private calendar feed', () => {
  it('is made, read by its token alone, replaced and revoked', async () => {
    expect((await mentee.get('/api/me/calendar-feed')).body).toEqual({ active: false, createdAt: null });
    const made = await mentee.post('/api/me/calendar-feed');
    expect(made.status).toBe(201);
    const url = made.body.url as string;
    expect(url).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect((await mentee.get('/api/me/calendar-feed')).body).toMatchObject({ active: true });
    expect((await mentee.get('/api/me/calendar-feed')).body.url).toBeUndefined();

    // A calendar app: no cookie, no Origin.
    const app = new TestClient(t.url, null);
    const path = new URL(url).pathname;
    const feed = await app.get(path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const text = feed.body as string;
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(13);
    expect(text.match(/STATUS:CANCELLED/g)).toHaveLength(1);
    expect(text).not.toContain('Grace Okafor');

    const renewed = (await mentee.post('/api/me/calendar-feed')).body.url as string;
    expect((await app.get(path)).status).toBe(404);
    expect((await app.get(new URL(renewed).pathname)).status).toBe(200);
    expect((await mentee.delete('/api/me/calendar-feed')).status).toBe(204);
    expect((await app.get(new URL(renewed).pathname)).status).toBe(404);
    expect((await app.get('/api/calendar/not-a-token.ics')).status).toBe(400);
  });
});

describe('reminders the day before', () => {
  it('go to both people once, in their language, within the day before; none for a cancelled meeting', async () => {
    // The other duo plans a meeting on 1 April at 10:00 (Brussels), and cancels one on 2 April.
    await at('2026-03-30T09:00:00Z');
    const answer = await otherMentor.post(`/api/duos/${otherDuoId}/meetings`, { date: '2026-04-01', time: '10:00', durationMinutes: 60, ...IXELLES });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const planned = answer.body as MeetingView;
    const dropped = (await otherMentor.post(`/api/duos/${otherDuoId}/meetings`, { date: '2026-04-01', time: '11:30', durationMinutes: 60, ...IXELLES })).body as MeetingView;
    await otherMentor.post(`/api/meetings/${dropped.id}/cancel`, { reason: 'Malade' });
    t.outbox.length = 0;
    const reminders = t.services.meetings.reminders;

    expect(await reminders.run()).toBe(0); // 48 hours ahead: not yet
    await at(Date.parse(planned.startsAt) - DAY + MINUTE);
    expect(await reminders.run()).toBe(2);
    const forMentor = t.outbox.find((m) => m.subject.includes('Youssef Benali'))!;
    expect(forMentor.subject).toBe('Reminder: meeting with Youssef Benali tomorrow');
    expect(forMentor.text).toContain('Wednesday, 1 April 2026 at 10:00');
    expect(forMentor.text).toContain(`/duos/${otherDuoId}`);
    expect(t.outbox.find((m) => m.subject.includes('Grace Okafor'))!.subject).toBe('Rappel : réunion avec Grace Okafor demain');
    expect(await reminders.run()).toBe(0);
    expect(t.outbox).toHaveLength(2);

    // Moved to the next week, it is reminded again the day before its new date.
    await otherMentor.patch(`/api/meetings/${planned.id}`, { date: '2026-04-08' });
    t.clock.advance(HOUR);
    expect(await reminders.run()).toBe(0);
    await at('2026-04-07T09:00:00Z');
    // The scheduler runs the same work (the timer only calls it).
    await t.services.meetings.scheduler.runOnce();
    // The scheduler runs the other tasks too (coordinators may be emailed about flagged duos): count the reminders.
    expect(t.outbox.filter((m) => /^(Rappel|Reminder|Herinnering)/.test(m.subject))).toHaveLength(4);
  });
});
