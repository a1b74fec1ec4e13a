// Every domain service, built once from the database's repositories, the clock and the settings (the CV service
// among them, as `services.cv`). The CV service edits live documents through the collaboration server, which is
// built after the services because it asks them who may open what: the CV service gets a port now, joined to the
// collaboration server once that exists.
import type * as Y from 'yjs';
import type { Config } from '../config.ts';
import { SERVER_ORIGIN } from '../collab/index.ts';
import type { Clock } from '../domain/clock.ts';
import type { LiveDocuments } from '../domain/cv.ts';
import type { LimitSettings } from '../domain/limits.ts';
import { smtpMailer, type Mailer } from '../domain/mailer.ts';
import type { HashCost } from '../domain/passwords.ts';
import { createServices, type Services } from '../domain/services.ts';
import { SetupCode } from '../domain/setup-code.ts';
import { setupCodeFile } from '../data/setup-code-file.ts';
import { ParticipationQueries } from '../data/participation-queries.ts';
import type { Closers } from './closers.ts';
import type { Database } from './database.ts';

export interface ServiceOptions {
  clock: Clock;
  publicOrigin: () => string;
  /** Overrides the SMTP_URL mailer (tests capture mail); null disables email. */
  mailer?: Mailer | null;
  hashCost?: HashCost;
  limits?: LimitSettings;
  log: (msg: string, extra?: object) => void;
}

/** Live documents reached once the collaboration server is joined; before that, asking is a wiring error. */
export class LiveDocumentsPort implements LiveDocuments {
  private server: LiveDocuments | null = null;

  join(server: LiveDocuments): void {
    this.server = server;
  }

  withDocument<T>(docName: string, fn: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    if (!this.server) return Promise.reject(new Error('live documents asked for before the collaboration server was joined'));
    return this.server.withDocument(docName, fn);
  }
}

export function wireServices(config: Config, db: Database, opts: ServiceOptions): { services: Services; liveDocuments: LiveDocumentsPort } {
  const liveDocuments = new LiveDocumentsPort();
  const services = createServices({
    repos: db.repos,
    clock: opts.clock,
    sessionSecret: config.sessionSecret,
    publicOrigin: opts.publicOrigin,
    mailer: opts.mailer !== undefined ? opts.mailer : config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : null,
    hashCost: opts.hashCost,
    limits: opts.limits,
    limiters: db.limiters,
    // First-run setup's one-time code, kept in DATA_DIR (the app prepares it at start, see app.ts).
    setupCode: new SetupCode(setupCodeFile(config.dataDir)),
    log: opts.log,
    cv: { versions: db.cvVersions, live: liveDocuments, origin: SERVER_ORIGIN },
    workshops: db.workshops,
    meetingsStore: db.meetings,
    reports: { store: db.reports, participation: new ParticipationQueries(db.connection), requests: db.outcomeRequests },
    programmeReports: { store: db.reports, source: db.connection }
  });
  return { services, liveDocuments };
}

/** How often the meetings' periodic work runs (reminders the day before need no finer grain). */
export const MEETINGS_SCHEDULER_INTERVAL_MS = 5 * 60_000;

/** After the last request: no domain event reaches a part that has stopped, and the periodic work ends. */
export function stopServicesWith(closers: Closers, services: Services): void {
  closers.add('events', () => {
    services.events.removeAllListeners();
    services.workshopBus.removeAllListeners();
    services.workshopLive.alerts.stop();
  });
  closers.add('events', () => services.meetings.scheduler.stop());
  closers.add('events', () => services.outcomes.scheduler.stop());
}
