// Organisations, members and programmes through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createDuo, createOrganisation, createProgramme, createUser, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());

describe('organisations', () => {
  it('are created by the instance admin, who becomes their admin; others see only their own', async () => {
    const root = await createUser(t.services, { isInstanceAdmin: true });
    const rc = await loginAs(t.url, root);
    const created = await rc.post('/api/organisations', { name: 'Team4Job Brussel' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Team4Job Brussel' });
    const me = await rc.get('/api/me');
    expect(me.body.memberships).toContainEqual(expect.objectContaining({ organisationId: created.body.id, role: 'admin' }));
    const other = await createOrganisation(t.services, 'Other');
    expect((await rc.get('/api/organisations')).body.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([created.body.id, other.id]));
    const oc = await loginAs(t.url, other.admin);
    expect((await oc.get('/api/organisations')).body.map((o: { id: string }) => o.id)).toEqual([other.id]);
    expect((await oc.post('/api/organisations', { name: 'Mine' })).status).toBe(403);
  });
});

describe('members', () => {
  it('are listed by role for coordinators, with their profile and load', async () => {
    const o = await createOrganisation(t.services);
    const p = await createProgramme(t.services, o.id);
    const m = await addMember(t.services, o.id, 'mentor', { programmeIds: [p.id], profile: { sector: 'IT' } });
    const e = await addMember(t.services, o.id, 'mentee', { programmeIds: [p.id] });
    await createDuo(t.services, p.id, m.id, e.id);
    const cc = await loginAs(t.url, await addMember(t.services, o.id, 'coordinator'));
    const mentors = await cc.get(`/api/organisations/${o.id}/members?role=mentor`);
    expect(mentors.status).toBe(200);
    expect(mentors.body).toEqual([expect.objectContaining({ id: m.membershipId, userId: m.id, role: 'mentor', activeDuos: 1, email: m.email, profile: expect.objectContaining({ sector: 'IT', maxDuos: 2 }) })]);
    expect((await cc.get(`/api/organisations/${o.id}/members?role=boss`)).body.error.field).toBe('role');
    expect((await cc.get(`/api/organisations/${o.id}/members`)).body).toHaveLength(4);
  });

  it('edit their own pairing profile; an admin changes roles; the last admin stays', async () => {
    const o = await createOrganisation(t.services);
    const m = await addMember(t.services, o.id, 'mentor');
    const mc = await loginAs(t.url, m);
    const own = await mc.patch(`/api/organisations/${o.id}/members/${m.membershipId}`, { profile: { languages: ['fr', 'nl'], availability: ['weekend'], maxDuos: 3 } });
    expect(own.status).toBe(200);
    expect(own.body.profile).toMatchObject({ languages: ['fr', 'nl'], availability: ['weekend'], maxDuos: 3, sector: '' });
    expect((await mc.patch(`/api/organisations/${o.id}/members/${m.membershipId}`, { role: 'coordinator' })).status).toBe(403);
    const bad = await mc.patch(`/api/organisations/${o.id}/members/${m.membershipId}`, { profile: { maxDuos: 99 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('profile.maxDuos');

    const ac = await loginAs(t.url, o.admin);
    const promoted = await ac.patch(`/api/organisations/${o.id}/members/${m.membershipId}`, { role: 'coordinator' });
    expect(promoted.body.role).toBe('coordinator');
    const adminMembership = (await ac.get('/api/me')).body.memberships[0].id;
    const last = await ac.patch(`/api/organisations/${o.id}/members/${adminMembership}`, { role: 'mentor' });
    expect(last.status).toBe(409);
    expect((await ac.delete(`/api/organisations/${o.id}/members/${adminMembership}`)).status).toBe(409);
  });

  it('removed, lose access at once and their duos end', async () => {
    const o = await createOrganisation(t.services);
    const p = await createProgramme(t.services, o.id);
    const m = await addMember(t.services, o.id, 'mentor', { programmeIds: [p.id] });
    const e = await addMember(t.services, o.id, 'mentee', { programmeIds: [p.id] });
    const duo = await createDuo(t.services, p.id, m.id, e.id);
    const mc = await loginAs(t.url, m);
    expect((await mc.get(`/api/organisations/${o.id}`)).status).toBe(200);
    const cc = await loginAs(t.url, await addMember(t.services, o.id, 'coordinator'));
    expect((await cc.delete(`/api/organisations/${o.id}/members/${m.membershipId}`)).status).toBe(204);
    expect((await mc.get(`/api/organisations/${o.id}`)).status).toBe(404);
    expect((await mc.get(`/api/duos/${duo.id}`)).status).toBe(404);
    expect((await cc.get(`/api/duos/${duo.id}`)).body).toMatchObject({ status: 'ended_early', endReason: 'member_removed' });
    expect((await cc.get(`/api/organisations/${o.id}/members`)).body.some((x: { id: string }) => x.id === m.membershipId)).toBe(false);
  });
});

describe('programmes', () => {
  it('are created with the default cadence (2 meetings a month for 6 months) and shown to their people only', async () => {
    const o = await createOrganisation(t.services);
    const cc = await loginAs(t.url, await addMember(t.services, o.id, 'coordinator'));
    const r = await cc.post(`/api/organisations/${o.id}/programmes`, { name: 'Cohorte 2026', startDate: '2026-03-01', endDate: '2026-08-31', partnerCompany: 'Acme Belgium' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ meetingsPerMonth: 2, months: 6, status: 'draft', languages: ['fr', 'nl', 'en'], partnerCompany: 'Acme Belgium' });
    const other = await createProgramme(t.services, o.id, { name: 'Other' });
    const e = await addMember(t.services, o.id, 'mentee', { programmeIds: [r.body.id] });
    const list = await (await loginAs(t.url, e)).get(`/api/organisations/${o.id}/programmes`);
    expect(list.body.map((p: { id: string }) => p.id)).toEqual([r.body.id]);
    expect((await cc.get(`/api/organisations/${o.id}/programmes`)).body.map((p: { id: string }) => p.id).sort()).toEqual([r.body.id, other.id].sort());
  });

  it('refuse dates in the wrong order, on creation and on change', async () => {
    const o = await createOrganisation(t.services);
    const cc = await loginAs(t.url, o.admin);
    const bad = await cc.post(`/api/organisations/${o.id}/programmes`, { name: 'X', startDate: '2026-09-01', endDate: '2026-03-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('endDate');
    const p = await createProgramme(t.services, o.id, { startDate: '2026-01-01', endDate: '2026-06-30' });
    const patch = await cc.patch(`/api/programmes/${p.id}`, { startDate: '2026-07-01' });
    expect(patch.status).toBe(400);
    expect(patch.body.error.field).toBe('endDate');
    const ok = await cc.patch(`/api/programmes/${p.id}`, { status: 'active', months: 9 });
    expect(ok.body).toMatchObject({ status: 'active', months: 9 });
  });
});
