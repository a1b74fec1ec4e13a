// Invitations and reset links follow the rights of the people behind them. Removing a member or changing their
// role voids what they handed out and any reset link for them; an invitation made before a removal does not undo
// it; a reset link is judged again by today's rules when used; a newer link or a new password voids older ones.
// Each rule has a positive control, so that a link refused for the wrong reason (say, any token) cannot pass.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/clock.ts';
import { TestClient } from '../helpers/client.ts';
import { addMember, createOrganisation, invite, loginAs, PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.stop());

const NEW_PASSWORD = 'un tout nouveau mot de passe';
const tokenOf = (url: string) => url.split('/').pop()!;
const useReset = (token: string, password = NEW_PASSWORD) => new TestClient(t.url).post('/api/auth/reset', { token, password });
const preview = (token: string) => new TestClient(t.url).get(`/api/invitations/by-token/${token}`);
/** Time moves on between steps, as it does between people's actions (ties are judged against the link). */
const later = () => t.clock.advance(MINUTE);

async function handOut(c: TestClient, orgId: string, membershipId: string): Promise<string> {
  const r = await c.post(`/api/organisations/${orgId}/members/${membershipId}/reset-link`);
  expect(r.status).toBe(201);
  return tokenOf(r.body.url);
}

async function organisationWithCoordinator() {
  const org = await createOrganisation(t.services);
  const admin = await loginAs(t.url, org.admin);
  const coordinator = await addMember(t.services, org.id, 'coordinator', { name: 'Sophie Lambert' });
  const cc = await loginAs(t.url, coordinator);
  const mentee = await addMember(t.services, org.id, 'mentee', { name: 'Youssef Amrani' });
  return { org, admin, coordinator, cc, mentee };
}

describe('removing a member', () => {
  it('voids the invitations and reset links they handed out, and the reset links for them', async () => {
    const { org, admin, coordinator, cc, mentee } = await organisationWithCoordinator();
    const other = await addMember(t.services, org.id, 'mentor', { name: 'Lotte De Smet' });
    const invitation = await invite(t.services, { orgId: org.id, by: coordinator.id, role: 'mentor' });
    const theirs = await handOut(cc, org.id, mentee.membershipId);
    const forThem = await handOut(admin, org.id, coordinator.membershipId);
    // control: another admin-made link, untouched by this removal, works afterwards
    const control = await handOut(admin, org.id, other.membershipId);
    expect((await preview(invitation.token)).status).toBe(200);

    later();
    expect((await admin.delete(`/api/organisations/${org.id}/members/${coordinator.membershipId}`)).status).toBe(204);

    expect((await preview(invitation.token)).status).toBe(410);
    expect((await useReset(theirs)).status).toBe(410);
    expect((await useReset(forThem)).status).toBe(410);
    expect((await useReset(control)).status).toBe(204);
    expect((await new TestClient(t.url).post('/api/auth/login', { email: other.email, password: NEW_PASSWORD })).status).toBe(200);
    // nothing was changed by the refused links
    expect((await new TestClient(t.url).post('/api/auth/login', { email: mentee.email, password: PASSWORD })).status).toBe(200);
  });
});

describe('changing a role', () => {
  it('voids what the person handed out under the old role, and the reset links for them', async () => {
    const { org, admin, coordinator, cc, mentee } = await organisationWithCoordinator();
    const invitation = await invite(t.services, { orgId: org.id, by: coordinator.id, role: 'mentee' });
    const theirs = await handOut(cc, org.id, mentee.membershipId);
    const forThem = await handOut(admin, org.id, coordinator.membershipId);

    later();
    const r = await admin.patch(`/api/organisations/${org.id}/members/${coordinator.membershipId}`, { role: 'mentor' });
    expect(r.status).toBe(200);

    expect((await preview(invitation.token)).status).toBe(410);
    expect((await useReset(theirs)).status).toBe(410);
    expect((await useReset(forThem)).status).toBe(410);
    // control: a link the admin makes now for the mentee works
    expect((await useReset(await handOut(admin, org.id, mentee.membershipId))).status).toBe(204);
  });
});

