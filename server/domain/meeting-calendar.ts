// Meetings in people's calendars: one meeting as an .ics download, and a private feed per person (all the
// meetings of their duos) that calendar apps subscribe to. The feed's address carries a random token, stored only
// hashed; it is the only key to the feed (calendar apps send no cookie), so a new one replaces the old one and
// revoking it ends every subscription at once.
import icalGenerator, { ICalEventStatus, type ICalCalendar } from 'ical-generator';
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { CalendarFeedView } from '../../src/lib/shared/meetings.ts';
import type { DuoDoc, UserDoc } from '../data/models.ts';
import { toId } from '../data/models.ts';
import type { CalendarFeedsRepo, MeetingDoc, MeetingsRepo } from '../data/meetings-store.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Clock } from './clock.ts';
import { NotFound } from './errors.ts';
import type { Links } from './links.ts';
import { newToken, sha256 } from './tokens.ts';

const WORDS: Record<Locale, { calendar: string; summary: (other: string) => string; open: string }> = {
  fr: { calendar: 'Binôme : mes réunions', summary: (o) => `Binôme : réunion avec ${o}`, open: 'Ouvrir le binôme' },
  nl: { calendar: 'Binôme: mijn afspraken', summary: (o) => `Binôme: afspraak met ${o}`, open: 'Het duo openen' },
  en: { calendar: 'Binôme: my meetings', summary: (o) => `Binôme: meeting with ${o}`, open: 'Open the duo' }
};
const DELETED: Record<Locale, string> = { fr: 'compte supprimé', nl: 'verwijderd account', en: 'deleted account' };

export class MeetingCalendar {
  constructor(
    private readonly meetings: MeetingsRepo,
    private readonly feeds: CalendarFeedsRepo,
    private readonly repos: Repositories,
    private readonly links: Links,
    private readonly clock: Clock
  ) {}

  /** One meeting, for the person downloading it. */
  async meetingIcs(duo: DuoDoc, meeting: MeetingDoc, viewerId: string): Promise<string> {
    const viewer = await this.repos.users.findById(toId(viewerId));
    const locale = viewer?.locale ?? 'fr';
    const cal = icalGenerator({ name: WORDS[locale].calendar, prodId: { company: 'Binôme', product: 'meetings', language: locale.toUpperCase() } });
    this.addEvent(cal, meeting, duo, viewerId, await this.people([duo]), locale);
    return cal.toString();
  }

  async feed(userId: string): Promise<CalendarFeedView> {
    const feed = await this.feeds.findForUser(toId(userId));
    return { active: !!feed, createdAt: feed?.createdAt.toISOString() ?? null };
  }

  /** A new private address (the previous one, if any, stops working). */
  async renewFeed(userId: string): Promise<CalendarFeedView> {
    const token = newToken();
    const feed = await this.feeds.replace(toId(userId), sha256(token), this.clock.now());
    return { active: true, createdAt: feed!.createdAt.toISOString(), url: this.feedUrl(token) };
  }

  revokeFeed = async (userId: string): Promise<void> => void (await this.feeds.deleteForUser(toId(userId)));

  feedUrl(token: string): string {
    return `${this.links.base()}/api/calendar/${token}.ics`;
  }

  /** The feed of the token's owner: every meeting of their duos, cancelled ones marked so apps remove them. */
  async feedIcs(token: string): Promise<string> {
    const feed = await this.feeds.findByHash(sha256(token));
    const user = feed ? await this.repos.users.findById(feed.userId) : null;
    if (!feed || !user || user.deletedAt) throw new NotFound('No such calendar');
    const userId = String(user._id);
    const duos = await this.repos.duos.forUser(user._id);
    const byId = new Map(duos.map((d) => [String(d._id), d]));
    const people = await this.people(duos);
    const cal = icalGenerator({ name: WORDS[user.locale].calendar, prodId: { company: 'Binôme', product: 'meetings', language: user.locale.toUpperCase() } });
    for (const m of await this.meetings.forDuos(duos.map((d) => d._id))) {
      this.addEvent(cal, m, byId.get(String(m.duoId))!, userId, people, user.locale);
    }
    return cal.toString();
  }

  private async people(duos: DuoDoc[]): Promise<Map<string, UserDoc>> {
    const users = await this.repos.users.findByIds(duos.flatMap((d) => [d.mentorId, d.menteeId]));
    return new Map(users.map((u) => [String(u._id), u]));
  }

  private addEvent(cal: ICalCalendar, m: MeetingDoc, duo: DuoDoc, viewerId: string, people: Map<string, UserDoc>, locale: Locale): void {
    const otherId = String(duo.mentorId) === viewerId ? duo.menteeId : duo.mentorId;
    const other = people.get(String(otherId));
    const otherName = other && !other.deletedAt ? other.name : DELETED[locale];
    const duoUrl = `${this.links.base()}/duos/${String(duo._id)}`;
    cal.createEvent({
      id: `${String(m._id)}@binome`,
      sequence: m.sequence,
      stamp: m.updatedAt,
      start: m.startsAt,
      end: new Date(m.startsAt.getTime() + m.durationMinutes * 60_000),
      summary: WORDS[locale].summary(otherName),
      location: m.mode === 'in_person' ? m.place : m.videoUrl,
      url: m.mode === 'video' ? m.videoUrl : duoUrl,
      description: `${WORDS[locale].open}: ${duoUrl}`,
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED
    });
  }
}
