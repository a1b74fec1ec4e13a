// Pairing: rules (a mentor holds several duos, a mentee one per programme), status changes, suggestions ranked
// with reasons, and what each person then sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/client.ts';
import { toId } from '../../server/data/models.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
let orgId: string;
let pid: string;
let cc: TestClient;

beforeAll(async () => {
  t = await startTestServer();
  orgId = (await createOrganisation(t.services)).id;
  pid = (await createProgramme(t.services, orgId)).id;
  cc = await loginAs(t.url, await addMember(t.services, orgId, 'coordinator'));
});
afterAll(async () => t?.stop());

const mentor = (profile = {}) => addMember(t.services, orgId, 'mentor', { programmeIds: [pid], profile });
const mentee = (profile = {}) => addMember(t.services, orgId, 'mentee', { programmeIds: [pid], profile });

describe('duos', () => {
  it('pairs by membership id or user id; a mentor may hold several duos; a mentee only one per programme', async () => {
    const m = await mentor();
    const a = await mentee();
    const b = await mentee();
    const first = await cc.post(`/api/programmes/${pid}/duos`, { mentorId: m.membershipId, menteeId: a.id });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ programmeId: pid, status: 'active', mentor: { userId: m.id }, mentee: { userId: a.id } });
    expect((await cc.post(`/api/programmes/${pid}/duos`, { mentorId: m.id, menteeId: b.membershipId })).status).toBe(201);

    const again = await cc.post(`/api/programmes/${pid}/duos`, { mentorId: (await mentor()).id, menteeId: a.id });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', field: 'menteeId' });

    // In another programme of the organisation the same mentee may have a duo.
    const other = await createProgramme(t.services, orgId);
    expect((await cc.post(`/api/programmes/${other.id}/duos`, { mentorId: m.id, menteeId: a.id })).status).toBe(201);
  });

  it('keeps one open duo per mentee even when two coordinators pair at the same moment (unique index)', async () => {
    const e = await mentee();
    const [m1, m2] = [await mentor(), await mentor()];
    const answers = await Promise.all([m1, m2].map((m) => cc.post(`/api/programmes/${pid}/duos`, { mentorId: m.id, menteeId: e.id })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const open = (await cc.get(`/api/programmes/${pid}/duos`)).body.filter((d: { mentee: { userId: string }; status: string }) => d.mentee.userId === e.id);
    expect(open).toHaveLength(1);
  });

  it('has the unique index behind that rule: a second open duo for the same slot is refused by the database', async () => {
    const e = await mentee();
    const m = await mentor();
    const duo = await createDuo(t.services, pid, m.id, e.id);
    const stored = (await t.services.repos.duos.findById(toId(duo.id)))!;
    const { _id, ...copy } = stored;
    void _id;
    await expect(t.services.repos.duos.create(copy)).rejects.toMatchObject({ code: 11000 });
    // Once ended, the slot is free again (the field is removed, and the index is sparse).
    await t.services.repos.duos.update(stored._id, { status: 'completed' }, true);
    await expect(t.services.repos.duos.create(copy)).resolves.toMatchObject({ openSlot: stored.openSlot });
  });

  it('refuses wrong roles and people of other organisations, naming the field', async () => {
    const m = await mentor();
    const e = await mentee();
    const swapped = await cc.post(`/api/programmes/${pid}/duos`, { mentorId: e.id, menteeId: m.id });
    expect(swapped.status).toBe(400);
    expect(swapped.body.error.field).toBe('mentorId');
    const foreign = await addMember(t.services, (await createOrganisation(t.services)).id, 'mentee');
    const r = await cc.post(`/api/programmes/${pid}/duos`, { mentorId: m.id, menteeId: foreign.id });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('menteeId');
  });

  it('pauses, resumes, ends early only with a reason, and then frees the mentee', async () => {
    const m = await mentor();
    const e = await mentee();
    const duo = (await cc.post(`/api/programmes/${pid}/duos`, { mentorId: m.id, menteeId: e.id })).body;
    expect((await cc.patch(`/api/duos/${duo.id}`, { status: 'paused' })).body.status).toBe('paused');
    expect((await cc.patch(`/api/duos/${duo.id}`, { status: 'active' })).body.status).toBe('active');
    const noReason = await cc.patch(`/api/duos/${duo.id}`, { status: 'ended_early' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('endReason');
    const ended = await cc.patch(`/api/duos/${duo.id}`, { status: 'ended_early', endReason: 'Found a job!' });
    expect(ended.body).toMatchObject({ status: 'ended_early', endReason: 'Found a job!' });
    expect((await cc.patch(`/api/duos/${duo.id}`, { status: 'active' })).status).toBe(409);
    expect((await cc.post(`/api/programmes/${pid}/duos`, { mentorId: m.id, menteeId: e.id })).status).toBe(201);
  });

  it('shows each person their own duos only', async () => {
    const m = await mentor();
    const e = await mentee();
    const duo = (await cc.post(`/api/programmes/${pid}/duos`, { mentorId: m.id, menteeId: e.id })).body;
    const mine = await (await loginAs(t.url, e)).get('/api/duos');
    expect(mine.body.map((d: { id: string }) => d.id)).toEqual([duo.id]);
    const theirs = await (await loginAs(t.url, m)).get('/api/duos');
    expect(theirs.body.map((d: { id: string }) => d.id)).toEqual([duo.id]);
    const programmeDuos = await cc.get(`/api/programmes/${pid}/duos`);
    expect(programmeDuos.body.some((d: { id: string }) => d.id === duo.id)).toBe(true);
  });

  it('refuses a duo in a closed programme', async () => {
    const closed = await createProgramme(t.services, orgId, { status: 'closed' });
    const m = await addMember(t.services, orgId, 'mentor');
    const e = await addMember(t.services, orgId, 'mentee');
    expect((await cc.post(`/api/programmes/${closed.id}/duos`, { mentorId: m.id, menteeId: e.id })).status).toBe(409);
  });
});

describe('suggestions', () => {
  it('rank the programme mentors for a mentee with reasons, best first, full ones last', async () => {
    const p = (await createProgramme(t.services, orgId)).id;
    const add = (role: 'mentor' | 'mentee', name: string, profile: object) => addMember(t.services, orgId, role, { name, programmeIds: [p], profile });
    const e = await add('mentee', 'Yasmina El Idrissi', { languages: ['fr', 'ar'], sector: 'Logistique', targetJob: 'magasinier', commune: 'Molenbeek', availability: ['weekday_evening'] });
    const best = await add('mentor', 'Jean Dupont', { languages: ['fr'], sector: 'Logistique', targetJob: 'magasinier', commune: 'Molenbeek', availability: ['weekday_evening'], maxDuos: 2 });
    const some = await add('mentor', 'Sarah Johnson', { languages: ['en', 'fr'], sector: 'Finance' });
    const full = await add('mentor', 'Koen Janssens', { languages: ['fr', 'ar'], sector: 'Logistique', maxDuos: 1 });
    await addMember(t.services, orgId, 'mentor', { name: 'Not In Programme', profile: { languages: ['fr', 'ar'], sector: 'Logistique' } });
    const other = await add('mentee', 'Other', {});
    expect((await cc.post(`/api/programmes/${p}/duos`, { mentorId: full.id, menteeId: other.id })).status).toBe(201);

    const r = await cc.get(`/api/programmes/${p}/suggestions?menteeId=${e.membershipId}`);
    expect(r.status).toBe(200);
    expect(r.body.map((s: { mentor: { name: string } }) => s.mentor.name)).toEqual(['Jean Dupont', 'Sarah Johnson', 'Koen Janssens']);
    expect(r.body[0]).toMatchObject({ mentor: { userId: best.id, membershipId: best.membershipId }, activeDuos: 0 });
    expect(r.body[0].reasons.map((x: { code: string }) => x.code)).toEqual(['shared_language', 'same_sector', 'same_target_job', 'same_commune', 'shared_availability', 'low_load']);
    expect(r.body[1].reasons).toEqual([{ code: 'shared_language', detail: 'fr' }, { code: 'low_load', detail: '0/2' }]);
    expect(r.body[2].reasons.at(-1)).toEqual({ code: 'full', detail: '1/1' });
    void some;

    const bad = await cc.get(`/api/programmes/${p}/suggestions`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('menteeId');
    const notMentee = await cc.get(`/api/programmes/${p}/suggestions?menteeId=${best.id}`);
    expect(notMentee.status).toBe(400);
  });

  it('list participants with their load', async () => {
    const p = (await createProgramme(t.services, orgId)).id;
    const m = await addMember(t.services, orgId, 'mentor', { programmeIds: [p] });
    const e = await addMember(t.services, orgId, 'mentee', { programmeIds: [p] });
    await cc.post(`/api/programmes/${p}/duos`, { mentorId: m.id, menteeId: e.id });
    const r = await cc.get(`/api/programmes/${p}/participants`);
    expect(r.body.map((x: { userId: string; activeDuos: number }) => [x.userId, x.activeDuos]).sort()).toEqual([[m.id, 1], [e.id, 1]].sort());
    expect(r.body[0]).toHaveProperty('email');
  });
});
