// Emails to a programme's coordinators when one of its duos becomes flagged (no meeting held for 21 days, two low
// check-ins in a row), when SMTP is configured. One email per new flag: each is recorded before it is sent (two
// nodes never both send it), a failed send gives it back for the next run, and a flag that clears is forgotten so
// that it is emailed again if it comes back. Metadata only: names, programme, dates and scores, never a comment
// or a note. Time comes from the injected clock through the flags.
import type { Locale } from '../../src/lib/shared/codes.ts';
import { flagKey, type DuoFlagReason } from '../../src/lib/shared/duo-flags.ts';
import type { FlagAlertsRepo } from '../data/flag-alerts-store.ts';
import type { DuoDoc, UserDoc } from '../data/models.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Clock } from './clock.ts';
import type { DuoFlags } from './duo-flags.ts';
import type { Links } from './links.ts';
import type { Mailer } from './mailer.ts';

type Words = {
  subject: (v: { mentor: string; mentee: string }) => string;
  intro: (v: { mentor: string; mentee: string; programme: string }) => string;
  inactive: (days: number) => string;
  low: (role: 'mentor' | 'mentee', scores: string) => string;
  link: string;
};
const ROLE: Record<Locale, Record<'mentor' | 'mentee', string>> = {
  fr: { mentor: 'le ou la mentor', mentee: 'le ou la mentoré·e' },
  nl: { mentor: 'de mentor', mentee: 'de mentee' },
  en: { mentor: 'the mentor', mentee: 'the mentee' }
};
const WORDS: Record<Locale, Words> = {
  fr: {
    subject: (v) => `Binôme à suivre : ${v.mentor} et ${v.mentee}`,
    intro: (v) => `Bonjour,\n\nLe binôme de ${v.mentor} et ${v.mentee} (${v.programme}) demande votre attention :`,
    inactive: (d) => `aucune rencontre tenue depuis ${d} jours.`,
    low: (r, s) => `deux check-ins bas d'affilée de ${ROLE.fr[r]} (${s} sur 5).`,
    link: 'Voir le programme :'
  },
  nl: {
    subject: (v) => `Duo om op te volgen: ${v.mentor} en ${v.mentee}`,
    intro: (v) => `Hallo,\n\nHet duo van ${v.mentor} en ${v.mentee} (${v.programme}) vraagt uw aandacht:`,
    inactive: (d) => `al ${d} dagen geen afspraak gehouden.`,
    low: (r, s) => `twee lage check-ins na elkaar van ${ROLE.nl[r]} (${s} op 5).`,
    link: 'Het programma bekijken:'
  },
  en: {
    subject: (v) => `Duo to follow up: ${v.mentor} and ${v.mentee}`,
    intro: (v) => `Hello,\n\nThe duo of ${v.mentor} and ${v.mentee} (${v.programme}) needs your attention:`,
    inactive: (d) => `no meeting held for ${d} days.`,
    low: (r, s) => `two low check-ins in a row from ${ROLE.en[r]} (${s} out of 5).`,
    link: 'See the programme:'
  }
};

export interface FlagAlertsDeps {
  flags: DuoFlags;
  alerts: FlagAlertsRepo;
  repos: Repositories;
  mailer: Mailer | null;
  links: Links;
  clock: Clock;
  log: (msg: string, extra?: object) => void;
}

export class FlagAlerts {
  private readonly alerts: FlagAlertsRepo;
  private readonly repos: Repositories;

  constructor(private readonly d: FlagAlertsDeps) {
    this.alerts = d.alerts;
    this.repos = d.repos;
  }

  /** Emails the flags raised since the last run; returns how many emails went out. Nothing without a mailer. */
  async run(): Promise<number> {
    const mailer = this.d.mailer;
    if (!mailer) return 0;
    const duos = await this.repos.duos.allActive();
    const byId = new Map(duos.map((d) => [String(d._id), d]));
    const raised = (await this.d.flags.flags(duos)).flatMap((f) => f.reasons.map((reason) => ({ duo: byId.get(f.duoId)!, reason, key: flagKey(f.duoId, reason) })));
    await this.alerts.keepOnly(raised.map((r) => r.key));
    let sent = 0;
    for (const { duo, reason, key } of raised) {
      if (!(await this.alerts.claim(key, duo._id, this.d.clock.now()))) continue;
      try {
        sent += await this.send(mailer, duo, reason);
      } catch (err) {
        await this.alerts.release(key);
        this.d.log('a flag alert could not be sent; it is tried again at the next run', { duoId: String(duo._id), err: String(err) });
      }
    }
    return sent;
  }

  private async send(mailer: Mailer, duo: DuoDoc, reason: DuoFlagReason): Promise<number> {
    const [programme, mentor, mentee, coordinators] = await Promise.all([
      this.repos.programmes.findById(duo.programmeId),
      this.repos.users.findById(duo.mentorId),
      this.repos.users.findById(duo.menteeId),
      this.coordinatorsOf(duo)
    ]);
    const names = { mentor: nameOf(mentor), mentee: nameOf(mentee), programme: programme?.name ?? '' };
    for (const to of coordinators) {
      const w = WORDS[to.locale];
      const line = reason.code === 'inactive' ? w.inactive(reason.days) : w.low(reason.role, reason.scores.join(', '));
      const url = `${this.d.links.base()}/programmes/${String(duo.programmeId)}`;
      await mailer.send({ to: to.email, subject: w.subject(names), text: `${w.intro(names)}\n${line}\n\n${w.link} ${url}\n` });
    }
    return coordinators.length;
  }

  /** The organisation's coordinators who follow the duo's programme; all of its coordinators when none is named. */
  private async coordinatorsOf(duo: DuoDoc): Promise<UserDoc[]> {
    const all = await this.repos.memberships.listActive(duo.organisationId, { role: 'coordinator' });
    const following = all.filter((m) => m.programmeIds.some((p) => String(p) === String(duo.programmeId)));
    const chosen = following.length > 0 ? following : all;
    const users = await Promise.all(chosen.map((m) => this.repos.users.findById(m.userId)));
    return users.filter((u): u is UserDoc => u !== null && !u.deletedAt);
  }
}

const nameOf = (u: UserDoc | null) => (u && !u.deletedAt ? u.name : '—');
