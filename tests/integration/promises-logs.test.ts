// The logs never hold a secret handed to a person: no session cookie, no invitation or reset token. Real requests
// at the most verbose level, every line the server writes read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import { TestClient } from '../helpers/client.ts';
import { addMember, createOrganisation, loginAs, PASSWORD, uniqueEmail } from '../helpers/factories.ts';
import { logLines, startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, rawSocket } from '../collab/collab-helpers.ts';

const { lines, sink } = logLines();

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ logLevel: 'trace', logTo: sink, mail: true });
});
afterAll(async () => t?.stop());

const tokenOf = (url: string) => url.split('/').pop()!;

describe('logs', () => {
  it('hold no cookie value and no invitation, reset or calendar-feed token, at level trace', async () => {
    const secrets: string[] = [];
    const { id: orgId } = await createOrganisation(t.services, 'Backstage Network Antwerpen');
    const coordinator = await addMember(t.services, orgId, 'coordinator', { name: 'Wouter Maes' });
    const cc = await loginAs(t.url, coordinator);
    secrets.push(cc.cookies.get('binome_session')!);

    // an invitation: created, previewed, accepted, then tried again
    const inv = await cc.post(`/api/organisations/${orgId}/invitations`, { role: 'mentee', email: uniqueEmail('amina'), locale: 'fr' });
    expect(inv.status).toBe(201);
    const invitation = tokenOf(inv.body.url);
    secrets.push(invitation);
    const invitee = new TestClient(t.url);
    expect((await invitee.get(`/api/invitations/by-token/${invitation}`)).status).toBe(200);
    const accepted = await invitee.post(`/api/invitations/by-token/${invitation}/accept`, { name: 'Amina Benali', password: PASSWORD, locale: 'fr' });
    expect(accepted.status).toBe(201);
    secrets.push(invitee.cookies.get('binome_session')!);
    expect((await new TestClient(t.url).get(`/api/invitations/by-token/${invitation}?again=1`)).status).toBe(410);

    // a reset link handed over by the coordinator, and one sent by email; both used
    const mentee = await addMember(t.services, orgId, 'mentee', { name: 'Kobe Jacobs' });
    const handed = await cc.post(`/api/organisations/${orgId}/members/${mentee.membershipId}/reset-link`);
    secrets.push(tokenOf(handed.body.url));
    expect((await new TestClient(t.url).post('/api/auth/reset', { token: tokenOf(handed.body.url), password: 'a brand new password' })).status).toBe(204);
    expect((await new TestClient(t.url).post('/api/auth/reset-request', { email: mentee.email })).status).toBe(202);
    const emailed = /\/reset\/([\w-]{43})/.exec(t.outbox.at(-1)!.text)![1];
    secrets.push(emailed);
    expect((await new TestClient(t.url).post('/api/auth/reset', { token: emailed, password: 'another new password' })).status).toBe(204);
    expect((await new TestClient(t.url).post('/api/auth/reset', { token: emailed, password: 'another new password' })).status).toBe(410);

    // a private calendar feed, fetched by a calendar app with its token alone
    const feed = await cc.post('/api/me/calendar-feed');
    expect(feed.status).toBe(201);
    const feedToken = tokenOf(feed.body.url as string).replace(/\.ics$/, '');
    secrets.push(feedToken);
    expect((await new TestClient(t.url, null).get(new URL(feed.body.url as string).pathname)).status).toBe(200);

    // a refused request, a collaboration socket and a Socket.IO handshake with the cookie, then logout
    expect((await invitee.get('/api/organisations/000000000000000000000000')).status).toBeGreaterThanOrEqual(400);
    const socket = rawSocket(t.url, 'bogus:1', cookieOf(invitee));
    expect(await socket.closed).toBe(CLOSE_CODES.notFound);
    await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie: cookieOf(cc), origin: t.url } });
    expect((await cc.post('/api/auth/logout')).status).toBe(204);

    // the requests were logged (so the search below reads real lines)
    const parsed = lines.map((l) => JSON.parse(l) as { req?: { url?: string } });
    expect(parsed.some((l) => l.req?.url?.startsWith('/api/invitations/by-token/'))).toBe(true);
    expect(parsed.some((l) => l.req?.url === '/api/auth/reset')).toBe(true);
    expect(parsed.some((l) => l.req?.url === '/api/auth/logout')).toBe(true);
    expect(parsed.some((l) => l.req?.url?.startsWith('/api/calendar/'))).toBe(true);
    expect(secrets).toHaveLength(6);
    for (const secret of secrets) {
      expect(secret).toMatch(/^[\w-]{43}$/);
      expect(lines.filter((l) => l.includes(secret))).toEqual([]);
    }
  });
});
