// Email reminders the day before a meeting, when SMTP is configured. A run sends the reminder of every planned
// meeting that starts within the next 24 hours and has not had one; each reminder is claimed in the database
// before it is sent, so two runs (two app nodes, or a run that overlaps the next) never send it twice, and a failed
// send gives it back for the next run. Time comes from the injected clock (tests move it).
import type { Locale } from '../../src/lib/shared/codes.ts';
import { MEETING_TIME_ZONE } from '../../src/lib/shared/meetings.ts';
import type { MeetingDoc, MeetingsRepo } from '../data/meetings-store.ts';
import type { Repositories } from '../data/repositories.ts';
import { DAY, type Clock } from './clock.ts';
import type { Links } from './links.ts';
import type { Mailer } from './mailer.ts';

const INTL: Record<Locale, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

const TEMPLATES: Record<Locale, (v: { other: string; when: string; where: string; url: string }) => { subject: string; text: string }> = {
  fr: (v) => ({
    subject: `Rappel : réunion avec ${v.other} demain`,
    text: `Bonjour,\n\nVotre réunion avec ${v.other} a lieu ${v.when}.\n${v.where}\n\nL'ordre du jour et les notes : ${v.url}\n`
  }),
  nl: (v) => ({
    subject: `Herinnering: afspraak met ${v.other} morgen`,
    text: `Hallo,\n\nUw afspraak met ${v.other} is op ${v.when}.\n${v.where}\n\nDe agenda en de notities: ${v.url}\n`
  }),
  en: (v) => ({
    subject: `Reminder: meeting with ${v.other} tomorrow`,
    text: `Hello,\n\nYour meeting with ${v.other} is on ${v.when}.\n${v.where}\n\nThe agenda and the notes: ${v.url}\n`
  })
};
const WHERE: Record<Locale, { in_person: string; video: string }> = {
  fr: { in_person: 'Lieu :', video: 'Lien vidéo :' },
  nl: { in_person: 'Plaats:', video: 'Videolink:' },
  en: { in_person: 'Place:', video: 'Video link:' }
};

export class MeetingReminders {
  constructor(
    private readonly meetings: MeetingsRepo,
    private readonly repos: Repositories,
    private readonly mailer: Mailer | null,
    private readonly links: Links,
    private readonly clock: Clock,
    private readonly log: (msg: string, extra?: object) => void
  ) {}

  /** Sends the reminders due now; returns how many went out. Without a mailer there is nothing to do. */
  async run(): Promise<number> {
    if (!this.mailer) return 0;
    const now = this.clock.now();
    let sent = 0;
    for (const meeting of await this.meetings.dueReminders(now, new Date(now.getTime() + DAY))) {
      if (!(await this.meetings.claimReminder(meeting._id, now))) continue;
      try {
        sent += await this.send(meeting);
      } catch (err) {
        await this.meetings.releaseReminder(meeting._id);
        this.log('a meeting reminder could not be sent; it is tried again at the next run', { meetingId: String(meeting._id), err: String(err) });
      }
    }
    return sent;
  }

  private async send(meeting: MeetingDoc): Promise<number> {
    const duo = await this.repos.duos.findById(meeting.duoId);
    if (!duo) return 0;
    const [mentor, mentee] = await Promise.all([this.repos.users.findById(duo.mentorId), this.repos.users.findById(duo.menteeId)]);
    let sent = 0;
    for (const [me, other] of [
      [mentor, mentee],
      [mentee, mentor]
    ]) {
      if (!me || me.deletedAt) continue;
      const locale = me.locale;
      const when = new Intl.DateTimeFormat(INTL[locale], { dateStyle: 'full', timeStyle: 'short', timeZone: MEETING_TIME_ZONE }).format(meeting.startsAt);
      const where = `${WHERE[locale][meeting.mode]} ${meeting.mode === 'in_person' ? meeting.place : meeting.videoUrl}`;
      const otherName = other && !other.deletedAt ? other.name : '—';
      const mail = TEMPLATES[locale]({ other: otherName, when, where, url: `${this.links.base()}/duos/${String(duo._id)}` });
      await this.mailer!.send({ to: me.email, ...mail });
      sent++;
    }
    return sent;
  }
}
