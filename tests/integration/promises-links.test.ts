// Single-use links under concurrency, and the positive control of emailed reset links: two people using one
// invitation or one reset link at the same instant, exactly one succeeds; an emailed link works before it
// expires (so the refusals elsewhere are refusals of a real link, not of a token read wrongly from the email).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/domain/clock.ts';
import { toId } from '../../server/data/models.ts';
import { TestClient } from '../helpers/client.ts';
import { addMember, createOrganisation, createProgramme, createUser, invite, PASSWORD, uniqueEmail } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ mail: true });
});
afterAll(async () => t?.stop());

const login = (email: string, password: string) => new TestClient(t.url).post('/api/auth/login', { email, password });

/** The token of the last reset link mailed to `to`. */
function mailedToken(to: string): string {
  const mail = t.outbox.filter((m) => m.to === to).at(-1);
  const match = mail && /\/reset\/([\w-]{43})\b/.exec(mail.text);
  if (!match) throw new Error(`no reset link mailed to ${to}`);
  return match[1];
}

describe('an emailed reset link', () => {
  it('sets the new password when used within its hour, once; the old password stops working', async () => {
    const u = await createUser(t.services, { name: 'Olivia Harris', locale: 'en' });
    expect((await new TestClient(t.url).post('/api/auth/reset-request', { email: u.email })).status).toBe(202);
    const token = mailedToken(u.email);
    t.clock.advance(59 * MINUTE);
    expect((await new TestClient(t.url).post('/api/auth/reset', { token, password: 'my fresh new password' })).status).toBe(204);
    expect((await login(u.email, 'my fresh new password')).status).toBe(200);
    expect((await login(u.email, PASSWORD)).status).toBe(401);
    expect((await new TestClient(t.url).post('/api/auth/reset', { token, password: 'yet another password' })).status).toBe(410);
  });

  it('is refused once its hour has passed, and the password is unchanged', async () => {
    const u = await createUser(t.services, { name: 'Jonas De Vos', locale: 'nl' });
    await new TestClient(t.url).post('/api/auth/reset-request', { email: u.email });
    const token = mailedToken(u.email);
    t.clock.advance(61 * MINUTE);
    expect((await new TestClient(t.url).post('/api/auth/reset', { token, password: 'my fresh new password' })).status).toBe(410);
    expect((await login(u.email, PASSWORD)).status).toBe(200);
  });
});

describe('two people at the same instant', () => {
  it('accepting one invitation: exactly one gets in', async () => {
    const { id: orgId, admin } = await createOrganisation(t.services);
    const programme = await createProgramme(t.services, orgId);
    const inv = await invite(t.services, { orgId, by: admin.id, role: 'mentee', programmeId: programme.id });
    const people = [
      { name: 'Léa Fontaine', email: uniqueEmail('lea') },
      { name: 'Ruben Claeys', email: uniqueEmail('ruben') },
      { name: 'Amelia Clarke', email: uniqueEmail('amelia') }
    ];
    const answers = await Promise.all(
      people.map((p) => new TestClient(t.url).post(`/api/invitations/by-token/${inv.token}/accept`, { ...p, password: PASSWORD, locale: 'fr' }))
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 410 || s === 409)).toBe(true);
    // one new member, and the losers have no account left behind
    const mentees = await t.services.repos.memberships.listActive(toId(orgId), { role: 'mentee' });
    expect(mentees).toHaveLength(1);
    const winner = people[statuses.indexOf(201)];
    expect(String(mentees[0].userId)).toBe(String((await t.services.repos.users.findByEmail(winner.email))!._id));
    for (const p of people) if (p !== winner) expect(await t.services.repos.users.findByEmail(p.email)).toBeNull();
  });

  it('using one reset link: exactly one password is set', async () => {
    const { id: orgId } = await createOrganisation(t.services);
    const mentee = await addMember(t.services, orgId, 'mentee', { name: 'Nour El Amrani' });
    const { url } = await t.services.resets.createLink(mentee.user._id, null);
    const token = url.split('/').pop()!;
    const passwords = ['first new password', 'second new password', 'third new password'];
    const answers = await Promise.all(passwords.map((password) => new TestClient(t.url).post('/api/auth/reset', { token, password })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 204)).toEqual([410, 410]);
    const winner = passwords[statuses.indexOf(204)];
    for (const password of passwords) expect((await login(mentee.email, password)).status).toBe(password === winner ? 200 : 401);
  });
});
