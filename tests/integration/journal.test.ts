// The journal of a duo through the real routes: meetings with their notes and next steps (written in the live
// document, projected when the meeting is marked done), the CV version saved then, the workshop the mentee
// attended with the action she owns; only the duo's two people read it; its search through `$text` (stemmed,
// accents and case ignored, one duo only); its Markdown and PDF exports read back.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalHit, JournalMeeting, JournalView } from '../../src/lib/shared/journal.ts';
import type { MeetingView } from '../../src/lib/shared/meetings.ts';
import { setPlainText } from '../../src/lib/shared/cv/rich.ts';
import { addStep, notesDocName, section } from '../../src/lib/shared/notes/model.ts';
import { toId } from '../../server/data/models.ts';
import { createDuo, addMember, loginAs } from '../helpers/factories.ts';
import { readPdf } from '../helpers/pdf.ts';
import { cookieOf } from '../collab/collab-helpers.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { TestClient } from '../helpers/client.ts';
import { ask, createWorkshop, expectOk, socketOf, workshopFixture, type LiveSocket, type WorkshopFixture } from '../workshops/helpers.ts';

let t: TestServer;
let f: WorkshopFixture;
let duoId: string;
let otherDuoId: string;
let mentee: TestClient;
let mentor: TestClient;
let otherMentee: TestClient;
const sockets: LiveSocket[] = [];

const INTERVIEW = 'Nous avons préparé l’entretien d’embauche chez Colruyt, au Café Renard. Simulation d’entretien avec les questions difficiles.';
const CV_ONLY = 'Relecture du CV : le profil tient maintenant en trois lignes.';

type Creds = { email: string; password: string };

/**
 * A meeting of `duo` held on `date`, its notes written in the live document, then marked done (which projects
 * them). Sessions do not follow the test's clock across days: whoever acts logs in again, as they would.
 */
async function heldMeeting(user: Creds, duo: string, date: string, notes: string, authorId: string, step?: string): Promise<string> {
  t.clock.set(new Date(`${date}T07:00:00Z`));
  let who = await loginAs(t.url, user);
  const r = await who.post(`/api/duos/${duo}/meetings`, { date, time: '10:00', durationMinutes: 60, mode: 'in_person', place: 'Maison de l’emploi, Schaerbeek' });
  expect(r.status).toBe(201);
  const id = (r.body as MeetingView).id;
  t.clock.set(new Date(`${date}T11:00:00Z`));
  who = await loginAs(t.url, user);
  const opened = await who.post(`/api/meetings/${id}/notes/open`);
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  await t.binome.collab.withDocument(notesDocName(id), (doc: Y.Doc) => {
    setPlainText(section(doc, 'notes'), notes);
    if (step) addStep(doc, { text: step, owner: 'mentee', due: '2026-03-31' }, authorId, t.clock.now());
  });
  expect((await who.post(`/api/meetings/${id}/done`, { actualMinutes: 55 })).status).toBe(200);
  return id;
}

let interviewMeeting: string;
let dutchDuo: { id: string; mentee: Creds };
let dutchMeeting: string;
let cvMeeting: string;

let coordinator: TestClient;
let admin: TestClient;
let fatimaCookie: string;

