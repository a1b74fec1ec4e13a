// A duo's private space through the real routes: each person's private notes reach that person only (the other
// person of the duo gets their own, empty; coordinators and admins are refused), and reflections the mentee shares
// reach the mentor, never a coordinator. After the duo ends, both still read; nobody writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/client.ts';
import { toId } from '../../server/data/models.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs, PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
let duoId: string;
let mentor: TestClient;
let mentee: TestClient;
let coordinator: TestClient;
let admin: TestClient;

beforeAll(async () => {
  t = await startTestServer();
  const s = t.services;
  const org = await createOrganisation(s, 'MentorYou Gent');
  const p = await createProgramme(s, org.id, { name: 'Najaar 2027' });
  const m = await addMember(s, org.id, 'mentor', { name: 'Bram Claes', programmeIds: [p.id], locale: 'nl' });
  const e = await addMember(s, org.id, 'mentee', { name: 'Nadia Ouali', programmeIds: [p.id] });
  const c = await addMember(s, org.id, 'coordinator', { name: 'Lies Maes' });
  duoId = (await createDuo(s, p.id, m.id, e.id)).id;
  [mentor, mentee, coordinator, admin] = await Promise.all([m, e, c, org.admin].map((u) => loginAs(t.url, u)));
});
afterAll(async () => t?.stop());

describe('private notes', () => {
  it('reach their writer only', async () => {
    const path = `/api/duos/${duoId}/private-note`;
    expect((await mentor.patch(path, { text: 'Nadia doute encore d’elle : insister sur ses réussites.' })).status).toBe(200);
    expect((await mentee.patch(path, { text: 'Ne pas oublier de parler du trajet en train.' })).status).toBe(200);
    expect((await mentor.get(path)).body.text).toBe('Nadia doute encore d’elle : insister sur ses réussites.');
    expect((await mentee.get(path)).body.text).toBe('Ne pas oublier de parler du trajet en train.');
    for (const staff of [coordinator, admin]) {
      const r = await staff.get(path);
      expect(r.status).toBe(403);
      expect(JSON.stringify(r.body)).not.toMatch(/Nadia doute|trajet/);
      expect((await staff.patch(path, { text: 'x' })).status).toBe(403);
    }
    // The body is exactly `{ text }`: no way to name someone else's note.
    expect((await mentee.patch(path, { text: 'x', userId: 'someone' })).body.error.field).toBe('userId');
    expect((await mentee.patch(path, { text: 'x'.repeat(20_001) })).body.error.field).toBe('text');
  });

  it('reflections: shared by the mentee with the mentor, never with coordinators', async () => {
    const path = `/api/duos/${duoId}/reflections`;
    expect((await mentor.post(path, { text: 'Écrit par le mentor' })).status).toBe(403);
    expect((await mentee.post(path, { text: '  ' })).body.error.field).toBe('text');
    const shared = await mentee.post(path, { text: 'Je me sens plus prête pour les entretiens en néerlandais.' });
    expect(shared.status).toBe(201);
    expect((await mentor.get(path)).body.map((r: { text: string }) => r.text)).toEqual(['Je me sens plus prête pour les entretiens en néerlandais.']);
    expect((await coordinator.get(path)).status).toBe(403);
  });

  it('stay readable after the duo ends, and no longer change', async () => {
    expect((await coordinator.patch(`/api/duos/${duoId}`, { status: 'completed' })).status).toBe(200);
    expect((await mentor.get(`/api/duos/${duoId}/private-note`)).body.text).toContain('insister');
    expect((await mentor.patch(`/api/duos/${duoId}/private-note`, { text: 'plus tard' })).status).toBe(403);
    expect((await mentee.get(`/api/duos/${duoId}/reflections`)).body).toHaveLength(1);
    expect((await mentee.post(`/api/duos/${duoId}/reflections`, { text: 'encore' })).status).toBe(403);
  });

  it('go with the account of their writer, with the calendar address and the reflections', async () => {
    await mentee.post('/api/me/calendar-feed');
    const feed = t.services.meetings.store.feeds;
    const menteeId = (await mentee.get('/api/me')).body.user.id as string;
    expect(await feed.findForUser(toId(menteeId))).not.toBeNull();
    expect((await mentee.delete('/api/me', { password: PASSWORD })).status).toBe(204);
    expect(await feed.findForUser(toId(menteeId))).toBeNull();
    expect(await t.services.meetings.store.privateNotes.own(toId(duoId), toId(menteeId))).toBeNull();
    expect((await mentor.get(`/api/duos/${duoId}/reflections`)).body).toEqual([]);
    // The mentor's own note stays his.
    expect((await mentor.get(`/api/duos/${duoId}/private-note`)).body.text).toContain('insister');
  });
});
