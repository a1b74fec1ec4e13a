// Opens the database: the embedded engine when MONGODB_URI is unset (its data in DATA_DIR/db, or in memory for
// tests), else the URI; mongoose on a connection of its own (several instances can share a process), the models
// with their indexes, the repositories and the login/reset counters. Used by the app and by `npm run seed:demo`.
import { join } from 'node:path';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { mongoLimiters } from '../data/auth-limiters.ts';
import { CvVersionsRepo } from '../data/cv-versions.ts';
import { createMeetingsStore, type MeetingsStore } from '../data/meetings-store.ts';
import { createModels } from '../data/models.ts';
import { createRepositories, type Repositories } from '../data/repositories.ts';
import { createReportsStore, type ReportsStore } from '../data/reports-store.ts';
import { createOutcomeRequests, type OutcomeRequestsRepo } from '../data/outcome-requests.ts';
import { WorkshopsRepo } from '../data/workshops.ts';
import type { LimiterFactory } from '../domain/limits.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from '../embedded-mongo/index.ts';
import type { Closers } from './closers.ts';

const PING_TIMEOUT_MS = 2000;

export interface DatabaseOptions {
  logger: Logger;
  /** Database name (default: binome on the embedded engine, the URI's own otherwise). */
  dbName?: string;
  /** Keep the embedded engine's data in memory instead of DATA_DIR/db (tests). */
  inMemoryEngine?: boolean;
}

export interface Database {
  /** The embedded engine when one was started (tests stop it to see health turn 503). */
  engine: EmbeddedMongo | null;
  connection: mongoose.Connection;
  repos: Repositories;
  cvVersions: CvVersionsRepo;
  /** Workshops, their card authors, vote ledger, snapshots and join tries. */
  workshops: WorkshopsRepo;
  meetings: MeetingsStore;
  /** Outcomes, reporting fields and answers, partner companies (issue 13). */
  reports: ReportsStore;
  /** The outcome forms emailed to mentees (issue 13). */
  outcomeRequests: OutcomeRequestsRepo;
  limiters: LimiterFactory;
  /** Whether the database answers now, within PING_TIMEOUT_MS. */
  ping(): Promise<boolean>;
  /** Closes the connection, then stops the engine. */
  close(): Promise<void>;
}

export async function openDatabase(config: Config, opts: DatabaseOptions): Promise<Database> {
  let engine: EmbeddedMongo | null = null;
  let uri = config.mongodbUri;
  if (!uri) {
    const elog = opts.logger.child({ module: 'engine' });
    // On this thread: on a worker thread of its own the engine cost up to a fifth more server CPU per delivered
    // update (two threads woken per round trip) and did not shorten tail latency (bench/collab/README.md).
    engine = await startEmbeddedMongo({
      dataDir: opts.inMemoryEngine ? null : join(config.dataDir, 'db'),
      port: 0,
      logger: { info: (m) => elog.info(m), warn: (m) => elog.warn(m), error: (m) => elog.error(m) }
    });
    uri = engine.uri;
  }
  const dbName = opts.dbName ?? (engine ? 'binome' : undefined);
  const connection = mongoose.createConnection(uri, { ...(dbName ? { dbName } : {}), serverSelectionTimeoutMS: 5000 });
  const closeConnection = () => connection.close().catch((err: Error) => opts.logger.warn({ err }, 'closing the database connection failed'));
  try {
    await connection.asPromise();
    // indexes are made here: a failure stops the start-up cleanly rather than leave the engine running
    const repos = createRepositories(await createModels(connection));
    const limiters = await mongoLimiters(connection);
    const cvVersions = new CvVersionsRepo(connection);
    await cvVersions.init();
    const workshops = new WorkshopsRepo(connection);
    await workshops.init();
    const meetings = await createMeetingsStore(connection);
    const reports = await createReportsStore(connection);
    const outcomeRequests = await createOutcomeRequests(connection);
    return {
      engine,
      connection,
      repos,
      cvVersions,
      workshops,
      meetings,
      reports,
      outcomeRequests,
      limiters,
      ping: () => ping(connection),
      async close() {
        await closeConnection();
        await engine?.stop();
      }
    };
  } catch (err) {
    await closeConnection();
    await engine?.stop();
    throw err;
  }
}

/** The database's part of the ordered stop: the connection once requests are done, then the engine. */
export function stopDatabaseWith(closers: Closers, db: Database): void {
  closers.add('database', () => db.connection.close());
  closers.add('engine', () => db.engine?.stop());
}

async function ping(connection: mongoose.Connection): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), PING_TIMEOUT_MS)));
  const answer = connection
    .getClient()
    .db('admin')
    .command({ ping: 1 })
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
