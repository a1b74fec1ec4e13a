// Stop and start again on the same DATA_DIR: stop closes live connections and releases the engine; the data and
// the session (kept by the generated secret) are there after the restart.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { startTestServer } from '../helpers/server.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'binome-life-'));
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

describe('stop and restart', () => {
  it('stops cleanly with a live socket open, and finds data and session again after a restart', async () => {
    // No SESSION_SECRET and no MONGODB_URI: the generated secret and the embedded engine, as after `npm start`.
    const env = { DATA_DIR: dataDir, SESSION_SECRET: '', MONGODB_URI: '' };
    const first = await startTestServer({ inMemoryEngine: false, env });
    const c = new TestClient(first.url);
    const setup = await c.post('/api/setup', { setupCode: first.setupCode(), organisationName: 'Restart', name: 'Rita', email: 'rita@example.org', password: PASSWORD, locale: 'fr' });
    expect(setup.status).toBe(201);
    expect((await stat(join(dataDir, 'session-secret'))).mode & 0o777).toBe(0o600);

    const socket = connect(first.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: `binome_session=${c.cookies.get('binome_session')}`, origin: first.url } });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await first.stop();
    expect(await disconnected).toBe('io server disconnect');
    await expect(fetch(`${first.url}/api/health`)).rejects.toThrow();
    await expect(readFile(join(dataDir, 'db', 'engine.lock'), 'utf8')).rejects.toThrow();

    const second = await startTestServer({ inMemoryEngine: false, env });
    try {
      const again = new TestClient(second.url);
      again.cookies.set('binome_session', c.cookies.get('binome_session')!);
      const me = await again.get('/api/me');
      expect(me.status).toBe(200);
      expect(me.body.user.email).toBe('rita@example.org');
      expect((await again.get('/api/setup')).body).toEqual({ needed: false });
    } finally {
      await second.stop();
    }
  });
});