describe('an invitation and a removed membership', () => {
  it('does not bring a removed admin back with an invitation made before the removal; a new one from an admin does', async () => {
    const org = await createOrganisation(t.services);
    const admin = await loginAs(t.url, org.admin);
    const second = await addMember(t.services, org.id, 'admin', { name: 'Hélène Dubois' });
    const old = await invite(t.services, { orgId: org.id, by: org.admin.id, role: 'admin' });

    later();
    expect((await admin.delete(`/api/organisations/${org.id}/members/${second.membershipId}`)).status).toBe(204);
    later();
    const removed = await loginAs(t.url, second);
    const refused = await removed.post(`/api/invitations/by-token/${old.token}/accept`, {});
    expect(refused.status).toBe(410);
    const membership = await t.services.repos.memberships.findById(second.membership._id);
    expect(membership).toMatchObject({ status: 'removed', role: 'admin' });

    // A coordinator cannot issue one for the admin role at all; an admin's new invitation brings her back.
    const coordinator = await addMember(t.services, org.id, 'coordinator');
    const cc = await loginAs(t.url, coordinator);
    expect((await cc.post(`/api/organisations/${org.id}/invitations`, { role: 'admin' })).status).toBe(403);
    later();
    const fresh = await admin.post(`/api/organisations/${org.id}/invitations`, { role: 'admin' });
    expect(fresh.status).toBe(201);
    const accepted = await removed.post(`/api/invitations/by-token/${tokenOf(fresh.body.url)}/accept`, {});
    expect(accepted.status).toBe(201);
    expect(await t.services.repos.memberships.findById(second.membership._id)).toMatchObject({ status: 'active', role: 'admin' });
  });

  it('refuses an invitation whose creator may no longer issue it', async () => {
    const { org, admin, coordinator } = await organisationWithCoordinator();
    const invitation = await invite(t.services, { orgId: org.id, by: coordinator.id, role: 'mentor' });
    // The coordinator's own account goes (which revokes nothing by itself): the rights behind the link are gone.
    later();
    const cc = await loginAs(t.url, coordinator);
    expect((await cc.delete('/api/me', { password: PASSWORD })).status).toBe(204);
    expect((await preview(invitation.token)).status).toBe(410);
    const signUp = await new TestClient(t.url).post(`/api/invitations/by-token/${invitation.token}/accept`, {
      name: 'Emma Janssens',
      email: 'emma.janssens@example.org',
      password: PASSWORD
    });
    expect(signUp.status).toBe(410);
    expect(await t.services.repos.users.findByEmail('emma.janssens@example.org')).toBeNull();
    // control: the admin's invitation works
    const ok = await invite(t.services, { orgId: org.id, by: org.admin.id, role: 'mentor' });
    expect((await preview(ok.token)).status).toBe(200);
    expect((await admin.get(`/api/organisations/${org.id}`)).status).toBe(200);
  });
});

describe('a reset link judged again when used', () => {
  it('is refused once its creator has gone, even though nothing revoked it', async () => {
    const { org, cc, coordinator, mentee } = await organisationWithCoordinator();
    const token = await handOut(cc, org.id, mentee.membershipId);
    later();
    expect((await cc.delete('/api/me', { password: PASSWORD })).status).toBe(204);
    expect(await t.services.repos.users.findById(coordinator.user._id)).toMatchObject({ deletedAt: expect.any(Date) });
    expect((await useReset(token)).status).toBe(410);
    expect((await new TestClient(t.url).post('/api/auth/login', { email: mentee.email, password: PASSWORD })).status).toBe(200);
  });

  it('is refused once the person reaches beyond the organisation (joined another one)', async () => {
    const { org, cc, mentee } = await organisationWithCoordinator();
    const token = await handOut(cc, org.id, mentee.membershipId);
    const elsewhere = await createOrganisation(t.services);
    later();
    await addMember(t.services, elsewhere.id, 'mentee', { user: mentee });
    expect((await useReset(token)).status).toBe(410);
    expect((await new TestClient(t.url).post('/api/auth/login', { email: mentee.email, password: PASSWORD })).status).toBe(200);
  });

  it('is refused once the person is no longer a member there', async () => {
    const { org, cc, mentee } = await organisationWithCoordinator();
    const token = await handOut(cc, org.id, mentee.membershipId);
    later();
    // Straight in the database, as another process or an old version might leave it: the check at use still holds.
    await t.services.repos.memberships.update(mentee.membership._id, { status: 'removed' });
    expect((await useReset(token)).status).toBe(410);
  });
});

describe('newer links and new passwords', () => {
  it('a newer reset link voids the older one', async () => {
    const { org, admin, cc, mentee } = await organisationWithCoordinator();
    const older = await handOut(cc, org.id, mentee.membershipId);
    later();
    const newer = await handOut(admin, org.id, mentee.membershipId);
    expect((await useReset(older)).status).toBe(410);
    expect((await useReset(newer)).status).toBe(204);
  });

  it('a password change voids the reset links still open', async () => {
    const { org, cc, mentee } = await organisationWithCoordinator();
    const token = await handOut(cc, org.id, mentee.membershipId);
    later();
    const mc = await loginAs(t.url, mentee);
    expect((await mc.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'mon propre nouveau mot de passe' })).status).toBe(204);
    expect((await useReset(token)).status).toBe(410);
    expect((await new TestClient(t.url).post('/api/auth/login', { email: mentee.email, password: 'mon propre nouveau mot de passe' })).status).toBe(200);
  });

  it('a password set through a reset link voids the other open links (emailed ones too)', async () => {
    const { org, cc, mentee } = await organisationWithCoordinator();
    const handed = await handOut(cc, org.id, mentee.membershipId);
    // An emailed link made meanwhile replaces the handed one; using it voids nothing else that is left.
    const emailed = tokenOf((await t.services.resets.createLink(mentee.user._id, null)).url);
    expect((await useReset(handed)).status).toBe(410);
    expect((await useReset(emailed)).status).toBe(204);
    expect((await useReset(emailed, 'encore un autre mot de passe')).status).toBe(410);
  });
});
