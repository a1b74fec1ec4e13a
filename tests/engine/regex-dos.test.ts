// A catastrophically backtracking regular expression must not stall the server for everyone: MongoDB's PCRE2
// stops at its match limit and answers an error, and other connections are served meanwhile. The engine runs in
// its own process here, so that if it blocks, only it blocks (and is killed afterwards).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openTarget, type Target } from './target.ts';

let t: Target;
let other: mongoose.mongo.MongoClient;
beforeAll(async () => {
  t = await openTarget('regex_dos', { ownProcess: true });
  await t.db.collection<any>('seekers').insertOne({ name: `${'a'.repeat(40)}b` });
  other = new mongoose.mongo.MongoClient(t.uri, { serverSelectionTimeoutMS: 5_000 });
  await other.connect();
}, 60_000);
afterAll(async () => {
  await t?.close();
  await other?.close(true);
});

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p.then((v) => ({ done: true as const, v }), (e) => ({ done: true as const, v: e })), new Promise<{ done: false }>((r) => setTimeout(() => r({ done: false }), ms))]);

describe('regular expressions with catastrophic backtracking', () => {
  it('other connections keep being served, and the query ends with a result or an error', async () => {
    const evil = t.db
      .collection<any>('seekers')
      .find({ name: { $regex: '^(a+)+$' } })
      .toArray()
      .catch((e: unknown) => e); // an error is an acceptable answer
    // A fresh connection (handshake included) must be answered while the evil query runs.
    const ping = await within(other.db('admin').command({ ping: 1 }), 3_000);
    expect(ping.done, 'a ping on another connection got no answer within 3 s').toBe(true);
    const outcome = await within(evil, 10_000);
    expect(outcome.done, 'the backtracking query neither answered nor failed within 10 s').toBe(true);
  }, 30_000);
});
