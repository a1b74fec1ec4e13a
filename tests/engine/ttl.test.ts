// TTL indexes remove documents whose date field is older than expireAfterSeconds. The engine is started with a
// short sweep period; a real MongoDB sweeps every 60 s, hence the 90 s bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, waitFor, type Target } from './target.ts';

let t: Target;
beforeAll(async () => {
  t = await openTarget('ttl', { ttlSweepMs: 200 });
});
afterAll(async () => t?.close());

const SWEEP_BOUND_MS = 90_000;

describe('TTL indexes', () => {
  it(
    'removes expired documents and keeps fresh ones, documents without a date, and non-TTL collections',
    async () => {
      const Invite = t.conn.model<any>(
        'Invite',
        new mongoose.Schema({ email: String, expiresAt: Date }).index({ expiresAt: 1 }, { expireAfterSeconds: 0 })
      );
      const Token = t.conn.model<any>(
        'Token',
        new mongoose.Schema({ who: String, createdAt: Date }).index({ createdAt: 1 }, { expireAfterSeconds: 3600 })
      );
      await Promise.all([Invite.init(), Token.init()]);
      const spec = (await Invite.collection.listIndexes().toArray()).find((i: any) => i.name === 'expiresAt_1');
      expect(spec!.expireAfterSeconds).toBe(0);

      const past = new Date(Date.now() - 60_000);
      const future = new Date(Date.now() + 24 * 3600_000);
      await Invite.create([
        { email: 'expired@example.fr', expiresAt: past },
        { email: 'fresh@example.nl', expiresAt: future },
        { email: 'nodate@example.co.uk' },
        { email: 'notadate@example.fr' }
      ]);
      await Invite.collection.updateOne({ email: 'notadate@example.fr' }, { $set: { expiresAt: 'tomorrow' } });
      // An array of dates expires on its earliest date.
      await Invite.collection.insertOne({ email: 'array@example.be', expiresAt: [future, past] });
      await Token.create([
        { who: 'Joris Van den Broeck', createdAt: new Date(Date.now() - 2 * 3600_000) },
        { who: 'Grace Whitfield', createdAt: new Date() }
      ]);
      const plain = t.db.collection<any>('plain');
      await plain.insertOne({ expiresAt: past });

      await waitFor(
        async () => (await Invite.countDocuments()) === 3 && (await Token.countDocuments()) === 1,
        SWEEP_BOUND_MS,
        'the TTL sweep'
      );
      expect((await Invite.find().lean<any[]>()).map((d) => d.email).sort()).toEqual([
        'fresh@example.nl',
        'nodate@example.co.uk',
        'notadate@example.fr'
      ]);
      expect((await Token.findOne().lean<any>())!.who).toBe('Grace Whitfield');
      expect(await plain.countDocuments()).toBe(1);
    },
    SWEEP_BOUND_MS + 30_000
  );
});
