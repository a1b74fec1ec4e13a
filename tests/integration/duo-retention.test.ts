// Retention after a duo ends (ERASURE.md, "After a duo ends"): while the organisation's period runs, both people
// still read and export everything and the server refuses every write (REST and the live documents); once it is
// over, the scheduled job erases the content and keeps the anonymous metadata (dates, durations, statuses,
// scores). The job is idempotent and two runs at once (two nodes) erase each duo once. Time is the test's clock.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingView } from '../../src/lib/shared/meetings.ts';
import type { DuoView } from '../../src/lib/shared/schemas.ts';
import { setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { cvDocName } from '../../src/lib/shared/cv/model.ts';
import { addStep, notesDocName, section } from '../../src/lib/shared/notes/model.ts';
import { toId } from '../../server/data/models.ts';
import { COLLAB_COLLECTIONS } from '../../server/data/collab-erasure.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs, type TestUser } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, openCv, waitFor } from '../collab/collab-helpers.ts';
import { readPdf } from '../helpers/pdf.ts';

let t: TestServer;
let orgId: string;
let admin: TestUser;
let coordinator: TestUser;
let mentor: TestUser;
let mentee: TestUser;
let duoId: string;
let runningDuoId: string;
let meetingId: string;

const NOTES = 'Simulation d’entretien pour le poste de magasinière chez Delhaize : les questions sur les horaires.';
const at = (iso: string) => t.clock.set(new Date(iso));
const login = (u: TestUser) => loginAs(t.url, u);

/** How many stored records (history and state) a shared document has. */
async function storedRecords(docName: string): Promise<number> {
  const c = t.binome.connection;
  const updates = await c.collection(COLLAB_COLLECTIONS.updates).countDocuments({ doc: docName });
  const states = await c.collection<{ _id: string }>(COLLAB_COLLECTIONS.states).countDocuments({ _id: docName });
  return updates + states;
}

/** Everything written about the duo, as raw documents, to look for its words anywhere. */
async function everythingOf(id: string): Promise<string> {
  const c = t.binome.connection;
  const names = ['meeting_notes', 'meeting_notes_seals', 'private_notes', 'reflections', 'agreements', 'self_assessments', 'checkins', 'cv_versions', 'meetings'];
  const all = await Promise.all(names.map((n) => c.collection(n).find({ duoId: toId(id) }).toArray()));
  return JSON.stringify(all);
}

async function writeEverything(duo: string, mentorUser: TestUser, menteeUser: TestUser): Promise<string> {
  at('2026-01-12T07:00:00Z');
  let m = await login(mentorUser);
  const r = await m.post(`/api/duos/${duo}/meetings`, { date: '2026-01-12', time: '10:00', durationMinutes: 60, mode: 'in_person', place: 'Maison de l’emploi, Forest' });
  expect(r.status).toBe(201);
  const id = (r.body as MeetingView).id;
  at('2026-01-12T11:00:00Z');
  m = await login(mentorUser);
  const e = await login(menteeUser);
  expect((await m.post(`/api/meetings/${id}/notes/open`)).status).toBe(200);
  await t.binome.collab.withDocument(notesDocName(id), (doc: Y.Doc) => {
    setPlainText(section(doc, 'notes'), NOTES);
    addStep(doc, { text: 'Envoyer la candidature spontanée', owner: 'mentee', due: '2026-01-26' }, menteeUser.id, t.clock.now());
  });
  expect((await e.get(`/api/duos/${duo}/cv/export.json`)).status).toBe(200);
  expect((await m.post(`/api/meetings/${id}/done`, { actualMinutes: 50 })).status).toBe(200);
  expect((await e.patch(`/api/duos/${duo}/private-note`, { text: 'Je dois oser parler de ma reconversion.' })).status).toBe(200);
  expect((await e.post(`/api/duos/${duo}/reflections`, { text: 'Cette rencontre m’a redonné confiance.' })).status).toBe(201);
  expect((await e.patch(`/api/duos/${duo}/agreement`, { goals: 'Trouver un emploi de magasinière à Bruxelles' })).status).toBe(200);
  expect((await e.post(`/api/meetings/${id}/checkin`, { score: 2, comment: 'Fatiguée cette semaine' })).status).toBe(200);
  // The three-month self-assessment, once it is due.
  at('2026-03-30T08:00:00Z');
  const late = await login(menteeUser);
  const a = await late.post(`/api/duos/${duo}/assessments`, { milestone: 'month3', progress: 4, comment: 'Les simulations m’aident beaucoup' });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  return id;
}

beforeAll(async () => {
  t = await startTestServer();
  at('2026-01-05T08:00:00Z');
  const s = t.services;
  const org = await createOrganisation(s, 'Maison de l’Emploi de Forest');
  orgId = org.id;
  admin = org.admin;
  const programmeId = (await createProgramme(s, orgId, { name: 'Printemps 2026' })).id;
  coordinator = await addMember(s, orgId, 'coordinator', { name: 'Sophie Dubois' });
  mentor = await addMember(s, orgId, 'mentor', { name: 'Thomas Janssens', programmeIds: [programmeId] });
  mentee = await addMember(s, orgId, 'mentee', { name: 'Nadia El Amrani', programmeIds: [programmeId] });
  duoId = (await createDuo(s, programmeId, mentor.id, mentee.id)).id;
  const otherMentor = await addMember(s, orgId, 'mentor', { name: 'Emily Carter', programmeIds: [programmeId] });
  const otherMentee = await addMember(s, orgId, 'mentee', { name: 'Youssef Benali', programmeIds: [programmeId] });
  runningDuoId = (await createDuo(s, programmeId, otherMentor.id, otherMentee.id)).id;
  meetingId = await writeEverything(duoId, mentor, mentee);
  await writeEverything(runningDuoId, otherMentor, otherMentee);
  // The duo ends on 1 April 2026.
  at('2026-04-01T09:00:00Z');
  const c = await login(coordinator);
  expect((await c.patch(`/api/duos/${duoId}`, { status: 'completed' })).status).toBe(200);
});
afterAll(async () => t?.stop());

describe('the organisation’s retention setting', () => {
  it('is 12 months by default, known to every member, changed by an admin only, validated', async () => {
    const e = await login(mentee);
    expect((await e.get(`/api/organisations/${orgId}/settings`)).body).toEqual({ retentionMonths: 12 });
    const c = await login(coordinator);
    expect((await c.patch(`/api/organisations/${orgId}/settings`, { retentionMonths: 1 })).status).toBe(403);
    expect((await e.patch(`/api/organisations/${orgId}/settings`, { retentionMonths: 1 })).status).toBe(403);
    const a = await login(admin);
    for (const bad of [{ retentionMonths: 0 }, { retentionMonths: 2.5 }, { retentionMonths: 500 }, { retentionMonths: '6' }, { retentionMonths: { $gt: 1 } }, {}]) {
      const r = await a.patch(`/api/organisations/${orgId}/settings`, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect((r.body as { error: { field?: string } }).error.field ?? '').toMatch(/^retentionMonths/);
    }
    expect((await a.get(`/api/organisations/${orgId}/settings`)).body).toEqual({ retentionMonths: 12 });
    const ok = await a.patch(`/api/organisations/${orgId}/settings`, { retentionMonths: 6 });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ retentionMonths: 6 });
  });
});

