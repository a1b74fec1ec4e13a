// The login and reset counters of domain/limits.ts, kept in MongoDB: a lockout then outlasts a restart of the app
// and holds for every app process sharing the database. Each counter is a collection of its own; its indexes are
// made here at start-up (not by the library in the background, whose failures only reach console.error): a
// unique key, and a TTL index on the expiry so that a counter disappears once its window has passed.
import type { Connection } from 'mongoose';
import { RateLimiterMongo } from 'rate-limiter-flexible';
import type { LimiterFactory, LimiterSpec } from '../domain/limits.ts';

const COUNTERS: readonly LimiterSpec['name'][] = ['auth_login_failures', 'auth_attempts_per_ip'];

export async function mongoLimiters(connection: Connection): Promise<LimiterFactory> {
  const db = connection.getClient().db(connection.name);
  for (const name of COUNTERS) {
    await db.collection(name).createIndex({ expire: -1 }, { expireAfterSeconds: 0 });
    await db.collection(name).createIndex({ key: 1 }, { unique: true });
  }
  return (spec) =>
    new RateLimiterMongo({
      storeClient: connection.getClient(),
      dbName: connection.name,
      tableName: spec.name,
      keyPrefix: spec.name,
      points: spec.points,
      duration: spec.duration,
      disableIndexesCreation: true
    });
}
