// `npm run seed:demo` on an empty DATA_DIR, then the app on the same data: the demo accounts work. And the
// script refuses clearly while the app holds the database.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/app.ts';
import { TestClient } from '../helpers/client.ts';
import { cvToJson } from '../../src/lib/shared/cv/json.ts';
import { cvDocName } from '../../src/lib/shared/cv/model.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let dataDir: string;
const secret = randomBytes(32).toString('hex');

function seed(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/seed-demo.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, MONGODB_URI: '', DATA_DIR: dataDir, SESSION_SECRET: secret }
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'binome-seed-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

// Always on the embedded engine (MONGODB_URI emptied): the demo must never land in a real database by accident.
describe('seed:demo', () => {
  let t: TestServer | undefined;
  afterAll(async () => t?.stop());

  it('fills an empty instance and prints every demo account with its role', async () => {
    const r = await seed();
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('binome-demo-2026');
    const accounts = r.out.split('\n').filter((l) => /@demo\.binome\.example\s+(admin|coordinator|mentor|mentee)\s/.test(l));
    expect(accounts).toHaveLength(23);
    expect(accounts.filter((l) => /\smentor\s/.test(l))).toHaveLength(10);
    expect(accounts.filter((l) => /\smentee\s/.test(l))).toHaveLength(10);
  });

  it('gives an app on the same data where a coordinator sees the two programmes and the duos', async () => {
    t = await startTestServer({ inMemoryEngine: false, env: { DATA_DIR: dataDir, MONGODB_URI: '' } });
    const c = new TestClient(t.url);
    const me = await c.post('/api/auth/login', { email: 'claire.dubois@demo.binome.example', password: 'binome-demo-2026' });
    expect(me.status).toBe(200);
    const orgId = me.body.memberships[0].organisationId;
    const programmes = (await c.get(`/api/organisations/${orgId}/programmes`)).body;
    expect(programmes).toHaveLength(2);
    const duos = (await Promise.all(programmes.map((p: { id: string }) => c.get(`/api/programmes/${p.id}/duos`)))).flatMap((r) => r.body);
    expect(duos).toHaveLength(7);
    const mentee = new TestClient(t.url);
    expect((await mentee.post('/api/auth/login', { email: 'aminata.diallo@demo.binome.example', password: 'binome-demo-2026' })).status).toBe(200);
    const mine = (await mentee.get('/api/duos')).body;
    expect(mine).toHaveLength(1);
    // Her CV is started, and the PDF export reads it.
    const cv = await t.binome.collab.withDocument(cvDocName(mine[0].id), (doc) => cvToJson(doc));
    expect(cv.header.headline).toBe('Aide-soignante');
    expect(cv.sections.languages.map((l) => l.level)).toEqual(['C2', 'A2']);
  });

  it('refuses, saying why, while the app holds the database', async () => {
    const r = await seed();
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/is in use: Binôme \(npm start\) is probably running/);
  });
});
