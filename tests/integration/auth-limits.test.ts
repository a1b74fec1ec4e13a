// The login lockout kept in MongoDB (server/data/auth-limiters.ts): it holds for every app process sharing the
// database and outlasts a restart, and its records carry their expiry for the TTL index to remove them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { mongoLimiters } from '../../server/data/auth-limiters.ts';
import { TooManyRequests } from '../../server/domain/errors.ts';
import { AuthLimits } from '../../server/domain/limits.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/index.ts';

const settings = { failuresPerAccount: 3, lockoutSeconds: 600, attemptsPerIp: 1000, ipWindowSeconds: 600 };
const email = 'Maaike.Verbruggen@example.org';
const ip = '203.0.113.7';
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function open(dataDir: string | null, dbName: string): Promise<{ conn: mongoose.Connection; engine: EmbeddedMongo | null; close(): Promise<void> }> {
  let engine: EmbeddedMongo | null = null;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    engine = await startEmbeddedMongo({ dataDir, port: 0 });
    uri = engine.uri;
  }
  const conn = mongoose.createConnection(uri, { dbName });
  await conn.asPromise();
  return {
    conn,
    engine,
    async close() {
      await conn.close();
      await engine?.stop();
    }
  };
}

async function indexesOf(conn: mongoose.Connection, name: string): Promise<Record<string, unknown>[]> {
  return (await conn.db!.collection(name).indexes()) as Record<string, unknown>[];
}

describe('login lockout in MongoDB', () => {
  it('locks the account for a second app process on the same database, and unlocks it for both', async () => {
    const db = await open(null, `binome_limits_${process.pid}`);
    cleanups.push(async () => {
      await db.conn.dropDatabase();
      await db.close();
    });
    const limiters = await mongoLimiters(db.conn);
    const first = new AuthLimits(settings, limiters);
    const second = new AuthLimits(settings, limiters);
    for (let i = 0; i < settings.failuresPerAccount; i++) await first.failed(email, ip);
    await expect(second.assertNotLocked(email.toLowerCase(), ip)).rejects.toBeInstanceOf(TooManyRequests);
    // another address is not locked out
    await expect(second.assertNotLocked(email, '198.51.100.4')).resolves.toBeUndefined();
    // the record expires when the lockout ends: the TTL index removes it afterwards
    const record = await db.conn.db!.collection('auth_login_failures').findOne({});
    expect(record?.points).toBeGreaterThanOrEqual(settings.failuresPerAccount);
    const left = (record?.expire as Date).getTime() - Date.now();
    expect(left).toBeGreaterThan((settings.lockoutSeconds - 30) * 1000);
    expect(left).toBeLessThanOrEqual(settings.lockoutSeconds * 1000);
    const ttl = (await indexesOf(db.conn, 'auth_login_failures')).find((ix) => 'expireAfterSeconds' in ix);
    expect(ttl).toMatchObject({ key: { expire: -1 }, expireAfterSeconds: 0 });

    await second.succeeded(email, ip);
    await expect(first.assertNotLocked(email, ip)).resolves.toBeUndefined();
  });

  it('keeps the lockout across a restart of the app (and of the embedded engine, unless MONGODB_URI is set)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'binome-limits-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const dbName = `binome_limits_restart_${process.pid}`;
    const before = await open(dir, dbName);
    const limits = new AuthLimits(settings, await mongoLimiters(before.conn));
    for (let i = 0; i < settings.failuresPerAccount; i++) await limits.failed(email, ip);
    await before.close();

    const after = await open(dir, dbName);
    cleanups.push(async () => {
      await after.conn.dropDatabase();
      await after.close();
    });
    const restarted = new AuthLimits(settings, await mongoLimiters(after.conn));
    const error = await restarted.assertNotLocked(email, ip).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRequests);
    expect((error as TooManyRequests).message).toMatch(/locked/);
  });
});
