// The first meeting's agreement, self-assessments at three and six months, and check-ins after a meeting,
// through the real routes: each side writes only its own part; nothing of it reaches a coordinator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingView } from '../../src/lib/shared/meetings.ts';
import { DAY } from '../../server/domain/clock.ts';
import type { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
let duoId: string;
let mentor: TestClient;
let mentee: TestClient;
let coordinator: TestClient;
let people: { email: string; password: string }[];
const relogin = async () => ([mentor, mentee, coordinator] = await Promise.all(people.map((u) => loginAs(t.url, u))));

beforeAll(async () => {
  t = await startTestServer();
  t.clock.set(new Date('2027-02-01T09:00:00Z'));
  const s = t.services;
  const org = await createOrganisation(s, 'Duo for a Job Antwerpen');
  const p = await createProgramme(s, org.id, { name: 'Voorjaar 2027' });
  const m = await addMember(s, org.id, 'mentor', { name: 'Karel Peeters', programmeIds: [p.id] });
  const e = await addMember(s, org.id, 'mentee', { name: 'Mariam Sow', programmeIds: [p.id] });
  const c = await addMember(s, org.id, 'coordinator', { name: 'Ann Jacobs' });
  duoId = (await createDuo(s, p.id, m.id, e.id)).id;
  people = [m, e, c];
  await relogin();
});
afterAll(async () => t?.stop());

describe('the agreement', () => {
  it('holds the goals in the mentee’s words, each side’s expectations and how to reach each other', async () => {
    const path = `/api/duos/${duoId}/agreement`;
    expect((await mentee.patch(path, { goals: 'Trouver un emploi de vendeuse à Anvers', menteeExpectations: 'De l’aide pour le néerlandais' })).status).toBe(200);
    expect((await mentor.patch(path, { mentorExpectations: 'Qu’elle prévienne si elle ne peut pas venir', contact: 'SMS le soir' })).status).toBe(200);
    const refused = await mentor.patch(path, { goals: 'Devenir manager' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.field).toBe('goals');
    expect((await mentee.get(path)).body).toMatchObject({
      goals: 'Trouver un emploi de vendeuse à Anvers',
      menteeExpectations: 'De l’aide pour le néerlandais',
      mentorExpectations: 'Qu’elle prévienne si elle ne peut pas venir',
      contact: 'SMS le soir'
    });
    const seen = await coordinator.get(path);
    expect(seen.status).toBe(403);
    expect(JSON.stringify(seen.body)).not.toContain('vendeuse');
  });

  it('is assessed by the mentee at three and six months, not before', async () => {
    const path = `/api/duos/${duoId}/assessments`;
    expect((await mentee.post(path, { milestone: 'month3', progress: 3 })).status).toBe(409);
    await t.clock.set(new Date('2027-05-01T09:00:00Z'));
    await relogin();
    expect((await mentor.post(path, { milestone: 'month3', progress: 5 })).status).toBe(403);
    expect((await mentee.post(path, { milestone: 'month3', progress: 6 })).body.error.field).toBe('progress');
    expect((await mentee.post(path, { milestone: 'month3', progress: 3, comment: 'Deux entretiens, pas encore d’offre.' })).status).toBe(201);
    expect((await mentee.post(path, { milestone: 'month6', progress: 3 })).status).toBe(409);
    const list = (await mentor.get(path)).body;
    expect(list.done.map((a: { milestone: string; progress: number }) => [a.milestone, a.progress])).toEqual([['month3', 3]]);
    expect(Date.parse(list.due.month6) - Date.parse(list.due.month3)).toBeGreaterThan(80 * DAY);
    expect((await coordinator.get(path)).status).toBe(403);
  });
});

describe('check-ins after a meeting', () => {
  it('take a score and an optional comment from each side, once the meeting took place; each sees only their own', async () => {
    const meeting = (await mentor.post(`/api/duos/${duoId}/meetings`, { date: '2027-05-03', time: '17:00', durationMinutes: 60, mode: 'in_person', place: 'Stadsbibliotheek' })).body as MeetingView;
    expect((await mentee.post(`/api/meetings/${meeting.id}/checkin`, { score: 4 })).status).toBe(409);
    await t.clock.set(new Date('2027-05-03T16:30:00Z'));
    await relogin();
    await mentor.post(`/api/meetings/${meeting.id}/held`, { actualMinutes: 60 });
    expect((await mentee.post(`/api/meetings/${meeting.id}/checkin`, { score: 0 })).body.error.field).toBe('score');
    expect((await mentee.post(`/api/meetings/${meeting.id}/checkin`, { score: 2, comment: 'Je me suis sentie jugée.' })).status).toBe(200);
    expect((await mentor.post(`/api/meetings/${meeting.id}/checkin`, { score: 5 })).status).toBe(200);
    // A second tap changes one's check-in; it does not add another.
    expect((await mentee.post(`/api/meetings/${meeting.id}/checkin`, { score: 3, comment: 'Ça allait mieux à la fin.' })).status).toBe(200);
    expect((await mentee.get(`/api/duos/${duoId}/checkins/mine`)).body.map((c: { score: number; comment: string }) => [c.score, c.comment])).toEqual([[3, 'Ça allait mieux à la fin.']]);
    expect((await mentor.get(`/api/duos/${duoId}/checkins/mine`)).body.map((c: { score: number }) => c.score)).toEqual([5]);
    expect((await coordinator.post(`/api/meetings/${meeting.id}/checkin`, { score: 1 })).status).toBe(403);
    expect((await coordinator.get(`/api/duos/${duoId}/checkins/mine`)).status).toBe(403);
  });
});
