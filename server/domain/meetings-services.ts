// The meetings' services as one group (`services.meetings`): the meetings themselves, calendars, reminders, and
// the scheduler that runs the periodic work. Built once with the other services, from the meetings' store.
import type { MeetingsStore } from '../data/meetings-store.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Clock } from './clock.ts';
import type { ChangeOrigin, LiveDocuments } from './cv.ts';
import { MeetingNotesService, type SaveCvVersion } from './meeting-notes.ts';
import type { Links } from './links.ts';
import type { Mailer } from './mailer.ts';
import { MeetingCalendar } from './meeting-calendar.ts';
import { MeetingReminders } from './meeting-reminders.ts';
import { MeetingsService } from './meetings.ts';
import { MeetingsScheduler } from './meetings-scheduler.ts';
import { PrivateSpaceService } from './private-space.ts';
import { DuoAgreementService } from './duo-agreement.ts';
import { MeetingsErasure } from './meetings-erasure.ts';
import { DuoFlags } from './duo-flags.ts';
import { DuoRetention } from './duo-retention.ts';
import { FlagAlerts } from './flag-alerts.ts';
import { ProgrammeTopicsService } from './programme-topics.ts';
import type { CvVersionsRepo } from '../data/cv-versions.ts';
import type { DomainEvents } from './events.ts';

export interface MeetingServiceDeps {
  store: MeetingsStore;
  repos: Repositories;
  clock: Clock;
  links: Links;
  mailer: Mailer | null;
  log: (msg: string, extra?: object) => void;
  /** The live documents (meeting notes), and the origin of the server's own changes. */
  live: LiveDocuments;
  origin: ChangeOrigin;
  /** The CV version saved when a meeting is marked done. */
  saveCvVersion: SaveCvVersion;
  /** The CV's versions (erased with the duo's content at the end of the retention period). */
  cvVersions: CvVersionsRepo;
  events: DomainEvents;
}

export function createMeetingServices(d: MeetingServiceDeps) {
  const reminders = new MeetingReminders(d.store.meetings, d.repos, d.mailer, d.links, d.clock, d.log);
  const meetings = new MeetingsService(d.store.meetings, d.clock);
  const topics = new ProgrammeTopicsService(d.store.topics, d.clock);
  const flags = new DuoFlags(d.store.meetings, d.store.agreement, d.clock);
  const flagAlerts = new FlagAlerts({ flags, alerts: d.store.flagAlerts, repos: d.repos, mailer: d.mailer, links: d.links, clock: d.clock, log: d.log });
  const retention = new DuoRetention({ repos: d.repos, store: d.store, cvVersions: d.cvVersions, events: d.events, clock: d.clock, log: d.log });
  return {
    store: d.store,
    meetings,
    calendar: new MeetingCalendar(d.store.meetings, d.store.feeds, d.repos, d.links, d.clock),
    reminders,
    privateSpace: new PrivateSpaceService(d.store.privateNotes, d.store.reflections, d.clock),
    agreement: new DuoAgreementService(d.store.agreement, d.clock),
    erasure: new MeetingsErasure(d.store),
    flags,
    flagAlerts,
    notes: new MeetingNotesService(d.store.meetings, d.store.notes, d.repos, d.live, d.clock, d.origin, d.store.seals, meetings, d.saveCvVersion, (duo, m) =>
      topics.weekTopic(duo, m)
    ),
    topics,
    retention,
    scheduler: new MeetingsScheduler(
      [
        { name: 'meeting reminders', run: () => reminders.run() },
        { name: 'duo retention', run: () => retention.run() },
        { name: 'flag alerts', run: () => flagAlerts.run() }
      ],
      d.log
    )
  };
}

export type MeetingServices = ReturnType<typeof createMeetingServices>;
