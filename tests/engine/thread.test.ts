// The engine on its own thread, as a durable app instance runs it: same wire protocol, data kept across a stop
// and a new start, the data directory's lock still refusing a second engine, and log lines reaching the app.
import { afterAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { startEmbeddedMongoThread } from '../../server/embedded-mongo/thread.ts';
import { tempDirs } from './data-dir.ts';

const dirs = tempDirs();
afterAll(() => dirs.removeAll());

function recorder() {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level}: ${m}`);
  return { lines, logger: { info: push('info'), warn: push('warn'), error: push('error') } };
}

describe('embedded engine on its own thread', () => {
  it('serves the driver, keeps what it acknowledged across a restart, and refuses a second engine on its data', async () => {
    const dataDir = await dirs.fresh();
    const log = recorder();
    const first = await startEmbeddedMongoThread({ dataDir, port: 0, logger: log.logger });
    const client = new mongoose.mongo.MongoClient(first.uri);
    try {
      await client.connect();
      const people = client.db('thread').collection('people');
      await people.insertMany([{ name: 'Lieke Verhoeven' }, { name: 'Amélie Dubois' }]);
      expect(await people.countDocuments()).toBe(2);
      await expect(startEmbeddedMongoThread({ dataDir, port: 0 })).rejects.toThrow(/lock|in use|another/i);
    } finally {
      await client.close();
      await first.stop();
    }
    expect(log.lines.some((l) => l.startsWith('info:') && l.includes(dataDir))).toBe(true);

    const second = await startEmbeddedMongoThread({ dataDir, port: 0 });
    const again = new mongoose.mongo.MongoClient(second.uri);
    try {
      await again.connect();
      const names = (await again.db('thread').collection('people').find({}, { sort: { name: 1 } }).toArray()).map((p) => p.name);
      expect(names).toEqual(['Amélie Dubois', 'Lieke Verhoeven']);
    } finally {
      await again.close();
      await second.stop();
    }
  });
});
