// Builds and starts one Binôme instance from its parts (server/wiring/): the database, the services, the edge,
// the collaboration server, the HTTP app, Socket.IO and the upgrade routes on one http.Server, and the ordered
// stop they register. Everything lives in the returned object: several instances can run in one process (tests do).
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type mongoose from 'mongoose';
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import type { CollabServer } from './collab/index.ts';
import type { DocumentLimits } from './documents/index.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import type { LimitSettings } from './domain/limits.ts';
import type { Mailer } from './domain/mailer.ts';
import { OUTCOME_FORMS_INTERVAL_MS } from './domain/outcomes/index.ts';
import type { HashCost } from './domain/passwords.ts';
import type { Services } from './domain/services.ts';
import type { EmbeddedMongo } from './embedded-mongo/index.ts';
import { createEdge } from './edge/index.ts';
import type { RouteRegistry } from './http/registry.ts';
import type { LiveServer } from './live/io.ts';
import { Closers } from './wiring/closers.ts';
import { openCluster } from './wiring/cluster.ts';
import { wireCollab } from './wiring/collab.ts';
import { openDatabase, stopDatabaseWith } from './wiring/database.ts';
import { createHttpApp } from './wiring/http-app.ts';
import { createHttpServer, listen, shownUrl, type UpgradeHandler } from './wiring/http-server.ts';
import { wireLive } from './wiring/live.ts';
import { wireWorkshopSync } from './wiring/workshop-sync.ts';
import { publicOrigin } from './wiring/public-origin.ts';
import { logVitals } from './wiring/vitals.ts';
import { MEETINGS_SCHEDULER_INTERVAL_MS, stopServicesWith, wireServices } from './wiring/services.ts';

export type { UpgradeHandler } from './wiring/http-server.ts';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** Overrides the SMTP_URL mailer (tests capture mail); null disables email. */
  mailer?: Mailer | null;
  hashCost?: HashCost;
  limits?: LimitSettings;
  /** Where the SPA build is (default: build/ at the project root). */
  buildDir?: string;
  /** Database name (default: binome on the embedded engine, the URI's own otherwise). */
  dbName?: string;
  /** Keep the embedded engine's data in memory instead of DATA_DIR/db (tests). */
  inMemoryEngine?: boolean;
  /** Size limits of shared documents (tests lower them). */
  documentLimits?: DocumentLimits;
  /** How often the node logs its vital signs (default once a minute; tests shorten it). */
  vitalsIntervalMs?: number;
}

export interface Binome {
  url: string;
  port: number;
  services: Services;
  registry: RouteRegistry;
  io: LiveServer;
  /** The embedded engine when this instance started one (tests stop it to see health turn 503). */
  engine: EmbeddedMongo | null;
  connection: mongoose.Connection;
  /** Upgrade handlers by path prefix: '/collab/' is the collaboration server. */
  upgrades: Map<string, UpgradeHandler>;
  collab: CollabServer;
  stop(): Promise<void>;
}

export async function startBinome(config: Config, opts: StartOptions = {}): Promise<Binome> {
  const log = opts.logger ?? pino({ level: config.logLevel });
  const closers = new Closers(log);
  try {
    const db = await openDatabase(config, { logger: log, dbName: opts.dbName, inMemoryEngine: opts.inMemoryEngine });
    stopDatabaseWith(closers, db);
    const cluster = await openCluster(config, log, closers);
    const origin = publicOrigin(config);
    const { services, liveDocuments } = wireServices(config, db, {
      clock: opts.clock ?? systemClock,
      publicOrigin: origin.get,
      mailer: opts.mailer,
      hashCost: opts.hashCost,
      limits: opts.limits,
      log: (msg, extra) => log.warn(extra ?? {}, msg)
    });
    stopServicesWith(closers, services);
    services.meetings.scheduler.start(MEETINGS_SCHEDULER_INTERVAL_MS);
    services.outcomes.scheduler.start(OUTCOME_FORMS_INTERVAL_MS);
    await services.setupCode.prepare(await services.accounts.setupNeeded());
    const edge = createEdge(services, origin.get);
    const collab = await wireCollab({ config, connection: db.connection, services, edge, log, closers, documentLimits: opts.documentLimits, cluster });
    liveDocuments.join(collab);
    // Several nodes: a workshop written through one is read again by the others (caches, open boards and drafts).
    await wireWorkshopSync(services, cluster, log, closers);

    const buildDir = opts.buildDir ?? join(PROJECT_ROOT, 'build');
    const { app, registry } = createHttpApp({ config, services, edge, https: origin.https, ping: db.ping, log, buildDir });
    const { server, upgrades } = createHttpServer(app);
    const io = wireLive(server, services, log, edge, closers, cluster);
    upgrades.set('/collab/', (req, socket, head) => collab.handleUpgrade(req, socket, head));
    logVitals(log, { collab, liveSockets: () => io.engine.clientsCount }, closers, opts.vitalsIntervalMs);
    // Timers of workshops that were live before a restart announce what is still to come.
    await services.workshopLive.resume();
    const port = await listen(server, config, closers);
    origin.listening(port);

    const url = shownUrl(config, port);
    log.info({ url, publicUrl: origin.get(), database: db.engine ? 'embedded' : 'MONGODB_URI' }, 'Binôme listening');
    // The code itself is not logged (logs travel further than the console); index.ts prints it.
    if (services.setupCode.current()) log.warn({ file: services.setupCode.location }, 'Not set up yet: the first-run setup asks for the code in this file');
    const { engine, connection } = db;
    return { url, port, services, registry, io, engine, connection, upgrades, collab, stop: () => closers.stop() };
  } catch (err) {
    await closers.stop();
    throw err;
  }
}
