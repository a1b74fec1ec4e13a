// A programme's topics by week through the real routes: coordinators set them (validated against the programme's
// length), the programme's people read them, and a meeting's notes open with the topic of the week the meeting
// falls in (counted from the duo's start) above the next steps still open from the meetings before.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingView } from '../../src/lib/shared/meetings.ts';
import { addStep, notesDocName, section } from '../../src/lib/shared/notes/model.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs, type TestUser } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../collab/collab-helpers.ts';
import { toId } from '../../server/data/models.ts';

let t: TestServer;
let programmeId: string;
let coordinator: TestUser;
let mentor: TestUser;
let mentee: TestUser;
let duoId: string;
const at = (iso: string) => t.clock.set(new Date(iso));

const TOPICS = [
  { week: 1, text: 'Faire connaissance et écrire l’accord' },
  { week: 5, text: 'Préparer les entretiens d’embauche' }
];

async function openMeeting(date: string): Promise<{ id: string; agenda: string }> {
  at(`${date}T07:00:00Z`);
  const m = await loginAs(t.url, mentor);
  const r = await m.post(`/api/duos/${duoId}/meetings`, { date, time: '10:00', durationMinutes: 60, mode: 'video', videoUrl: 'https://meet.example.org/binome' });
  expect(r.status).toBe(201);
  const id = (r.body as MeetingView).id;
  expect((await m.post(`/api/meetings/${id}/notes/open`)).status).toBe(200);
  const agenda = await t.binome.collab.withDocument(notesDocName(id), (doc: Y.Doc) => section(doc, 'agenda').toString());
  return { id, agenda };
}

beforeAll(async () => {
  t = await startTestServer();
  at('2026-03-02T08:00:00Z');
  const s = t.services;
  const org = await createOrganisation(s, 'Team4Job Liège');
  programmeId = (await createProgramme(s, org.id, { name: 'Printemps 2026', months: 6 })).id;
  coordinator = await addMember(s, org.id, 'coordinator', { name: 'Camille Renard' });
  mentor = await addMember(s, org.id, 'mentor', { name: 'Jan De Smet', programmeIds: [programmeId] });
  mentee = await addMember(s, org.id, 'mentee', { name: 'Mariam Kone', programmeIds: [programmeId] });
  duoId = (await createDuo(s, programmeId, mentor.id, mentee.id)).id;
});
afterAll(async () => t?.stop());

describe('a programme’s topics by week', () => {
  it('coordinators set them, validated; the programme’s people read them and cannot change them', async () => {
    const c = await loginAs(t.url, coordinator);
    expect((await c.get(`/api/programmes/${programmeId}/topics`)).body).toEqual({ topics: [] });
    const bad = [
      { topics: [{ week: 28, text: 'Après la fin' }] }, // six months: 27 weeks
      { topics: [{ week: 2, text: 'A' }, { week: 2, text: 'B' }] },
      { topics: [{ week: 2, text: '' }] },
      { topics: [{ week: { $gt: 1 }, text: 'x' }] },
      { topics: 'entretiens' }
    ];
    for (const body of bad) {
      const r = await c.patch(`/api/programmes/${programmeId}/topics`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((r.body as { error: { field?: string } }).error.field ?? '').toMatch(/^topics/);
    }
    const ok = await c.patch(`/api/programmes/${programmeId}/topics`, { topics: [TOPICS[1], TOPICS[0]] });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ topics: TOPICS });
    const e = await loginAs(t.url, mentee);
    expect((await e.get(`/api/programmes/${programmeId}/topics`)).body).toEqual({ topics: TOPICS });
    expect((await e.patch(`/api/programmes/${programmeId}/topics`, { topics: [] })).status).toBe(403);
    expect((await c.get(`/api/programmes/${programmeId}/topics`)).body).toEqual({ topics: TOPICS });
  });

  it('the agenda opens with the week’s topic and the next steps still open', async () => {
    const first = await openMeeting('2026-03-03'); // week 1
    expect(first.agenda).toContain('Thème de la semaine : ');
    expect(first.agenda).toContain('Faire connaissance et écrire l’accord');
    await t.binome.collab.withDocument(notesDocName(first.id), (doc: Y.Doc) => {
      addStep(doc, { text: 'Lister trois entreprises visées', owner: 'mentee', due: '2026-03-17' }, mentee.id, t.clock.now());
    });
    // Projected after the stored batch: the next agenda reads the projection.
    await waitFor(async () => ((await t.services.meetings.store.notes.forMeeting(toId(first.id)))?.steps.length ?? 0) > 0, 10_000, 'step projected');
    const later = await openMeeting('2026-04-01'); // week 5
    expect(later.agenda).toContain('Préparer les entretiens d’embauche');
    expect(later.agenda).not.toContain('Faire connaissance');
    expect(later.agenda).toContain('Lister trois entreprises visées');
    expect(later.agenda.indexOf('Préparer les entretiens')).toBeLessThan(later.agenda.indexOf('Lister trois'));
  });
});