beforeAll(async () => {
  t = await startTestServer();
  t.clock.set(new Date('2026-03-02T08:00:00Z'));
  f = await workshopFixture(t, 2);
  const [fatima, jonas] = f.participants;
  duoId = (await createDuo(t.services, f.programmeId, jonas.id, fatima.id)).id;
  const m2 = await addMember(t.services, f.orgId, 'mentor', { name: 'Grace Okafor', programmeIds: [f.programmeId] });
  const e2 = await addMember(t.services, f.orgId, 'mentee', { name: 'Youssef Benali', programmeIds: [f.programmeId] });
  otherDuoId = (await createDuo(t.services, f.programmeId, m2.id, e2.id)).id;

  // The other duo also talks about interviews: its notes never show in this duo's search.
  await heldMeeting(e2, otherDuoId, '2026-03-03', 'Entretien chez Proximus : très bien préparé.', e2.id);
  // A Dutch-speaking mentee: her notes are stemmed in Dutch.
  const m3 = await addMember(t.services, f.orgId, 'mentor', { name: 'Pieter Janssens', programmeIds: [f.programmeId], locale: 'nl' });
  const e3 = await addMember(t.services, f.orgId, 'mentee', { name: 'Lotte Vermeulen', programmeIds: [f.programmeId], locale: 'nl' });
  dutchDuo = { id: (await createDuo(t.services, f.programmeId, m3.id, e3.id)).id, mentee: e3 };
  dutchMeeting = await heldMeeting(e3, dutchDuo.id, '2026-03-04', 'Het gesprek bij Delhaize samen voorbereid.', e3.id);
  interviewMeeting = await heldMeeting(fatima.user, duoId, '2026-03-05', INTERVIEW, fatima.id, 'Envoyer une lettre de remerciement');
  cvMeeting = await heldMeeting(jonas.user, duoId, '2026-03-19', CV_ONLY, jonas.id);

  // A workshop Fatima attended, where she took an action; it ends.
  t.clock.set(new Date('2026-03-20T09:00:00Z'));
  [mentee, mentor, otherMentee, coordinator, admin] = await Promise.all([fatima.user, jonas.user, e2, f.coordinator.user, f.admin.user].map((u) => loginAs(t.url, u)));
  fatimaCookie = cookieOf(mentee);
  const facilitator = await loginAs(t.url, f.facilitator.user);
  f.coordinator.http = coordinator;
  const w = await createWorkshop(f, { title: 'Atelier pitch', startsAt: '2026-03-20T09:30:00.000Z' });
  const lead = await socketOf(t, { ...f.facilitator, http: facilitator, cookie: cookieOf(facilitator) }, sockets);
  await expectOk(ask(lead, 'workshop:join', w.id));
  await expectOk(ask(lead, 'workshop:start', { workshopId: w.id }));
  await t.services.workshops.setAttendance((await t.services.workshopsRepo.findById(toId(w.id)))!, fatima.id, true);
  await t.binome.collab.withDocument(w.documents.board, (doc: Y.Doc) => {
    const actions = doc.getMap('board').get('actions') as Y.Map<Y.Map<unknown>>;
    const action = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ text: 'Répéter mon pitch devant un miroir', ownerId: fatima.id, ownerName: fatima.name, due: '2026-03-27', done: false, order: 'a0' })) action.set(k, v);
    actions.set('act1', action);
  });
  await expectOk(ask(lead, 'workshop:end', { workshopId: w.id }));
});
afterAll(async () => {
  sockets.splice(0).forEach((s) => s.disconnect());
  await t?.stop();
});

describe('the journal', () => {
  it('is one timeline of the duo: meetings with notes and next steps, CV versions, the workshop attended', async () => {
    const r = await mentee.get(`/api/duos/${duoId}/journal`);
    expect(r.status).toBe(200);
    const j = r.body as JournalView;
    const meetings = j.entries.filter((e): e is JournalMeeting => e.kind === 'meeting');
    expect(meetings.map((m) => m.id)).toEqual([interviewMeeting, cvMeeting]);
    expect(meetings[0]).toMatchObject({ number: 1, status: 'held', actualMinutes: 55, notes: INTERVIEW });
    expect(meetings[0].steps).toEqual([{ text: 'Envoyer une lettre de remerciement', owner: 'mentee', due: '2026-03-31', done: false }]);
    // Marking each meeting done saved a CV version: two, between the meetings in time.
    const kinds = j.entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'cv_version')).toHaveLength(2);
    const workshop = j.entries.find((e) => e.kind === 'workshop');
    expect(workshop).toMatchObject({ title: 'Atelier pitch', actions: [{ text: 'Répéter mon pitch devant un miroir', due: '2026-03-27', done: false }] });
    expect(kinds.at(-1)).toBe('workshop');
    // Nothing of the other duo.
    expect(JSON.stringify(j)).not.toContain('Proximus');
    // The mentor reads the same meetings, without the workshop he did not attend.
    const his = (await mentor.get(`/api/duos/${duoId}/journal`)).body as JournalView;
    expect(his.entries.filter((e) => e.kind === 'meeting')).toEqual(meetings);
    expect(his.entries.some((e) => e.kind === 'workshop')).toBe(false);
  });

  it('is refused to the coordinator and the admin (403), and to people of another duo (404)', async () => {
    for (const path of ['journal', 'journal/search?q=entretien', 'journal.md', 'journal.pdf']) {
      const c = await coordinator.get(`/api/duos/${duoId}/${path}`);
      expect(c.status, path).toBe(403);
      expect(JSON.stringify(c.body ?? '')).not.toContain('Colruyt');
      expect((await admin.get(`/api/duos/${duoId}/${path}`)).status, path).toBe(403);
      expect((await otherMentee.get(`/api/duos/${duoId}/${path}`)).status, path).toBe(404);
    }
  });
});

