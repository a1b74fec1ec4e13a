// Invitation lifecycle: create (link and email), preview, accept in Dutch, single use, expiry, revoke, join
// with an existing account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../server/domain/clock.ts';
import { TestClient } from '../helpers/client.ts';
import { addMember, createOrganisation, createProgramme, createUser, invite, loginAs, PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
let orgId: string;
let coord: Awaited<ReturnType<typeof addMember>>;
let cc: TestClient;
let programmeId: string;

beforeAll(async () => {
  t = await startTestServer({ mail: true });
  const o = await createOrganisation(t.services, 'Duo voor Werk');
  orgId = o.id;
  programmeId = (await createProgramme(t.services, orgId, { name: 'Voorjaar 2026' })).id;
  coord = await addMember(t.services, orgId, 'coordinator');
  cc = await loginAs(t.url, coord);
});
afterAll(async () => t?.stop());

describe('invitations', () => {
  it('goes from creation to a Dutch sign-up, logged in, in the programme; the link then is used', async () => {
    const created = await cc.post(`/api/organisations/${orgId}/invitations`, { role: 'mentee', programmeId, locale: 'nl' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'mentee', programmeId, locale: 'nl', organisationId: orgId });
    expect(created.body.url).toMatch(new RegExp(`^http://localhost:${t.port}/invite/[\\w-]{43}$`));
    const token = created.body.url.split('/').pop();
    expect(new Date(created.body.expiresAt).getTime() - t.clock.now().getTime()).toBe(7 * DAY);

    const visitor = new TestClient(t.url);
    const preview = await visitor.get(`/api/invitations/by-token/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({ organisationName: 'Duo voor Werk', programmeName: 'Voorjaar 2026', role: 'mentee', locale: 'nl', expiresAt: created.body.expiresAt });

    const accepted = await visitor.post(`/api/invitations/by-token/${token}/accept`, { name: 'Lotte Peeters', email: 'lotte@example.org', password: PASSWORD });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ name: 'Lotte Peeters', locale: 'nl', email: 'lotte@example.org' });
    expect(accepted.body.memberships).toEqual([expect.objectContaining({ organisationId: orgId, role: 'mentee' })]);
    expect((await visitor.get('/api/me')).status).toBe(200);
    expect((await visitor.get(`/api/programmes/${programmeId}`)).status).toBe(200);

    expect((await new TestClient(t.url).get(`/api/invitations/by-token/${token}`)).status).toBe(410);
    const twice = await new TestClient(t.url).post(`/api/invitations/by-token/${token}/accept`, { name: 'X', email: 'x@example.org', password: PASSWORD });
    expect(twice.status).toBe(410);

    const list = await cc.get(`/api/organisations/${orgId}/invitations`);
    expect(list.body.find((i: { id: string }) => i.id === created.body.id).usedAt).toBeTruthy();
    expect(list.body[0].url).toBeUndefined();
  });

  it('emails the invitation in the invitee language when SMTP is configured', async () => {
    const r = await cc.post(`/api/organisations/${orgId}/invitations`, { role: 'mentor', email: 'Pieter@Example.org', locale: 'nl' });
    expect(r.status).toBe(201);
    const mail = t.outbox.find((m) => m.to === 'pieter@example.org')!;
    expect(mail.subject).toBe('Uitnodiging om Duo voor Werk te vervoegen op Binôme');
    expect(mail.text).toContain(r.body.url);
    // The email given at invitation is used when the invitee does not type one.
    const ok = await new TestClient(t.url).post(`/api/invitations/by-token/${r.body.url.split('/').pop()}/accept`, { name: 'Pieter', password: PASSWORD });
    expect(ok.status).toBe(201);
    expect(ok.body.user.email).toBe('pieter@example.org');
  });

  it('expires after seven days', async () => {
    const inv = await invite(t.services, { orgId, by: coord.id, role: 'mentee' });
    t.clock.advance(7 * DAY + 1);
    const r = await new TestClient(t.url).get(`/api/invitations/by-token/${inv.token}`);
    expect(r.status).toBe(410);
    const a = await new TestClient(t.url).post(`/api/invitations/by-token/${inv.token}/accept`, { name: 'Late', email: 'late@example.org', password: PASSWORD });
    expect(a.status).toBe(410);
  });

  it('can be revoked, then it is gone', async () => {
    const inv = await invite(t.services, { orgId, by: coord.id, role: 'mentor' });
    expect((await cc.delete(`/api/invitations/${inv.id}`)).status).toBe(204);
    expect((await new TestClient(t.url).get(`/api/invitations/by-token/${inv.token}`)).status).toBe(410);
    expect((await cc.delete(`/api/invitations/${inv.id}`)).status).toBe(404);
    const list = await cc.get(`/api/organisations/${orgId}/invitations`);
    expect(list.body.some((i: { id: string }) => i.id === inv.id)).toBe(false);
  });

  it('answers 404 to an unknown token and 400 to a malformed one', async () => {
    expect((await new TestClient(t.url).get(`/api/invitations/by-token/${'A'.repeat(43)}`)).status).toBe(404);
    const bad = await new TestClient(t.url).get(`/api/invitations/by-token/short`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('token');
  });

  it('lets a logged-in person join with their account', async () => {
    const other = await createOrganisation(t.services);
    const u = await addMember(t.services, other.id, 'mentor');
    const c = await loginAs(t.url, u);
    const inv = await invite(t.services, { orgId, by: coord.id, role: 'mentor', programmeId });
    const r = await c.post(`/api/invitations/by-token/${inv.token}/accept`, {});
    expect(r.status).toBe(201);
    expect(r.body.memberships.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual([orgId, other.id].sort());
  });

  it('refuses a new account for an email that exists (log in first), and leaves the link usable', async () => {
    const u = await createUser(t.services);
    const inv = await invite(t.services, { orgId, by: coord.id, role: 'mentee' });
    const r = await new TestClient(t.url).post(`/api/invitations/by-token/${inv.token}/accept`, { name: 'Dup', email: u.email, password: PASSWORD });
    expect(r.status).toBe(409);
    expect(r.body.error.field).toBe('email');
    expect((await new TestClient(t.url).get(`/api/invitations/by-token/${inv.token}`)).status).toBe(200);
  });

  it('lets a coordinator invite anyone but an admin, and checks the programme is of the organisation', async () => {
    expect((await cc.post(`/api/organisations/${orgId}/invitations`, { role: 'admin', locale: 'fr' })).status).toBe(403);
    const elsewhere = await createProgramme(t.services, (await createOrganisation(t.services)).id);
    const r = await cc.post(`/api/organisations/${orgId}/invitations`, { role: 'mentee', programmeId: elsewhere.id, locale: 'fr' });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('programmeId');
  });
});
