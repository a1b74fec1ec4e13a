// The mentee's side of outcomes (issue 13): when a moment falls due, a run emails the mentee a one-use signed link
// to a short form; answering needs no login. Each email is claimed in the database before it is sent (a unique
// row per duo and moment), so several app nodes or overlapping runs never send it twice, and a failed send gives
// the claim back for the next run. The link's token is random and stored only hashed (tokens.ts); the request log
// hides it (`/by-token/…`, wiring/http-app.ts). Time comes from the injected clock (tests move it).
import type { OutcomeMoment } from '../../../src/lib/shared/reports/outcomes.ts';
import type { OutcomeBody, OutcomeFormView } from '../../../src/lib/shared/reports/outcome-api.ts';
import type { DuoDoc } from '../../data/models.ts';
import type { OutcomeRequestDoc, OutcomeRequestsRepo } from '../../data/outcome-requests.ts';
import type { Repositories } from '../../data/repositories.ts';
import type { OutcomeDoc, ReportsStore } from '../../data/reports-store.ts';
import { DAY, type Clock } from '../clock.ts';
import { Gone } from '../errors.ts';
import type { Links } from '../links.ts';
import type { Mailer } from '../mailer.ts';
import { newToken, sha256 } from '../tokens.ts';
import { renderOutcomeMail } from './mail.ts';
import { addMonths, dueMoments } from './moments.ts';
import type { OutcomesService } from './outcomes.ts';

/** A moment that fell due longer ago than this gets no email (an instance upgraded today does not write to years of past duos). */
export const FORM_CATCH_UP = 60 * DAY;
/** How long the emailed link works. */
export const FORM_LINK_TTL = 30 * DAY;

/** The page the link opens (not an API path). */
export const outcomeFormPath = (token: string) => `/outcome-form/${encodeURIComponent(token)}`;

export interface OutcomeFormsDeps {
  requests: OutcomeRequestsRepo;
  store: ReportsStore;
  repos: Repositories;
  outcomes: OutcomesService;
  /** Without one (no SMTP_URL) nothing is sent: coordinators record outcomes themselves. */
  mailer: Mailer | null;
  links: Links;
  clock: Clock;
  log: (msg: string, extra?: object) => void;
}

export class OutcomeForms {
  private readonly requests: OutcomeRequestsRepo;
  private readonly store: ReportsStore;
  private readonly repos: Repositories;
  private readonly outcomes: OutcomesService;
  private readonly mailer: Mailer | null;
  private readonly links: Links;
  private readonly clock: Clock;
  private readonly log: OutcomeFormsDeps['log'];

  constructor(d: OutcomeFormsDeps) {
    ({ requests: this.requests, store: this.store, repos: this.repos, outcomes: this.outcomes, mailer: this.mailer, links: this.links, clock: this.clock, log: this.log } = d);
  }

  /** Emails the forms due now that no one sent yet and no coordinator recorded; returns how many went out. */
  async run(): Promise<number> {
    if (!this.mailer) return 0;
    const now = this.clock.now();
    const from = new Date(now.getTime() - FORM_CATCH_UP);
    // The 6- and 12-month moments of duos that started 6 to 12 months (and the catch-up) ago; the end of recent ends.
    const started = await this.requests.startedBetween(new Date(addMonths(now, -12).getTime() - FORM_CATCH_UP - DAY), new Date(addMonths(now, -6).getTime() + DAY));
    const ended = await this.requests.endedBetween(from, new Date(now.getTime() + 1));
    const duos = new Map([...started, ...ended].map((d) => [String(d._id), d]));
    const ids = [...duos.values()].map((d) => d._id);
    const [recorded, sent] = await Promise.all([
      this.store.outcomes.find({ duoId: { $in: ids } }, { duoId: 1, moment: 1 }).lean<Pick<OutcomeDoc, 'duoId' | 'moment'>[]>().exec(),
      this.requests.forDuos(ids)
    ]);
    const done = new Set([...recorded, ...sent].map((r) => `${String(r.duoId)}:${r.moment}`));
    let count = 0;
    for (const duo of duos.values()) {
      for (const { moment, dueAt } of dueMoments(duo, now)) {
        if (dueAt < from || done.has(`${String(duo._id)}:${moment}`)) continue;
        if (await this.sendOne(duo, moment, now)) count++;
      }
    }
    return count;
  }

