// The journal of a duo: one timeline of its meetings (notes, decisions, next steps, from the notes' projection),
// the CV's named versions and the group workshops the reader attended in the duo's organisation, oldest first;
// and its search through MongoDB's `$text` on the notes' projection. Who may read it is the policy's
// (`notes:read`: the duo's two people, never coordinators).
import type { Actor } from '../../src/lib/shared/policy.ts';
import type { JournalEntry, JournalHit, JournalView } from '../../src/lib/shared/journal.ts';
import type { MyWorkshopView } from '../../src/lib/shared/workshops/schemas.ts';
import type { CvVersionsRepo } from '../data/cv-versions.ts';
import type { MeetingsRepo } from '../data/meetings-store.ts';
import { toId, type DuoDoc } from '../data/models.ts';
import type { NotesProjectionsRepo } from '../data/notes-store.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Locale } from '../../src/lib/shared/codes.ts';
import { journalMarkdown } from '../journal/markdown.ts';
import { journalOutline, type OutlineLine } from '../journal/outline.ts';
import { journalPdf } from '../journal/pdf.ts';
import { views } from './meetings.ts';

const SEARCH_LIMIT = 20;
const SNIPPET_RADIUS = 90;

/** The ended workshops of a person, with what they wrote (a port: workshops own them). */
export type MyWorkshops = (actor: Actor) => Promise<MyWorkshopView[]>;

export class JournalService {
  constructor(
    private readonly meetings: MeetingsRepo,
    private readonly projections: NotesProjectionsRepo,
    private readonly cvVersions: CvVersionsRepo,
    private readonly repos: Repositories,
    private readonly myWorkshops: MyWorkshops
  ) {}

  async journal(duo: DuoDoc, actor: Actor): Promise<JournalView> {
    const [meetings, notes, versions, workshops] = await Promise.all([
      this.meetings.forDuo(duo._id),
      this.projections.forDuo(duo._id),
      this.cvVersions.listForDuo(duo._id),
      this.myWorkshops(actor)
    ]);
    const byMeeting = new Map(notes.map((n) => [String(n.meetingId), n]));
    const entries: JournalEntry[] = [];
    for (const m of views(meetings, false)) {
      const n = byMeeting.get(m.id);
      entries.push({
        kind: 'meeting',
        at: m.startsAt,
        id: m.id,
        number: m.number,
        status: m.status,
        durationMinutes: m.durationMinutes,
        actualMinutes: m.actualMinutes,
        notes: n?.notes ?? '',
        decisions: n?.decisions ?? '',
        steps: (n?.steps ?? []).map((s) => ({ text: s.text, owner: s.owner, due: s.due ?? null, done: s.done }))
      });
    }
    for (const v of versions.filter((v) => v.kind === 'named')) {
      entries.push({ kind: 'cv_version', at: v.createdAt.toISOString(), id: String(v._id), name: v.name });
    }
    const orgId = String(duo.organisationId);
    for (const w of workshops.filter((w) => w.attended && w.organisationId === orgId)) {
      entries.push({
        kind: 'workshop',
        at: w.startsAt,
        id: w.id,
        title: w.title,
        cards: w.myCards.map((c) => ({ text: c.text, column: c.column })),
        actions: w.myActions.map((a) => ({ text: a.text, due: a.due, done: a.done }))
      });
    }
    entries.sort((a, b) => a.at.localeCompare(b.at));
    return { duoId: String(duo._id), entries };
  }

  /** The journal as Markdown, in `locale` or else the reader's language. */
  markdown = async (duo: DuoDoc, actor: Actor, locale?: Locale) => journalMarkdown((await this.outline(duo, actor, locale)).lines);

  /** The journal as an A4 PDF, in `locale` or else the reader's language. */
  async pdf(duo: DuoDoc, actor: Actor, locale?: Locale): Promise<Buffer> {
    const o = await this.outline(duo, actor, locale);
    return journalPdf(o.lines, o.locale);
  }

  private async outline(duo: DuoDoc, actor: Actor, locale?: Locale): Promise<{ lines: OutlineLine[]; locale: Locale }> {
    const [journal, mentee, mentor, reader] = await Promise.all([
      this.journal(duo, actor),
      this.repos.users.findById(duo.menteeId),
      this.repos.users.findById(duo.mentorId),
      this.repos.users.findById(toId(actor.userId))
    ]);
    const lang = locale ?? reader?.locale ?? 'fr';
    return { lines: journalOutline(journal, lang, [mentee?.name, mentor?.name].filter(Boolean).join(' & ')), locale: lang };
  }

  /** The duo's meetings whose notes hold the words, in the mentee's language, best first, each with a snippet. */
  async search(duo: DuoDoc, q: string): Promise<JournalHit[]> {
    const mentee = await this.repos.users.findById(duo.menteeId);
    const [hits, meetings] = await Promise.all([
      this.projections.search(duo._id, q, mentee?.locale ?? 'fr', SEARCH_LIMIT),
      this.meetings.forDuo(duo._id)
    ]);
    const numbers = new Map(views(meetings, false).map((m) => [m.id, m.number]));
    return hits.map((h) => ({
      meetingId: String(h.meetingId),
      at: h.startsAt.toISOString(),
      number: numbers.get(String(h.meetingId)) ?? null,
      score: h.score,
      snippet: snippet([h.notes, h.decisions, h.agenda].filter(Boolean).join('\n'), q)
    }));
  }
}

/** Lower case without accents, one UTF-16 unit for one, so that positions in it are positions in the text. */
const fold = (text: string) =>
  text
    .split('')
    .map((c) => (c.normalize('NFD')[0] ?? c).toLowerCase()[0] ?? c)
    .join('');

/**
 * A short passage of `text` around the first word that starts like one of the query's (its first five letters,
 * which stemming keeps): the text itself, never more than about two hundred characters.
 */
export function snippet(text: string, q: string): string {
  const folded = fold(text);
  const words = fold(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1)
    .map((w) => w.slice(0, 5));
  const at = words.map((w) => folded.indexOf(w)).filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, at - SNIPPET_RADIUS);
  const end = Math.min(text.length, at + SNIPPET_RADIUS);
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '… ' : ''}${body}${end < text.length ? ' …' : ''}`;
}
