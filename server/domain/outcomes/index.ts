// Outcomes and reporting fields as one group (`services.outcomes`, issue 13): the coordinators' record, the
// mentee's emailed form and its periodic run, and the organisation's reporting fields with the mentees' answers.
import type { OutcomeRequestsRepo } from '../../data/outcome-requests.ts';
import type { Repositories } from '../../data/repositories.ts';
import type { ReportsStore } from '../../data/reports-store.ts';
import type { Clock } from '../clock.ts';
import type { Links } from '../links.ts';
import type { Mailer } from '../mailer.ts';
import { MeetingsScheduler } from '../meetings-scheduler.ts';
import { OutcomeForms } from './forms.ts';
import { OutcomesService } from './outcomes.ts';
import { ReportingService } from './reporting.ts';

export interface OutcomeServiceDeps {
  store: ReportsStore;
  requests: OutcomeRequestsRepo;
  repos: Repositories;
  clock: Clock;
  links: Links;
  mailer: Mailer | null;
  log: (msg: string, extra?: object) => void;
}

/** How often the forms due are looked for (a day's grain is enough; an hour keeps a restart from delaying much). */
export const OUTCOME_FORMS_INTERVAL_MS = 60 * 60_000;

export function createOutcomeServices(d: OutcomeServiceDeps) {
  const outcomes = new OutcomesService(d.store, d.requests, d.repos, d.clock);
  const forms = new OutcomeForms({ ...d, outcomes });
  return {
    store: d.store,
    requests: d.requests,
    outcomes,
    forms,
    reporting: new ReportingService(d.store, d.repos, d.clock),
    // The same runner as the meetings' periodic work: a failed run is logged and tried at the next tick.
    scheduler: new MeetingsScheduler([{ name: 'outcome forms', run: () => forms.run() }], d.log)
  };
}

export type OutcomeServices = ReturnType<typeof createOutcomeServices>;