  private async sendOne(duo: DuoDoc, moment: OutcomeMoment, now: Date): Promise<boolean> {
    const [mentee, org, membership] = await Promise.all([
      this.repos.users.findById(duo.menteeId),
      this.repos.organisations.findById(duo.organisationId),
      this.repos.memberships.findByOrgAndUser(duo.organisationId, duo.menteeId)
    ]);
    // Someone who deleted their account or left the organisation is not written to.
    if (!mentee || mentee.deletedAt || !org || membership?.status !== 'active') return false;
    const token = newToken();
    const expiresAt = new Date(now.getTime() + FORM_LINK_TTL);
    const claim = await this.requests.claim({
      organisationId: duo.organisationId,
      duoId: duo._id,
      menteeId: duo.menteeId,
      moment,
      tokenHash: sha256(token),
      sentAt: now,
      expiresAt,
      usedAt: null
    });
    if (!claim) return false; // another node or run sends this one
    try {
      const url = `${this.links.base()}${outcomeFormPath(token)}`;
      const mail = renderOutcomeMail(mentee.locale, moment, { firstName: firstName(mentee.name), organisation: org.name, url }, expiresAt);
      await this.mailer!.send({ to: mentee.email, ...mail });
      return true;
    } catch (err) {
      await this.requests.release(claim._id);
      this.log('an outcome form could not be emailed; it is tried again at the next run', { duoId: String(duo._id), moment, err: String(err) });
      return false;
    }
  }

  /** What the form shows; a link unknown, used, expired or of an erased person is gone (410), all alike. */
  async preview(token: string): Promise<OutcomeFormView> {
    const { request, mentee } = await this.usable(token);
    const org = await this.repos.organisations.findById(request.organisationId);
    return {
      moment: request.moment,
      locale: mentee.locale,
      organisationName: org?.name ?? '',
      firstName: firstName(mentee.name),
      expiresAt: request.expiresAt.toISOString()
    };
  }

  /** Records the mentee's answer; the link is used up at once (a second answer is 410). */
  async answer(token: string, body: OutcomeBody): Promise<void> {
    const { request } = await this.usable(token);
    const used = await this.requests.use(request._id, this.clock.now());
    if (!used) throw new Gone('This link was used or has expired');
    try {
      const duo = await this.repos.duos.findById(request.duoId);
      if (!duo) throw new Gone('The duo is gone');
      await this.outcomes.record(duo, request.moment, body, { source: 'mentee_form' });
    } catch (err) {
      // Nothing was recorded: the mentee may try again with the same link.
      if (!(err instanceof Gone)) await this.requests.unuse(request._id);
      throw err;
    }
  }

  /** Erasure: the person's links stop working at once. */
  async eraseAccount(userId: DuoDoc['menteeId']): Promise<void> {
    await this.requests.deleteForMentee(userId);
  }

  private async usable(token: string) {
    const request: OutcomeRequestDoc | null = await this.requests.findByHash(sha256(token));
    const now = this.clock.now();
    if (!request || request.usedAt || request.expiresAt.getTime() <= now.getTime()) throw new Gone('Unknown, used or expired link');
    const [mentee, membership] = await Promise.all([
      this.repos.users.findById(request.menteeId),
      this.repos.memberships.findByOrgAndUser(request.organisationId, request.menteeId)
    ]);
    // Someone who deleted their account or left the organisation no longer answers for it.
    if (!mentee || mentee.deletedAt || membership?.status !== 'active') throw new Gone('Unknown, used or expired link');
    return { request, mentee };
  }
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? '';