describe('during the retention period', () => {
  it('both people read and export everything, read-only', async () => {
    at('2026-09-01T08:00:00Z'); // five months after the end: still kept (six months)
    expect(await t.services.meetings.retention.run()).toBe(0);
    for (const who of [mentor, mentee]) {
      const c = await login(who);
      const journal = await c.get(`/api/duos/${duoId}/journal`);
      expect(journal.status).toBe(200);
      expect(JSON.stringify(journal.body)).toContain('magasinière chez Delhaize');
      const pdf = await fetch(`${t.url}/api/duos/${duoId}/journal.pdf`, { headers: { cookie: cookieOf(c) } });
      expect(pdf.status).toBe(200);
      expect((await readPdf(new Uint8Array(await pdf.arrayBuffer()))).text).toContain('Delhaize');
      expect((await c.get(`/api/duos/${duoId}/journal.md`)).body).toContain('magasinière');
      expect((await c.get(`/api/duos/${duoId}/agreement`)).status).toBe(200);
      expect((await c.get(`/api/duos/${duoId}/private-note`)).status).toBe(200);
      expect((await c.get(`/api/duos/${duoId}/cv/versions`)).status).toBe(200);
      expect((await c.get(`/api/meetings/${meetingId}/notes/sealed`)).status).toBe(200);
    }
    const e = await login(mentee);
    const writes = [
      e.patch(`/api/duos/${duoId}/private-note`, { text: 'encore' }),
      e.post(`/api/duos/${duoId}/reflections`, { text: 'encore' }),
      e.patch(`/api/duos/${duoId}/agreement`, { goals: 'autre chose' }),
      e.post(`/api/duos/${duoId}/meetings`, { date: '2026-07-10', time: '10:00', durationMinutes: 60, mode: 'video', videoUrl: 'https://meet.example.org/x' }),
      e.post(`/api/duos/${duoId}/cv/versions`, { name: 'Encore' })
    ];
    for (const r of await Promise.all(writes)) expect(r.status).toBe(403);
    expect(await everythingOf(duoId)).not.toContain('encore');
  });

  it('the live notes open read-only: a change is refused and never stored', async () => {
    const e = await login(mentee);
    const live = openCv(t.url, notesDocName(meetingId), cookieOf(e));
    try {
      await waitFor(() => live.provider.synced, 10_000, 'notes synced');
      expect(section(live.doc, 'notes').toString()).toContain('Delhaize');
      setPlainText(section(live.doc, 'notes'), 'Réécrit après la fin');
      await waitFor(() => live.denied.length > 0 || live.closeCodes.length > 0, 10_000, 'write refused');
    } finally {
      live.destroy();
    }
    const text = await t.binome.collab.withDocument(notesDocName(meetingId), (doc: Y.Doc) => section(doc, 'notes').toString());
    expect(text).toContain('Delhaize');
    expect(text).not.toContain('Réécrit');
  });
});

