// A meeting's notes (`notes:<meetingId>`) on a real Binôme with real y-websocket clients: the server seeds the
// agenda once with the open next steps of the meetings before, writes of the duo go through, and the document's
// rules hold against clients that skip the model: schema-breaking changes, a mentee deleting or rewriting the
// mentor's next step, a step in someone else's name, the server's own state; coordinators cannot open the notes
// at all. After each stored batch the steps and plain text are in MongoDB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import { plainText, setPlainText } from '../../src/lib/shared/cv/rich.ts';
import type { MeetingView } from '../../src/lib/shared/meetings.ts';
import { addStep, deleteStep, listSteps, metaMap, notesRoot, section, setStepDone, stepsMap, updateStep } from '../../src/lib/shared/notes/model.ts';
import { toId } from '../../server/data/models.ts';
import type { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, openCv, waitFor, type LiveClient } from './collab-helpers.ts';

let t: TestServer;
let meetings: MeetingView[];
let ids: Record<'mentor' | 'mentee', string>;
const http = {} as Record<'mentor' | 'mentee' | 'coordinator', TestClient>;
const clients: LiveClient[] = [];
let people: { email: string; password: string }[] = [];

async function open(who: 'mentor' | 'mentee' | 'coordinator', docName: string, synced = true): Promise<LiveClient> {
  const c = openCv(t.url, docName, cookieOf(http[who]));
  clients.push(c);
  if (synced) await waitFor(() => c.provider.synced, 10_000, `${who} synced`);
  return c;
}
function close(c: LiveClient): void {
  c.destroy();
  clients.splice(clients.indexOf(c), 1);
}
const serverSteps = (name: string) => t.binome.collab.withDocument(name, (doc) => listSteps(doc));
/** A refusal reaches the writer; its replica has diverged and is closed by the test. */
async function refused(c: LiveClient, what: RegExp): Promise<void> {
  await waitFor(() => c.denied.length > 0, 5_000, 'permission denied');
  expect(c.denied[0]).toMatch(what);
  expect(c.closeCodes).toEqual([]);
  close(c);
}

beforeAll(async () => {
  t = await startTestServer();
  const s = t.services;
  const org = await createOrganisation(s, 'Team4Job Bruxelles');
  const p = await createProgramme(s, org.id, { name: 'Hiver 2027' });
  const m = await addMember(s, org.id, 'mentor', { name: 'Marc Dubois', programmeIds: [p.id] });
  const e = await addMember(s, org.id, 'mentee', { name: 'Fatou Diallo', programmeIds: [p.id] });
  const c = await addMember(s, org.id, 'coordinator', { name: 'Sarah Lambert' });
  ids = { mentor: m.id, mentee: e.id };
  const duo = await createDuo(s, p.id, m.id, e.id);
  people = [m, e, c];
  [http.mentor, http.mentee, http.coordinator] = await Promise.all(people.map((u) => loginAs(t.url, u)));
  const plan = await http.mentor.post(`/api/duos/${duo.id}/meetings/plan`, { date: '2027-01-12', time: '18:00', durationMinutes: 60, mode: 'video', videoUrl: 'https://meet.jit.si/fatou', count: 3 });
  meetings = plan.body;
});

afterAll(async () => {
  for (const c of [...clients]) c.destroy();
  await t?.stop();
});

const notesName = (i: number) => `notes:${meetings[i].id}`;

