// TRUST_PROXY=1 behind a reverse proxy: the app takes the client address the proxy appended to X-Forwarded-For,
// not one the client wrote itself. A client forging the header (a new address for every try) can lift neither
// the login lockout nor the per-address limit. The proxy here is a real one on a socket of its own, appending
// the connecting address as nginx's $proxy_add_x_forwarded_for does.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.ts';
import { createUser, PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const FAILURES = 3;
const PER_ADDRESS = 12;

let t: TestServer;
let proxy: Server;
let proxyUrl: string;

/** A reverse proxy in front of `target`: same request, Host rewritten, the peer's address appended to X-Forwarded-For. */
function startProxy(target: URL): Promise<Server> {
  const server = createServer((req, res) => {
    const forwarded = req.headers['x-forwarded-for'];
    const peer = req.socket.remoteAddress!.replace(/^::ffff:/, '');
    const headers = { ...req.headers, host: target.host, 'x-forwarded-for': forwarded ? `${String(forwarded)}, ${peer}` : peer };
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  t = await startTestServer({
    env: { TRUST_PROXY: '1' },
    limits: { failuresPerAccount: FAILURES, lockoutSeconds: 900, attemptsPerIp: PER_ADDRESS, ipWindowSeconds: 900 }
  });
  proxy = await startProxy(new URL(t.url));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await t?.stop();
});

/** Through the proxy, the browser's Origin being the app's public one (the proxy serves it). */
const viaProxy = () => new TestClient(proxyUrl, t.url);
const forged = (i: number) => ({ 'x-forwarded-for': `198.51.100.${i}` });

describe('TRUST_PROXY=1 behind a reverse proxy', () => {
  it('keeps the login lockout when every try forges another X-Forwarded-For', async () => {
    const u = await createUser(t.services, { name: 'Maaike Verbruggen' });
    for (let i = 1; i <= FAILURES; i++) {
      const r = await viaProxy().post('/api/auth/login', { email: u.email, password: 'not the password' }, forged(i));
      expect(r.status).toBe(401);
    }
    // Even with the right password and yet another forged address: locked.
    const locked = await viaProxy().post('/api/auth/login', { email: u.email, password: PASSWORD }, forged(99));
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_requests');

    // Control: the lockout is per client address, and the address is the one the proxy appended. Another client
    // behind the same proxy (the proxy wrote its address last) is not locked out and logs in.
    const other = await new TestClient(t.url).post('/api/auth/login', { email: u.email, password: PASSWORD }, { 'x-forwarded-for': '203.0.113.50' });
    expect(other.status).toBe(200);
  });

  it('keeps the per-address limit when every request forges another X-Forwarded-For', async () => {
    // What the earlier test used of this address's allowance, then the rest of it, each with a new forged address.
    const statuses: number[] = [];
    for (let i = 0; i < PER_ADDRESS; i++) {
      const r = await viaProxy().post('/api/auth/reset-request', { email: `nobody.${i}@example.org` }, forged(100 + i));
      statuses.push(r.status);
    }
    // Allowed until the address's allowance is used up, refused from then on, whatever the forged header says.
    const firstRefusal = statuses.indexOf(429);
    expect(firstRefusal).toBeGreaterThan(0);
    expect(statuses.slice(firstRefusal).every((s) => s === 429)).toBe(true);
    const refused = await viaProxy().post('/api/auth/reset-request', { email: 'nobody.last@example.org' }, forged(250));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_requests');

    // Control: a different client address (as written last by the proxy) still has its own allowance.
    const other = await new TestClient(t.url).post('/api/auth/reset-request', { email: 'nobody@example.org' }, { 'x-forwarded-for': '203.0.113.51' });
    expect(other.status).toBe(202);
  });
});