describe('after the retention period', () => {
  it('erases the content, keeps the anonymous metadata, and leaves running duos alone', async () => {
    expect(await storedRecords(notesDocName(meetingId))).toBeGreaterThan(0);
    expect(await storedRecords(cvDocName(duoId))).toBeGreaterThan(0);
    at('2026-10-01T09:00:01Z'); // six months after the end
    // Two nodes' runs at once: each duo is erased once.
    const [a, b] = await Promise.all([t.services.meetings.retention.run(), t.services.meetings.retention.run()]);
    expect(a + b).toBe(1);
    expect(await t.services.meetings.retention.run()).toBe(0);

    expect(await storedRecords(notesDocName(meetingId))).toBe(0);
    expect(await storedRecords(cvDocName(duoId))).toBe(0);
    const raw = await everythingOf(duoId);
    for (const words of ['Delhaize', 'reconversion', 'confiance', 'magasinière', 'Fatiguée', 'simulations', 'Forest', 'candidature']) expect(raw).not.toContain(words);

    // What stays: the duo, its dates and status; the meeting's date, duration, mode and status; the scores.
    const duo = (await t.services.repos.duos.findById(toId(duoId)))!;
    expect(duo.status).toBe('completed');
    expect(duo.endedAt?.toISOString()).toBe('2026-04-01T09:00:00.000Z');
    expect(duo.erasedAt).toBeInstanceOf(Date);
    const [meeting] = await t.services.meetings.store.meetings.forDuo(toId(duoId));
    expect(meeting).toMatchObject({ date: '2026-01-12', durationMinutes: 60, actualMinutes: 50, status: 'held', mode: 'in_person', place: '', cvVersionId: null });
    const scores = await t.services.meetings.store.agreement.scores([toId(duoId)]);
    expect(scores.map((s) => s.score)).toEqual([2]);

    // The running duo keeps everything.
    expect(await everythingOf(runningDuoId)).toContain('Delhaize');
  });

  it('deletes again, for a day, what a node that still held a document wrote back when it let it go (found in review)', async () => {
    // As a node unloading the CV it had in memory at the erasure would: its last compaction writes the state back.
    const c = t.binome.connection;
    await c.collection(COLLAB_COLLECTIONS.states).insertOne({ _id: cvDocName(duoId) as never, seq: 1, v: 1, data: Buffer.from('written back'), clients: [] });
    await c.collection(COLLAB_COLLECTIONS.updates).insertOne({ doc: notesDocName(meetingId), seq: 2, data: Buffer.from('written back') });
    expect(await storedRecords(cvDocName(duoId))).toBe(1);
    at('2026-10-01T12:00:00Z');
    expect(await t.services.meetings.retention.run()).toBe(0); // nothing new to erase, but the sweep ran
    expect(await storedRecords(cvDocName(duoId))).toBe(0);
    expect(await storedRecords(notesDocName(meetingId))).toBe(0);
  });

  it('the two people still see the duo and its meetings as metadata, and its content is gone', async () => {
    for (const who of [mentor, mentee]) {
      const c = await login(who);
      const duo = await c.get(`/api/duos/${duoId}`);
      expect(duo.status).toBe(200);
      expect((duo.body as DuoView).erasedAt).toBeTruthy();
      const meetings = await c.get(`/api/duos/${duoId}/meetings`);
      expect(meetings.status).toBe(200);
      expect(JSON.stringify(meetings.body)).not.toContain('Forest');
      for (const path of [`/api/duos/${duoId}/journal`, `/api/duos/${duoId}/journal.pdf`, `/api/duos/${duoId}/agreement`, `/api/duos/${duoId}/private-note`, `/api/duos/${duoId}/cv/versions`, `/api/duos/${duoId}/cv/export.json`, `/api/meetings/${meetingId}/notes/sealed`]) {
        expect((await c.get(path)).status, path).toBe(404);
      }
    }
    // The live documents do not open again (nothing would be seeded in their place).
    const e = await login(mentee);
    const live = openCv(t.url, notesDocName(meetingId), cookieOf(e));
    try {
      await waitFor(() => live.closeCodes.length > 0, 10_000, 'refused');
    } finally {
      live.destroy();
    }
    expect(await storedRecords(notesDocName(meetingId))).toBe(0);
  });

  it('a run that died midway is finished by a later one once its lease is stale', async () => {
    // A second ended duo whose erasure was claimed by a node that then died.
    at('2026-10-02T08:00:00Z');
    const s = t.services;
    const programmeId = String((await s.repos.duos.findById(toId(duoId)))!.programmeId);
    const m = await addMember(s, orgId, 'mentor', { name: 'Lucas Peeters', programmeIds: [programmeId] });
    const e = await addMember(s, orgId, 'mentee', { name: 'Amina Tahiri', programmeIds: [programmeId] });
    const id = (await createDuo(s, programmeId, m.id, e.id)).id;
    const c = await login(e);
    expect((await c.patch(`/api/duos/${id}/private-note`, { text: 'Parler du permis de conduire' })).status).toBe(200);
    const doc = (await s.repos.duos.findById(toId(id)))!;
    await s.duos.update(doc, 'ended_early', 'Emploi trouvé');
    at('2027-04-03T09:00:00Z');
    expect(await s.repos.duos.claimErasure(toId(id), t.clock.now(), new Date(0))).toBe(true);
    expect(await s.meetings.retention.run()).toBe(0); // the lease is fresh: another node is on it
    expect(await everythingOf(id)).toContain('permis');
    t.clock.advance(20 * 60_000);
    expect(await s.meetings.retention.run()).toBe(1);
    expect(await everythingOf(id)).not.toContain('permis');
  });
});