describe('meeting notes', () => {
  it('are opened by the duo with a seeded agenda; coordinators are refused over REST and /collab', async () => {
    const opened = await http.mentee.post(`/api/meetings/${meetings[0].id}/notes/open`);
    expect(opened.status).toBe(200);
    expect(opened.body.docName).toBe(notesName(0));
    expect((await http.coordinator.post(`/api/meetings/${meetings[0].id}/notes/open`)).status).toBe(403);
    const spy = await open('coordinator', notesName(0), false);
    await waitFor(() => spy.closeCodes.length > 0, 5_000, 'coordinator closed');
    expect(spy.closeCodes[0]).toBe(CLOSE_CODES.forbidden);
    expect(Y.encodeStateAsUpdate(spy.doc).byteLength).toBeLessThan(10);
    close(spy);

    const a = await open('mentor', notesName(0));
    expect(metaMap(a.doc).get('seeded')).toBe(true);
    expect(plainText(section(a.doc, 'agenda'))).toBe('');
    close(a);
  });

  it('take what both write at once, and refuse what breaks the rules', async () => {
    const a = await open('mentor', notesName(0));
    const b = await open('mentee', notesName(0));
    setPlainText(section(a.doc, 'notes'), 'Préparer l’entretien chez Delhaize');
    setPlainText(section(b.doc, 'decisions'), 'Envoyer trois candidatures par semaine');
    const mentorStep = addStep(a.doc, { text: 'Relire la lettre de motivation', owner: 'mentor', due: '2027-01-20' }, ids.mentor, new Date());
    const menteeStep = addStep(b.doc, { text: 'Appeler Actiris pour la formation', owner: 'mentee', due: null }, ids.mentee, new Date());
    await waitFor(async () => (await serverSteps(notesName(0))).length === 2, 5_000, 'both steps on the server');
    // The mentee ticks the mentor's step: anyone in the duo may.
    await waitFor(() => listSteps(b.doc).length === 2, 5_000, 'the mentee sees both');
    setStepDone(b.doc, mentorStep, true);
    await waitFor(async () => (await serverSteps(notesName(0))).find((s) => s.id === mentorStep)?.done === true, 5_000, 'ticked');
    setStepDone(b.doc, mentorStep, false);
    await waitFor(async () => (await serverSteps(notesName(0))).find((s) => s.id === mentorStep)?.done === false, 5_000, 'unticked');
    expect(b.denied).toEqual([]);

    // The mentee deletes the mentor's step: refused, the step stays.
    deleteStep(b.doc, mentorStep);
    await refused(b, /only its author may delete/);
    // Rewrites it, or writes one in the mentor's name: refused.
    const c = await open('mentee', notesName(0));
    updateStep(c.doc, mentorStep, { text: 'Rien à faire' });
    await refused(c, /only its author may change/);
    const d = await open('mentee', notesName(0));
    addStep(d.doc, { text: 'Le mentor paie le repas', owner: 'mentor', due: null }, ids.mentor, new Date());
    await refused(d, /author’s name/);
    // Changes who wrote a step, or the server's state.
    const e = await open('mentee', notesName(0));
    (stepsMap(e.doc).get(menteeStep) as Y.Map<unknown>).set('authorId', ids.mentor);
    await refused(e, /does not change/);
    const f = await open('mentee', notesName(0));
    metaMap(f.doc).set('seeded', false);
    await refused(f, /server’s/);
    // Schema-breaking updates: a section replaced by a string, an unknown root, a step owner nobody declared.
    const g = await open('mentee', notesName(0));
    notesRoot(g.doc).set('notes', 'effacé');
    await refused(g, /./);
    const h = await open('mentee', notesName(0));
    h.doc.getMap('surprise').set('x', 1);
    await refused(h, /./);
    const i = await open('mentee', notesName(0));
    (stepsMap(i.doc).get(menteeStep) as Y.Map<unknown>).set('owner', 'coordinator');
    await refused(i, /./);

    // Her own step she deletes; everything refused left the document as it was.
    const j = await open('mentee', notesName(0));
    deleteStep(j.doc, menteeStep);
    await waitFor(async () => (await serverSteps(notesName(0))).length === 1, 5_000, 'her step deleted');
    expect(j.denied).toEqual([]);
    const server = await t.binome.collab.withDocument(notesName(0), (doc) => ({
      notes: plainText(section(doc, 'notes')),
      decisions: plainText(section(doc, 'decisions')),
      steps: listSteps(doc).map((s) => [s.text, s.authorId, s.done])
    }));
    expect(server).toEqual({
      notes: 'Préparer l’entretien chez Delhaize',
      decisions: 'Envoyer trois candidatures par semaine',
      steps: [['Relire la lettre de motivation', ids.mentor, false]]
    });
    close(a);
    close(j);
  });

  it('are projected into MongoDB after each stored batch, and the next meeting’s agenda carries the open steps over', async () => {
    await t.binome.collab.flush();
    const projection = t.services.meetings.store.notes;
    await waitFor(async () => (await projection.forMeeting(toId(meetings[0].id)))?.notes === 'Préparer l’entretien chez Delhaize', 10_000, 'projected');
    const p = (await projection.forMeeting(toId(meetings[0].id)))!;
    expect(p.decisions).toBe('Envoyer trois candidatures par semaine');
    expect(p.steps.map((s) => [s.text, s.owner, s.due, s.done])).toEqual([['Relire la lettre de motivation', 'mentor', '2027-01-20', false]]);

    await http.mentee.post(`/api/meetings/${meetings[1].id}/notes/open`);
    const next = await open('mentee', notesName(1));
    expect(plainText(section(next.doc, 'agenda'))).toBe('Étapes encore ouvertes\nRelire la lettre de motivation (mentor, 2027-01-20)');
    // Opening again does not write it twice.
    await http.mentor.post(`/api/meetings/${meetings[1].id}/notes/open`);
    expect(plainText(section(next.doc, 'agenda')).match(/Relire/g)).toHaveLength(1);
    close(next);
  });

  it('are sealed when the meeting is marked done, with the CV version of that moment; later edits differ from the seal', async () => {
    const first = meetings[0].id;
    expect((await http.mentor.post(`/api/meetings/${first}/done`, { actualMinutes: 70 })).status).toBe(409); // not started yet
    t.clock.set(new Date('2027-01-12T18:30:00Z'));
    [http.mentor, http.mentee, http.coordinator] = await Promise.all(people.map((u) => loginAs(t.url, u)));
    expect((await http.coordinator.post(`/api/meetings/${first}/done`, {})).status).toBe(403);
    expect((await http.mentee.get(`/api/meetings/${first}/notes/sealed`)).status).toBe(404);
    const done = await http.mentee.post(`/api/meetings/${first}/done`, { actualMinutes: 70 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'held', actualMinutes: 70, sealedAt: '2027-01-12T18:30:00.000Z' });
    expect((await http.mentor.post(`/api/meetings/${first}/done`, {})).status).toBe(409);

    const versions = (await http.mentee.get(`/api/duos/${meetings[0].duoId}/cv/versions`)).body as { id: string; name: string }[];
    expect(versions.map((v) => [v.id, v.name])).toEqual([[done.body.cvVersionId, 'Rencontre 1 (12 janvier 2027)']]);

    const a = await open('mentor', notesName(0));
    setPlainText(section(a.doc, 'notes'), 'Préparer l’entretien chez Delhaize et chez Colruyt');
    await waitFor(async () => (await t.binome.collab.withDocument(notesName(0), (d) => plainText(section(d, 'notes')))).includes('Colruyt'), 5_000, 'edited');
    const sealed = await http.mentee.get(`/api/meetings/${first}/notes/sealed`);
    expect(sealed.body.sections.notes).toBe('Préparer l’entretien chez Delhaize');
    expect(sealed.body.steps.map((s: { text: string }) => s.text)).toEqual(['Relire la lettre de motivation']);
    expect((await http.coordinator.get(`/api/meetings/${first}/notes/sealed`)).status).toBe(403);
    close(a);
  });
});
