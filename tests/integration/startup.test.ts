// A start that fails half-way closes what it had opened: here the port is taken after the embedded engine
// started on DATA_DIR, and a second start on the same DATA_DIR finds the engine's lock released.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBinome } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { TEST_COST } from '../../server/domain/passwords.ts';
import { TestClient } from '../helpers/client.ts';

let dataDir: string;
let taken: Server;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'binome-start-'));
  taken = createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await new Promise((r) => taken.close(r));
  await rm(dataDir, { recursive: true, force: true });
});

describe('a failed start', () => {
  it('stops the engine it started, so the next start on the same data opens it', async () => {
    const env = { HOST: '127.0.0.1', DATA_DIR: dataDir, MONGODB_URI: '', SESSION_SECRET: randomBytes(32).toString('hex') };
    const options = { hashCost: TEST_COST, logger: pino({ level: 'silent' }) };
    const busyPort = (taken.address() as { port: number }).port;
    await expect(startBinome(loadConfig({ ...env, PORT: String(busyPort) }), options)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const binome = await startBinome(loadConfig({ ...env, PORT: '0' }), options);
    try {
      expect((await new TestClient(binome.url).get('/api/health')).status).toBe(200);
    } finally {
      await binome.stop();
    }
  });
});
