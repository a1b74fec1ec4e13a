// Partner companies (issue 13, point 4): staff keep the list and attach mentors and contacts; a contact reads the
// participation figures of its company's volunteers — every figure checked against a known setup — and nothing
// about mentees, notes, CVs or outcomes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanyFiguresView } from '../../src/lib/shared/reports/partners.ts';
import type { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs, type TestUser } from '../helpers/factories.ts';
import { attach, company, endDuo, endedWorkshop, endOutcome, heldMeeting, missedMeeting } from '../helpers/partner-factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
let orgId: string;
let otherOrgId: string;
let stib: string;
let proximus: string;
let foreignCompany: string;
let duoMarc1: string;
let programmeId: string;
let coordinator: TestClient;
let contact: TestClient;
let contactUser: TestUser & { membershipId: string };
let adminUser: TestUser;
const MENTEES = ['Yasmina El Amrani', 'Jonas De Smet', 'Fatou Diallo', 'Olena Kovalenko', 'Karim Haddad'];

beforeAll(async () => {
  t = await startTestServer();
  const s = t.services;
  const org = await createOrganisation(s, 'Duo pour l’Emploi Bruxelles');
  orgId = org.id;
  adminUser = org.admin;
  const other = await createOrganisation(s, 'Mentorat Gent');
  otherOrgId = other.id;
  const p = await createProgramme(s, orgId, { name: 'Cohorte printemps 2026' });
  programmeId = p.id;
  stib = (await company(s, orgId, 'STIB-MIVB')).id;
  proximus = (await company(s, orgId, 'Proximus')).id;
  foreignCompany = (await company(s, otherOrgId, 'Colruyt')).id;

  const coord = await addMember(s, orgId, 'coordinator', { name: 'Claire Dubois' });
  const marc = await addMember(s, orgId, 'mentor', { name: 'Marc Peeters', programmeIds: [p.id] });
  const sofie = await addMember(s, orgId, 'mentor', { name: 'Sofie Janssens', programmeIds: [p.id] });
  const ahmed = await addMember(s, orgId, 'mentor', { name: 'Ahmed Benali', programmeIds: [p.id] });
  const lone = await addMember(s, orgId, 'mentor', { name: 'Pieter Wouters', programmeIds: [p.id] });
  const mentees = [];
  for (const name of MENTEES) mentees.push(await addMember(s, orgId, 'mentee', { name, programmeIds: [p.id] }));
  await attach(s, marc.membershipId, stib);
  await attach(s, sofie.membershipId, stib);
  await attach(s, ahmed.membershipId, proximus);
  contactUser = await addMember(s, orgId, 'company_contact', { name: 'Nathalie Lemaire' });
  await attach(s, contactUser.membershipId, stib);

  // Marc: one running duo (2 held meetings of 60 and 45 minutes, one missed), one completed (90 minutes).
  duoMarc1 = (await createDuo(s, p.id, marc.id, mentees[0].id)).id;
  await heldMeeting(s, duoMarc1, marc.id, { minutes: 60, daysAgo: 20 });
  await heldMeeting(s, duoMarc1, marc.id, { planned: 60, minutes: 45, daysAgo: 5 });
  await missedMeeting(s, duoMarc1, marc.id);
  const duoMarc2 = (await createDuo(s, p.id, marc.id, mentees[1].id)).id;
  await heldMeeting(s, duoMarc2, marc.id, { minutes: 90, daysAgo: 30 });
  await endDuo(s, duoMarc2, 'completed');
  await endOutcome(t, duoMarc2, 'job');
  // Sofie: one duo ended early after one meeting of 30 minutes; she facilitated a workshop.
  const duoSofie = (await createDuo(s, p.id, sofie.id, mentees[2].id)).id;
  await heldMeeting(s, duoSofie, sofie.id, { minutes: 30, daysAgo: 10 });
  await endDuo(s, duoSofie, 'ended_early');
  // Ahmed (Proximus) and Pieter (no company) count for nobody's figures here.
  const duoAhmed = (await createDuo(s, p.id, ahmed.id, mentees[3].id)).id;
  await heldMeeting(s, duoAhmed, ahmed.id, { minutes: 120 });
  await createDuo(s, p.id, lone.id, mentees[4].id);
  // A paused duo counts as running.
  await endDuo(s, duoMarc1, 'paused');
  await endedWorkshop(s, { orgId, by: coord.id, facilitators: [sofie.id], present: [marc.id, ahmed.id, mentees[0].id], absent: [lone.id] });
  await endedWorkshop(s, { orgId, by: coord.id, facilitators: [], present: [mentees[1].id], absent: [marc.id] });

  coordinator = await loginAs(t.url, coord);
  contact = await loginAs(t.url, contactUser);
});
afterAll(async () => t?.stop());

