// First-run setup needs the one-time code the server printed at start and wrote to DATA_DIR/setup-code (mode
// 600): a wrong or missing code is refused and creates nothing, the right one works once, the route is limited
// per address, and a restart before setup keeps the same code while one after setup makes none.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const CODE_SHAPE = /^[A-HJKMNP-TV-Z2-9]{5}(-[A-HJKMNP-TV-Z2-9]{5}){3}$/;
const account = { organisationName: 'Duo Gent vzw', name: 'Sanne Willems', email: 'sanne.willems@example.org', password: PASSWORD, locale: 'nl' };

async function nothingCreated(t: TestServer) {
  expect(await t.services.repos.users.count()).toBe(0);
  expect(await t.binome.connection.collection('organisations').countDocuments()).toBe(0);
  expect(await t.binome.connection.collection('memberships').countDocuments()).toBe(0);
  expect((await new TestClient(t.url).get('/api/setup')).body).toEqual({ needed: true });
}

describe('the setup code', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ limits: { failuresPerAccount: 5, lockoutSeconds: 900, attemptsPerIp: 1000, ipWindowSeconds: 900 } });
  });
  afterAll(async () => t?.stop());

  it('is generated on an empty instance and kept in DATA_DIR/setup-code, readable by the owner only', async () => {
    const code = t.setupCode();
    expect(code).toMatch(CODE_SHAPE);
    const file = t.binome.services.setupCode.location;
    expect(file.endsWith('/setup-code')).toBe(true);
    expect((await readFile(file, 'utf8')).trim()).toBe(code);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('refuses a missing code and creates nothing', async () => {
    const r = await new TestClient(t.url).post('/api/setup', account);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid', field: 'setupCode' });
    await nothingCreated(t);
  });

  it('refuses a wrong code, even one differing in a single character, and creates nothing', async () => {
    const code = t.setupCode()!;
    const oneOff = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    for (const wrong of ['', 'ABCDE', oneOff, `${code}X`]) {
      const r = await new TestClient(t.url).post('/api/setup', { setupCode: wrong, ...account });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'invalid', field: 'setupCode' });
    }
    await nothingCreated(t);
    expect(t.setupCode()).toBe(code);
  });

  it('accepts the right code once (typed in lower case, without dashes), then never again', async () => {
    const code = t.setupCode()!;
    const c = new TestClient(t.url);
    const r = await c.post('/api/setup', { setupCode: code.toLowerCase().replaceAll('-', ' '), ...account });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ email: account.email, isInstanceAdmin: true });
    expect(t.setupCode()).toBeNull();
    await expect(stat(t.binome.services.setupCode.location)).rejects.toMatchObject({ code: 'ENOENT' });

    const again = await new TestClient(t.url).post('/api/setup', { setupCode: code, ...account, email: 'other@example.org' });
    expect(again.status).toBe(409);
    expect(await t.services.repos.users.count()).toBe(1);
    // (the counts nothingCreated reads do see what a setup creates)
    expect(await t.binome.connection.collection('organisations').countDocuments()).toBe(1);
    expect(await t.binome.connection.collection('memberships').countDocuments()).toBe(1);
  });
});

describe('the setup route', () => {
  it('is limited per address: wrong codes cannot be tried without end', async () => {
    const t = await startTestServer({ limits: { failuresPerAccount: 5, lockoutSeconds: 900, attemptsPerIp: 4, ipWindowSeconds: 900 } });
    try {
      for (let i = 0; i < 4; i++) expect((await new TestClient(t.url).post('/api/setup', { setupCode: `WRONG-${i}`, ...account })).status).toBe(400);
      const limited = await new TestClient(t.url).post('/api/setup', { setupCode: t.setupCode(), ...account });
      expect(limited.status).toBe(429);
      await nothingCreated(t);
    } finally {
      await t.stop();
    }
  });
});

describe('across restarts', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('keeps the same code until setup, and makes none once the instance is set up', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'binome-setup-code-'));
    dirs.push(dataDir);
    const env = { DATA_DIR: dataDir, MONGODB_URI: '' };
    const first = await startTestServer({ inMemoryEngine: false, env });
    const code = first.setupCode();
    await first.stop();

    const second = await startTestServer({ inMemoryEngine: false, env });
    try {
      expect(second.setupCode()).toBe(code);
      expect((await new TestClient(second.url).post('/api/setup', { setupCode: code, ...account })).status).toBe(201);
    } finally {
      await second.stop();
    }

    const third = await startTestServer({ inMemoryEngine: false, env });
    try {
      expect(third.setupCode()).toBeNull();
      await expect(stat(join(dataDir, 'setup-code'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await third.stop();
    }
  });
});
