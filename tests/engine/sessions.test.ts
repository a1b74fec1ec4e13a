// Sessions work on a standalone server (every command carries an lsid); transactions are refused with code 20.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, caught, type Target, type AnyModel } from './target.ts';

let t: Target;
let Duo: AnyModel;

beforeAll(async () => {
  t = await openTarget('sessions');
  Duo = t.conn.model<any>('Duo', new mongoose.Schema({ mentor: String, seeker: String, week: Number }));
  await Duo.init();
});
afterAll(async () => t?.close());

describe('sessions without transactions', () => {
  it('startSession, queries and writes in the session, endSession', async () => {
    const session = await t.conn.startSession();
    expect(session.id).toBeDefined();
    await Duo.create([{ mentor: 'Amélie Dubois', seeker: 'Théo Lemaire', week: 1 }], { session });
    await Duo.updateOne({ mentor: 'Amélie Dubois' }, { $inc: { week: 1 } }, { session });
    const found = await Duo.findOne({ seeker: 'Théo Lemaire' }).session(session).lean();
    expect(found!.week).toBe(2);
    expect(await Duo.countDocuments({}, { session })).toBe(1);
    const agg = await Duo.aggregate([{ $match: { week: 2 } }]).session(session);
    expect(agg).toHaveLength(1);
    await session.endSession();
    expect(session.hasEnded).toBe(true);
  });

  it('the raw driver withSession and causally consistent reads', async () => {
    const coll = t.db.collection<any>('raw_sessions');
    await t.client.withSession({ causalConsistency: true }, async (session) => {
      await coll.insertOne({ seeker: 'Femke de Vries' }, { session });
      expect(await coll.findOne({ seeker: 'Femke de Vries' }, { session })).not.toBeNull();
    });
  });

  it('the server announces logical sessions in hello', async () => {
    const hello = await t.db.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(typeof hello.logicalSessionTimeoutMinutes).toBe('number');
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9);
  });
});

describe('transactions are refused on a standalone server', () => {
  it('a write inside startTransaction fails with code 20 and nothing is written', async () => {
    const session = await t.conn.startSession();
    session.startTransaction();
    const err = await caught(() => Duo.create([{ mentor: 'Joris Van den Broeck', seeker: 'Sander Jansen' }], { session }));
    // For writes the driver wraps code 20 in its "does not support retryable writes" error; the server's is inside.
    const server = err.originalError ?? err;
    expect(server.code).toBe(20);
    expect(server.codeName).toBe('IllegalOperation');
    expect(server.message).toMatch(/Transaction numbers are only allowed on a replica set member or mongos/);
    await session.abortTransaction().catch(() => {});
    await session.endSession();
    expect(await Duo.countDocuments({ mentor: 'Joris Van den Broeck' })).toBe(0);
  });

  it('connection.transaction() rejects with code 20', async () => {
    const err = await caught(() =>
      t.conn.transaction(async (session) => {
        await Duo.create([{ mentor: 'Grace Whitfield', seeker: 'Oliver Pembroke' }], { session });
      })
    );
    expect((err.originalError ?? err).code).toBe(20);
    expect(await Duo.countDocuments({ mentor: 'Grace Whitfield' })).toBe(0);
  });

  it('a read inside a transaction is refused too', async () => {
    const session = t.client.startSession();
    session.startTransaction();
    const err = await caught(() => t.db.collection('duos').findOne({}, { session }));
    expect(err.code).toBe(20);
    await session.abortTransaction().catch(() => {});
    await session.endSession();
  });
});