describe('partner companies', () => {
  it('staff create, list, rename and remove companies; bad names get a 400 or a 409 and change nothing', async () => {
    const made = await coordinator.post(`/api/organisations/${orgId}/companies`, { name: '  Engie Electrabel ' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: 'Engie Electrabel', mentors: 0 });
    const id = (made.body as { id: string }).id;
    expect((await coordinator.post(`/api/organisations/${orgId}/companies`, { name: 'Engie Electrabel' })).status).toBe(409);
    const empty = await coordinator.post(`/api/organisations/${orgId}/companies`, { name: '   ' });
    expect(empty.status).toBe(400);
    expect((empty.body as { error: { field: string } }).error.field).toBe('name');
    expect((await coordinator.post(`/api/organisations/${orgId}/companies`, { name: 'x'.repeat(121) })).status).toBe(400);
    expect((await coordinator.post(`/api/organisations/${orgId}/companies`, { name: { $gt: '' } })).status).toBe(400);

    const renamed = await coordinator.request('PATCH', `/api/organisations/${orgId}/companies/${id}`, { name: 'Engie' });
    expect(renamed.body).toMatchObject({ id, name: 'Engie' });
    expect((await coordinator.request('PATCH', `/api/organisations/${orgId}/companies/${id}`, { name: 'Proximus' })).status).toBe(409);
    // Another organisation's company is not there under this one.
    expect((await coordinator.request('PATCH', `/api/organisations/${orgId}/companies/${foreignCompany}`, { name: 'Mine' })).status).toBe(404);

    const list = (await coordinator.get(`/api/organisations/${orgId}/companies`)).body as { id: string; name: string; mentors: number }[];
    expect(list.map((c) => [c.name, c.mentors])).toEqual([
      ['Engie', 0],
      ['Proximus', 1],
      ['STIB-MIVB', 2]
    ]);
    expect((await coordinator.request('DELETE', `/api/organisations/${orgId}/companies/${id}`)).status).toBe(204);
    expect(((await coordinator.get(`/api/organisations/${orgId}/companies`)).body as unknown[]).length).toBe(2);
  });

  it('attaches mentors and contacts only, to a company of the same organisation', async () => {
    const s = t.services;
    const mentee = await addMember(s, orgId, 'mentee', { name: 'Lotte Claes' });
    const bad = await coordinator.request('PATCH', `/api/organisations/${orgId}/members/${mentee.membershipId}/company`, { companyId: stib });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { field: string } }).error.field).toBe('companyId');
    const mentor = await addMember(s, orgId, 'mentor', { name: 'Bart Maes' });
    const foreign = await coordinator.request('PATCH', `/api/organisations/${orgId}/members/${mentor.membershipId}/company`, { companyId: foreignCompany });
    expect(foreign.status).toBe(400);
    const ok = await coordinator.request('PATCH', `/api/organisations/${orgId}/members/${mentor.membershipId}/company`, { companyId: proximus });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ companyId: proximus, name: 'Bart Maes' });
    const off = await coordinator.request('PATCH', `/api/organisations/${orgId}/members/${mentor.membershipId}/company`, { companyId: null });
    expect((off.body as { companyId?: string }).companyId).toBeUndefined();
  });

  it("gives the company's contact every figure of its volunteers, per volunteer and in total", async () => {
    const r = await contact.get(`/api/organisations/${orgId}/companies/${stib}/figures`);
    expect(r.status).toBe(200);
    const f = r.body as CompanyFiguresView;
    expect(f.company).toEqual({ id: stib, name: 'STIB-MIVB' });
    expect(f.organisationName).toBe('Duo pour l’Emploi Bruxelles');
    expect(f.volunteers).toEqual([
      // 60 + 45 + 90 minutes = 3.25 h, shown with one decimal.
      { name: 'Marc Peeters', duosActive: 1, duosCompleted: 1, duosEndedEarly: 0, meetingsHeld: 3, mentoringHours: 3.3, workshopsFacilitated: 0, workshopsAttended: 1 },
      { name: 'Sofie Janssens', duosActive: 0, duosCompleted: 0, duosEndedEarly: 1, meetingsHeld: 1, mentoringHours: 0.5, workshopsFacilitated: 1, workshopsAttended: 0 }
    ]);
    // 225 minutes in all: 3.75 h.
    expect(f.totals).toEqual({ volunteers: 2, duosActive: 1, duosCompleted: 1, duosEndedEarly: 1, meetingsHeld: 4, mentoringHours: 3.8, workshopsFacilitated: 1, workshopsAttended: 1 });
  });

  it('never shows a mentee, a note, an end reason or an outcome to the contact', async () => {
    const json = JSON.stringify((await contact.get(`/api/organisations/${orgId}/companies/${stib}/figures`)).body);
    for (const name of MENTEES) expect(json).not.toContain(name);
    for (const word of ['A trouvé un emploi', 'permanent', 'job', 'Maison de quartier', 'Ahmed Benali', 'Pieter Wouters']) expect(json).not.toContain(word);
    const csv = await contact.get(`/api/organisations/${orgId}/companies/${stib}/figures.csv?locale=nl`);
    expect(csv.status).toBe(200);
    const text = String(csv.body);
    for (const name of MENTEES) expect(text).not.toContain(name);
    expect(text.split('\r\n')).toEqual([
      // (fetch's text() drops the byte-order mark)
      'Vrijwilliger,Lopende duo’s,Afgeronde duo’s,Vroegtijdig gestopte duo’s,Gehouden ontmoetingen,Mentoruren,Begeleide groepsateliers,Gevolgde groepsateliers',
      'Marc Peeters,1,1,0,3,3.3,0,1',
      'Sofie Janssens,0,0,1,1,0.5,1,0',
      'Totaal (2),1,1,1,4,3.8,1,1',
      ''
    ]);
  });

  it("refuses the contact another company's figures and everything individual", async () => {
    expect((await contact.get(`/api/organisations/${orgId}/companies/${proximus}/figures`)).status).toBe(404);
    expect((await contact.get(`/api/organisations/${orgId}/companies/${proximus}/figures.csv`)).status).toBe(404);
    expect((await contact.get(`/api/organisations/${otherOrgId}/companies/${foreignCompany}/figures`)).status).toBe(404);
    expect((await contact.get(`/api/organisations/${orgId}/companies`)).status).toBe(403);
    expect((await contact.get(`/api/organisations/${orgId}/members`)).status).toBe(403);
    expect((await contact.get(`/api/organisations/${orgId}/programmes`)).status).toBe(403);
    expect((await contact.get(`/api/organisations/${orgId}/workshops`)).status).toBe(403);
    expect((await contact.get(`/api/duos/${duoMarc1}`)).status).toBe(404);
    expect((await contact.get(`/api/duos/${duoMarc1}/cv/versions`)).status).toBe(404);
    expect((await contact.get(`/api/duos/${duoMarc1}/meetings`)).status).toBe(404);
    expect((await contact.get(`/api/duos/${duoMarc1}/journal`)).status).toBe(404);
    expect((await contact.get('/api/duos')).body).toEqual([]);
    expect((await contact.get(`/api/organisations/${orgId}`)).status).toBe(200);
  });

  it('shows a contact detached from its company nothing at all', async () => {
    const other = await addMember(t.services, orgId, 'company_contact', { name: 'Geert Vermeulen' });
    const c = await loginAs(t.url, other);
    expect((await c.get(`/api/organisations/${orgId}/companies/${stib}/figures`)).status).toBe(404);
    await attach(t.services, other.membershipId, stib);
    expect((await c.get(`/api/organisations/${orgId}/companies/${stib}/figures`)).status).toBe(200);
    await attach(t.services, other.membershipId, null);
    expect((await c.get(`/api/organisations/${orgId}/companies/${stib}/figures`)).status).toBe(404);
  });

  it('unlinks a member from its company when its role changes (a mentor made contact does not read the figures unasked)', async () => {
    const s = t.services;
    const mentor = await addMember(s, orgId, 'mentor', { name: 'Hanne Wouters' });
    await attach(s, mentor.membershipId, stib);
    const admin = await loginAs(t.url, adminUser);
    const changed = await admin.request('PATCH', `/api/organisations/${orgId}/members/${mentor.membershipId}`, { role: 'company_contact' });
    expect(changed.status).toBe(200);
    expect((changed.body as { companyId?: string }).companyId).toBeUndefined();
    expect((await (await loginAs(t.url, mentor)).get(`/api/organisations/${orgId}/companies/${stib}/figures`)).status).toBe(404);
  });

  it('keeps company contacts out of pairing and workshops', async () => {
    const participants = (await coordinator.get(`/api/programmes/${programmeId}/participants`)).body as { userId: string }[];
    expect(participants.length).toBeGreaterThan(0);
    expect(participants.some((x) => x.userId === contactUser.id)).toBe(false);
    const pair = await coordinator.post(`/api/programmes/${programmeId}/duos`, { mentorId: contactUser.id, menteeId: contactUser.id });
    expect(pair.status).toBe(400);
    const w = await coordinator.post(`/api/organisations/${orgId}/workshops`, { title: 'Atelier LinkedIn', startsAt: '2026-12-12T13:00:00.000Z', locale: 'fr', templateId: 'cv_strengths' });
    const add = await coordinator.post(`/api/workshops/${(w.body as { id: string }).id}/participants`, { userIds: [contactUser.id] });
    expect(add.status).toBe(400);
  });
});
