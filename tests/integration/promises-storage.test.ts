// What the README promises about stored secrets, read straight from the database: sessions are kept only as an
// HMAC of the cookie's token, expiring records carry TTL indexes, and passwords are hashed with argon2id at the
// production cost when no cost is injected.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_TTL_MS } from '../../server/domain/sessions.ts';
import { LIMITER_NAMES } from '../../server/domain/limits.ts';
import { TestClient } from '../helpers/client.ts';
import { createUser, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  // No hash cost given: the one production uses (the helper otherwise lowers it to keep tests fast).
  t = await startTestServer({ hashCost: undefined });
});
afterAll(async () => t?.stop());

const db = () => t.binome.connection.db!;

/** Every document of every collection, as extended JSON text, to search for a secret in any field. */
async function everything(): Promise<string> {
  const parts: string[] = [];
  for (const { name } of await db().listCollections().toArray()) {
    for (const doc of await db().collection(name).find({}).toArray()) parts.push(JSON.stringify(doc));
  }
  return parts.join('\n');
}

describe('sessions', () => {
  it('are stored only as an HMAC of the cookie token: the token is nowhere in the database', async () => {
    const u = await createUser(t.services, { name: 'Lotte Jacobs' });
    const c = await loginAs(t.url, u);
    const token = c.cookies.get('binome_session')!;
    expect(token).toMatch(/^[\w-]{43}$/);

    const stored = await db().collection('sessions').find({ userId: u.user._id }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).toBe(t.services.sessions.hash(token));
    // keyed: not a plain digest that anyone could compute from a guessed token
    expect(stored[0].tokenHash).not.toBe(createHash('sha256').update(token).digest('hex'));
    const bytes = Buffer.from(token, 'base64url');
    const all = await everything();
    for (const form of [token, bytes.toString('hex'), bytes.toString('base64'), createHash('sha256').update(token).digest('hex')]) {
      expect(all).not.toContain(form);
    }
    // and the stored hash is not a cookie: presenting it does not log in
    const replay = new TestClient(t.url);
    replay.cookies.set('binome_session', stored[0].tokenHash);
    expect((await replay.get('/api/me')).status).toBe(401);
    expect((await c.get('/api/me')).status).toBe(200);
  });

  it('carry their expiry for the TTL index, 14 days after the last use', async () => {
    const u = await createUser(t.services, { name: 'Hugo Moreau' });
    await loginAs(t.url, u);
    const [s] = await db().collection('sessions').find({ userId: u.user._id }).toArray();
    expect((s.expiresAt as Date).getTime() - t.clock.now().getTime()).toBe(SESSION_TTL_MS);
  });
});

describe('TTL indexes', () => {
  it('remove sessions at their expiry, reset links a day after theirs, and the login counters at the end of their window', async () => {
    const ttl = async (collection: string) =>
      (await db().collection(collection).indexes()).filter((ix) => ix.expireAfterSeconds !== undefined).map((ix) => ({ key: ix.key, expireAfterSeconds: ix.expireAfterSeconds }));
    expect(await ttl('sessions')).toEqual([{ key: { expiresAt: 1 }, expireAfterSeconds: 0 }]);
    expect(await ttl('passwordresets')).toEqual([{ key: { expiresAt: 1 }, expireAfterSeconds: 24 * 3600 }]);
    for (const name of LIMITER_NAMES) expect(await ttl(name)).toEqual([{ key: { expire: -1 }, expireAfterSeconds: 0 }]);
  });
  // That the engine enforces TTL indexes is its own test (tests/engine/ttl.test.ts).
});

describe('password hashes', () => {
  it('are argon2id at the production cost (64 MiB, 3 passes, 4 lanes) when no cost is injected', async () => {
    const u = await createUser(t.services, { name: 'Pieter Claes' });
    const stored = await db().collection('users').findOne({ _id: u.user._id });
    // $argon2id$v=19$m=…,t=…,p=…$salt$hash (the library writes the parameters in its own order)
    const phc = /^\$(argon2\w+)\$v=(\d+)\$([^$]+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(stored?.passwordHash ?? '');
    expect(phc).not.toBeNull();
    const [, type, version, params] = phc!;
    expect({ type, version }).toEqual({ type: 'argon2id', version: '19' });
    expect(Object.fromEntries(params.split(',').map((p) => p.split('=')))).toEqual({ m: '65536', t: '3', p: '4' });
    expect(stored?.passwordHash).not.toContain(u.password);
    // and that hash is the one login checks
    expect((await new TestClient(t.url).post('/api/auth/login', { email: u.email, password: u.password })).status).toBe(200);
  });
});
