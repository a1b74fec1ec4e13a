// Builds every service once at start-up from the repositories, the clock and the settings; passed down from
// there (no module state). The HTTP routes, the live layer and the test helpers all use this one object.
import type { CvVersionsRepo } from '../data/cv-versions.ts';
import type { MeetingsStore } from '../data/meetings-store.ts';
import type { Repositories } from '../data/repositories.ts';
import { AccountsService } from './accounts.ts';
import type { Clock } from './clock.ts';
import { CvService, type ChangeOrigin, type LiveDocuments } from './cv.ts';
import { DuosService } from './duos.ts';
import { Conflict } from './errors.ts';
import { DomainEvents } from './events.ts';
import { InvitationsService } from './invitations.ts';
import { AuthLimits, type LimiterFactory, type LimitSettings } from './limits.ts';
import { Links } from './links.ts';
import type { Mailer } from './mailer.ts';
import { createMeetingServices } from './meetings-services.ts';
import { MembersService } from './members.ts';
import { OrganisationsService } from './organisations.ts';
import { Passwords, type HashCost } from './passwords.ts';
import { ProgrammesService } from './programmes.ts';
import { ResetsService } from './resets.ts';
import { SessionsService } from './sessions.ts';
import type { SetupCode } from './setup-code.ts';
import type { WorkshopsRepo } from '../data/workshops.ts';
import { WorkshopCache } from './workshops/cache.ts';
import { WorkshopLiveService } from './workshops/live.ts';
import { WorkshopBus, WorkshopDocumentsPort } from './workshops/ports.ts';
import { WorkshopsService } from './workshops/service.ts';
import { WorkshopSummaries } from '../workshops/summaries.ts';
import { JournalService } from './journal.ts';
import type { ReportsStore } from '../data/reports-store.ts';
import type { ParticipationQueries } from '../data/participation-queries.ts';
import { PartnersService } from './partners.ts';
import { UmbrellaService } from './reports/umbrella.ts';
import type { OutcomeRequestsRepo } from '../data/outcome-requests.ts';
import { createOutcomeServices } from './outcomes/index.ts';
import { ProgrammeReports } from './reports/programme-reports.ts';
import { ProgrammeFiguresQuery, type FiguresSource } from './reports/programme-figures.ts';

export interface ServiceDeps {
  repos: Repositories;
  clock: Clock;
  sessionSecret: string;
  publicOrigin: () => string;
  mailer: Mailer | null;
  hashCost?: HashCost;
  limits?: LimitSettings;
  /** Where the login and reset counters are kept (in memory when not given). */
  limiters?: LimiterFactory;
  /** First-run setup's one-time code (prepared at start-up). */
  setupCode: SetupCode;
  log: (msg: string, extra?: object) => void;
  /** The CV's named versions, and the live documents it edits (as `origin`, the server's own changes). */
  cv: { versions: CvVersionsRepo; live: LiveDocuments; origin: ChangeOrigin };
  workshops: WorkshopsRepo;
  /** Meetings and calendar feeds (services.meetings). */
  meetingsStore: MeetingsStore;
  /** Issue 13: the reports' collections, the grouped queries of partner companies and the umbrella view, and the
   * emailed outcome forms' requests. */
  reports: { store: ReportsStore; participation: ParticipationQueries; requests: OutcomeRequestsRepo };
  /** The programme dashboard and funders' reports (issue 13): the reports' collections, and aggregation. */
  programmeReports: { store: ReportsStore; source: FiguresSource };
}

export function createServices(d: ServiceDeps) {
  const events = new DomainEvents();
  const links = new Links(d.publicOrigin);
  const passwords = new Passwords(d.hashCost);
  const limits = new AuthLimits(d.limits, d.limiters);
  const sessions = new SessionsService(d.repos, d.clock, d.sessionSecret, events);
  const accounts = new AccountsService(d.repos, d.clock, passwords, limits, sessions, events, d.setupCode);
  const members = new MembersService(d.repos, d.clock, events);
  const workshopDocuments = new WorkshopDocumentsPort();
  const workshopBus = new WorkshopBus();
  const workshopCache = new WorkshopCache();
  const workshops = new WorkshopsService({
    repos: d.repos,
    workshops: d.workshops,
    clock: d.clock,
    links,
    events,
    docs: workshopDocuments,
    bus: workshopBus,
    cache: workshopCache
  });
  const workshopSummaries = new WorkshopSummaries({ service: workshops, workshops: d.workshops, docs: workshopDocuments, repos: d.repos, mailer: d.mailer, log: d.log });
  const cv = new CvService(d.repos, d.cv.versions, d.cv.live, d.clock, d.cv.origin);
  const resets = new ResetsService(d.repos, d.clock, links, d.mailer, limits, accounts, members, d.log);
  return {
    repos: d.repos,
    clock: d.clock,
    events,
    links,
    mailer: d.mailer,
    passwords,
    sessions,
    accounts,
    setupCode: d.setupCode,
    members,
    resets,
    organisations: new OrganisationsService(d.repos, d.clock),
    programmes: new ProgrammesService(d.repos, d.clock, members),
    duos: new DuosService(d.repos, d.clock, events),
    invitations: new InvitationsService(d.repos, d.clock, links, d.mailer, accounts, d.log),
    workshops,
    workshopLive: new WorkshopLiveService({
      workshops: d.workshops,
      service: workshops,
      clock: d.clock,
      docs: workshopDocuments,
      bus: workshopBus,
      // The summary goes to every participant by email when the workshop ends (when SMTP is configured).
      ended: (w) => workshopSummaries.mailParticipants(w).then(() => undefined),
      onError: (err, what) => d.log(`${what} failed`, { err: err instanceof Error ? err.message : String(err) })
    }),
    workshopSummaries,
    /** Joined to the collaboration server once it exists (wiring/collab.ts). */
    workshopDocuments,
    workshopBus,
    workshopCache,
    workshopsRepo: d.workshops,
    programmeReports: new ProgrammeReports(d.repos, d.programmeReports.store, new ProgrammeFiguresQuery(d.programmeReports.source), d.clock),
    cv,
    partners: new PartnersService(d.reports.store, d.repos, d.reports.participation, members, d.clock),
    umbrella: new UmbrellaService(d.repos, d.reports.participation, accounts, resets),
    outcomes: createOutcomeServices({ store: d.reports.store, requests: d.reports.requests, repos: d.repos, clock: d.clock, links, mailer: d.mailer, log: d.log }),
    journal: new JournalService(d.meetingsStore.meetings, d.meetingsStore.notes, d.cv.versions, d.repos, (actor) => workshops.mine(actor)),
    meetings: createMeetingServices({
      store: d.meetingsStore,
      repos: d.repos,
      clock: d.clock,
      links,
      mailer: d.mailer,
      log: d.log,
      live: d.cv.live,
      origin: d.cv.origin,
      cvVersions: d.cv.versions,
      events,
      // A CV full of named versions does not stop a meeting from being marked done: it records none then.
      saveCvVersion: (duo, userId, name) =>
        cv.saveVersion(duo, userId, name.slice(0, 120)).then(
          (v) => v.id,
          (err: unknown) => {
            if (err instanceof Conflict) return null;
            throw err;
          }
        )
    })
  };
}

export type Services = ReturnType<typeof createServices>;
