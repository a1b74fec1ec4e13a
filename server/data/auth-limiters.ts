// The login and reset counters of domain/limits.ts, kept in MongoDB: a lockout then outlasts a restart of the app
// and holds for every app process sharing the database. Each counter is a collection of its own; its indexes are
// made here at start-up (not by the library in the background, whose failures only reach console.error): a
// unique key, and a TTL index on the expiry so that a counter disappears once its window has passed.
import type { Connection } from 'mongoose';
import { RateLimiterMongo } from 'rate-limiter-flexible';
import { LIMITER_NAMES, type LimiterFactory } from '../domain/limits.ts';

export async function mongoLimiters(connection: Connection): Promise<LimiterFactory> {
  const client = connection.getClient();
  const db = client.db(connection.name);
  for (const name of LIMITER_NAMES) {
    await db.collection(name).createIndex({ expire: -1 }, { expireAfterSeconds: 0 });
    await db.collection(name).createIndex({ key: 1 }, { unique: true });
  }
  return (spec) =>
    new RateLimiterMongo({
      storeClient: client,
      dbName: connection.name,
      tableName: spec.name,
      keyPrefix: spec.name,
      points: spec.points,
      duration: spec.duration,
      disableIndexesCreation: true
    });
}
