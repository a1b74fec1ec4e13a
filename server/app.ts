// Builds and starts one Binôme instance: database (the embedded engine when MONGODB_URI is unset), mongoose on
// its own connection, repositories and services, Express + Socket.IO on one http.Server, and the /collab upgrade
// path. Everything lives in the returned object: several instances can run in one process (tests do).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import mongoose from 'mongoose';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.ts';
import { createModels } from './data/models.ts';
import { createRepositories } from './data/repositories.ts';
import { mongoLimiters } from './data/auth-limiters.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import type { LimitSettings } from './domain/limits.ts';
import { smtpMailer, type Mailer } from './domain/mailer.ts';
import type { HashCost } from './domain/passwords.ts';
import { createServices, type Services } from './domain/services.ts';
import { startEmbeddedMongo, type EmbeddedMongo } from './embedded-mongo/index.ts';
import { createApi } from './http/api.ts';
import type { RouteRegistry } from './http/registry.ts';
import { cspHeader, spaRouter } from './http/spa.ts';
import { createLive, type LiveServer } from './live/io.ts';
import { createCollabServer, documentAuthorizer, SERVER_ORIGIN, type CollabServer } from './collab/index.ts';
import { MongoCollabPersistence } from './data/collab-store.ts';
import { documentTypes, type DocumentLimits } from './documents/index.ts';
import { sessionAuthenticate } from './documents/authenticate.ts';
import { CvService } from './domain/cv.ts';
import { CvVersionsRepo } from './data/cv-versions.ts';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

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
  cv: CvService;
  stop(): Promise<void>;
}

const PING_TIMEOUT_MS = 2000;

export async function startBinome(config: Config, opts: StartOptions = {}): Promise<Binome> {
  const log = opts.logger ?? pino({ level: config.logLevel });
  const clock = opts.clock ?? systemClock;

  let engine: EmbeddedMongo | null = null;
  let uri = config.mongodbUri;
  if (!uri) {
    const elog = log.child({ module: 'engine' });
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
  let repos: ReturnType<typeof createRepositories>;
  let limiters: Awaited<ReturnType<typeof mongoLimiters>>;
  try {
    await connection.asPromise();
    // indexes are made here: a failure stops the start-up cleanly rather than leave the engine running
    repos = createRepositories(await createModels(connection));
    limiters = await mongoLimiters(connection);
  } catch (err) {
    await connection.close().catch(() => {});
    await engine?.stop();
    throw err;
  }

  let origin = config.publicUrl ?? 'http://localhost';
  const publicOrigin = () => origin;
  const https = () => origin.startsWith('https:');
  const mailer = opts.mailer !== undefined ? opts.mailer : config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : null;
  const services = createServices({
    repos,
    clock,
    sessionSecret: config.sessionSecret,
    publicOrigin,
    mailer,
    hashCost: opts.hashCost,
    limits: opts.limits,
    limiters,
    log: (msg, extra) => log.warn(extra ?? {}, msg)
  });

  const ping = async (): Promise<boolean> => {
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
  };

  const collabStore = new MongoCollabPersistence(connection);
  await collabStore.init();
  const types = documentTypes(services, opts.documentLimits);
  const documents = documentAuthorizer(sessionAuthenticate(services, publicOrigin), types);
  const clog = log.child({ module: 'collab' });
  const collab = createCollabServer({
    persistence: collabStore,
    types,
    authorize: documents.authorize,
    log: { warn: (d, m) => clog.warn(d, m), error: (d, m) => clog.error(d, m) },
    options: { maxMessageBytes: config.collabMaxMessageBytes }
  });
  // Open documents follow access changes at once: a duo that ended, a membership revoked, a session ended.
  services.events.on('accessChanged', (userId) => {
    void collab.revalidate(documents.recheck, (c) => c.principal.userId === userId);
  });
  services.events.on('sessionsRevoked', (hashes) => {
    const ended = new Set(hashes);
    void collab.revalidate(async () => null, (c) => ended.has(c.principal.sessionId ?? ''));
  });

  const cvVersions = new CvVersionsRepo(connection);
  await cvVersions.init();
  const cv = new CvService(repos, cvVersions, collab, clock, SERVER_ORIGIN);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      autoLogging: { ignore: (req) => !req.url?.startsWith('/api/') },
      // Short lines, and never a cookie or a link token in the logs.
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.replace(/\/(by-token)\/[^/?]+/, '/$1/…'),
          ip: req.remoteAddress
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode })
      }
    })
  );
  // CSP is ours (spa.ts computes the hash of the SPA's inline script); helmet sets the other headers.
  app.use(helmet({ contentSecurityPolicy: false, strictTransportSecurity: https() }));
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', cspHeader([], https()));
    next();
  });
  app.use(compression());
  const api = createApi({ services, cv, publicOrigin, ping, log });
  app.use('/api', api.router);
  app.use(spaRouter(opts.buildDir ?? join(PROJECT_ROOT, 'build'), https));

  const server = createServer(app);
  const io = createLive(server, services, log, publicOrigin);

  const upgrades = new Map<string, UpgradeHandler>();
  upgrades.set('/collab/', (req, socket, head) => collab.handleUpgrade(req, socket, head));
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/socket.io/')) return; // engine.io's own listener answers it
    for (const [prefix, handler] of upgrades) {
      if (path.startsWith(prefix) || path === prefix.slice(0, -1)) return handler(req, socket, head);
    }
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(config.port, config.host, () => {
      server.off('error', rej);
      res();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (!config.publicUrl) origin = `http://localhost:${port}`;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}`;

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop accepting, end live connections, let in-flight requests finish (bounded), then the database.
      const closed = new Promise<void>((r) => server.close(() => r()));
      io.disconnectSockets(true);
      io.engine.close();
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), 5000);
      // Every loaded document is stored before the database goes.
      await collab.stop();
      await closed;
      clearTimeout(grace);
      services.events.removeAllListeners();
      await connection.close().catch((err: Error) => log.warn({ err }, 'closing the database connection failed'));
      await engine?.stop();
      log.flush?.();
    })());

  log.info({ url, publicUrl: origin, database: engine ? 'embedded' : 'MONGODB_URI' }, 'Binôme listening');
  return { url, port, services, registry: api.registry, io, engine, connection, upgrades, collab, cv, stop };
}