describe('searching the journal', () => {
  const search = async (q: string, who = mentee) => {
    const r = await who.get(`/api/duos/${duoId}/journal/search?q=${encodeURIComponent(q)}`);
    expect(r.status).toBe(200);
    return r.body as JournalHit[];
  };

  it('finds an inflected word, with a missing accent and in capitals, in this duo only', async () => {
    for (const q of ['entretiens', 'cafe', 'CAFÉ', 'Entretiens embauches']) {
      const hits = await search(q);
      expect(hits.map((h) => h.meetingId), q).toEqual([interviewMeeting]);
      expect(hits[0].number).toBe(1);
      expect(hits[0].score).toBeGreaterThan(0);
    }
    const [hit] = await search('cafe');
    expect(hit.snippet).toContain('Café Renard');
    expect((await search('Proximus')).length).toBe(0);
  });

  it('stems each note in its mentee’s language: "gesprekken" finds "gesprek" in Dutch notes', async () => {
    const lotte = await loginAs(t.url, dutchDuo.mentee);
    const r = await lotte.get(`/api/duos/${dutchDuo.id}/journal/search?q=gesprekken`);
    expect(r.status).toBe(200);
    expect((r.body as JournalHit[]).map((h) => h.meetingId)).toEqual([dutchMeeting]);
    expect((await t.services.meetings.store.notes.forMeeting(toId(dutchMeeting)))?.textLanguage).toBe('nl');
  });

  it('sorts by relevance', async () => {
    const hits = await search('entretien profil lignes');
    expect(hits.map((h) => h.meetingId)).toEqual([cvMeeting, interviewMeeting]);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
  });

  it('refuses an empty or huge query, naming the field', async () => {
    for (const q of ['', '   ', 'x'.repeat(201)]) {
      const r = await mentee.get(`/api/duos/${duoId}/journal/search?q=${q}`);
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toContain('q');
    }
  });
});

describe('exporting the journal', () => {
  it('as Markdown, with the meetings, notes, next steps, CV versions and workshop', async () => {
    const r = await mentee.get(`/api/duos/${duoId}/journal.md`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/markdown');
    const md = r.body as string;
    expect(md).toMatch(/^# Journal du binôme — Fatima El Amrani & Jonas Peeters/);
    expect(md).toContain('## Rencontre 1');
    expect(md).toContain('Colruyt, au Café Renard');
    expect(md).toContain('- [ ] Envoyer une lettre de remerciement (mentoré·e, pour le 2026-03-31)');
    expect(md).toContain('## Version du CV : Rencontre 1');
    expect(md).toContain('## Atelier : Atelier pitch');
    expect(md).toContain('## Version du CV : Rencontre 1 (5 mars 2026)');
    expect(md).not.toContain('Proximus');
    // The list ends before the next heading.
    expect(md).toContain('remerciement (mentoré·e, pour le 2026-03-31)\n\n## ');
  });

  it('keeps markup typed in the notes as text', async () => {
    const { journalMarkdown } = await import('../../server/journal/markdown.ts');
    const md = journalMarkdown([
      { kind: 'paragraph', text: '# pas un titre <img src=x onerror=alert(1)> *gras* [lien](javascript:x)' },
      { kind: 'item', text: '1. pas une liste' }
    ]);
    expect(md).toBe('\\# pas un titre \\<img src=x onerror=alert(1)\\> \\*gras\\* \\[lien\\](javascript:x)\n\n- 1\\. pas une liste\n');
  });

  it('as an A4 PDF whose text reads back, in the language asked', async () => {
    const r = await fetch(`${t.url}/api/duos/${duoId}/journal.pdf?locale=en`, { headers: { cookie: fatimaCookie } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const pdf = await readPdf(new Uint8Array(await r.arrayBuffer()));
    expect(pdf.sizes[0].map(Math.round)).toEqual([595, 842]);
    const text = pdf.text.replace(/\s+/g, ' ');
    expect(text).toContain('Duo journal');
    expect(text).toContain('Meeting 1');
    expect(text).toContain('Café Renard');
    expect(text).toContain('Envoyer une lettre de remerciement');
    expect(text).toContain('Workshop: Atelier pitch');
    expect(text).toContain('Répéter mon pitch devant un miroir');
    expect(pdf.fonts.every((x) => x.embedded)).toBe(true);
  });

  it('refuses an unknown language', async () => {
    const r = await mentee.get(`/api/duos/${duoId}/journal.pdf?locale=de`);
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('locale');
  });
});
