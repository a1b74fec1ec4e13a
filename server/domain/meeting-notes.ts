// A meeting's notes outside the live editor: opening them (the server writes the agenda's first content once:
// the next steps still open from the meetings before, and the programme's topic for that week when it has one),
// and the projection kept after each stored batch (next steps, plain text), from which the next agenda and the
// journal read. The live document itself is the collaboration server's (`notes:<meetingId>`).
import type * as Y from 'yjs';
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { RichBlock } from '../../src/lib/shared/cv/rich.ts';
import { isMeetingView, MEETING_TIME_ZONE, type MeetingView, type NotesSealView } from '../../src/lib/shared/meetings.ts';
import { listSteps, notesDocName, notesPlainText, seedAgenda, type NextStep } from '../../src/lib/shared/notes/model.ts';
import type { DuoDoc } from '../data/models.ts';
import { toId } from '../data/models.ts';
import type { MeetingDoc, MeetingsRepo } from '../data/meetings-store.ts';
import type { NotesProjectionsRepo, NotesSealsRepo } from '../data/notes-store.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Clock } from './clock.ts';
import type { ChangeOrigin, LiveDocuments } from './cv.ts';
import { Conflict, NotFound } from './errors.ts';
import { views, type MeetingsService } from './meetings.ts';

const WORDS: Record<Locale, { open: string; topic: string; owner: Record<NextStep['owner'], string>; version: string }> = {
  fr: { open: 'Étapes encore ouvertes', topic: 'Thème de la semaine : ', owner: { mentor: 'mentor', mentee: 'mentoré·e' }, version: 'Rencontre' },
  nl: { open: 'Volgende stappen die nog openstaan', topic: 'Thema van de week: ', owner: { mentor: 'mentor', mentee: 'mentee' }, version: 'Afspraak' },
  en: { open: 'Next steps still open', topic: 'Topic of the week: ', owner: { mentor: 'mentor', mentee: 'mentee' }, version: 'Meeting' }
};
const INTL: Record<Locale, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

/** Saves a named version of the duo's CV as it is now; its id, or null when the CV keeps no more versions. */
export type SaveCvVersion = (duo: DuoDoc, userId: string, name: string) => Promise<string | null>;

export interface NotesOpenView {
  docName: string;
  meeting: MeetingView;
}

/** The programme's topic for the week a meeting falls in, when it sets one (a port: programmes own topics). */
export type WeekTopic = (duo: DuoDoc, meeting: MeetingDoc) => Promise<string | null>;

export class MeetingNotesService {
  constructor(
    private readonly meetings: MeetingsRepo,
    private readonly projections: NotesProjectionsRepo,
    private readonly repos: Repositories,
    private readonly live: LiveDocuments,
    private readonly clock: Clock,
    private readonly origin: ChangeOrigin,
    private readonly seals: NotesSealsRepo,
    private readonly meetingsService: MeetingsService,
    private readonly saveCvVersion: SaveCvVersion,
    private readonly weekTopic: WeekTopic = async () => null
  ) {}

  /**
   * "Mark the meeting as done": held (with its real duration, when still planned), its notes sealed as they are
   * now, and a version of the CV saved, so that the journal shows how the CV changed meeting by meeting. Once.
   */
  async markDone(duo: DuoDoc, meeting: MeetingDoc, userId: string, actualMinutes?: number): Promise<MeetingView> {
    if (meeting.sealedAt) throw new Conflict('This meeting is already marked as done');
    if (meeting.status === 'planned') await this.meetingsService.markHeld(duo, meeting, actualMinutes ?? meeting.durationMinutes);
    else if (meeting.status !== 'held') throw new Conflict('A missed or cancelled meeting cannot be marked as done');
    const now = this.clock.now();
    const name = notesDocName(String(meeting._id));
    const sealed = await this.live.withDocument(name, (doc) => ({ text: notesPlainText(doc), steps: listSteps(doc) }));
    const meetingView = views(await this.meetings.forDuo(duo._id), true).find((m) => m.id === String(meeting._id))!;
    const mentee = await this.repos.users.findById(duo.menteeId);
    const locale = mentee?.locale ?? 'fr';
    const day = new Intl.DateTimeFormat(INTL[locale], { dateStyle: 'long', timeZone: MEETING_TIME_ZONE }).format(meeting.startsAt);
    const cvVersionId = await this.saveCvVersion(duo, userId, `${WORDS[locale].version} ${meetingView.number ?? ''} (${day})`.replace('  ', ' '));
    const marked = await this.meetings.seal(meeting._id, now, cvVersionId ? toId(cvVersionId) : null);
    if (!marked) throw new Conflict('This meeting is already marked as done');
    const { steps: stepsText, ...sections } = sealed.text;
    void stepsText;
    await this.seals.create({ meetingId: meeting._id, duoId: duo._id, ...sections, steps: sealed.steps, sealedAt: now, sealedBy: toId(userId) });
    await this.live.withDocument(name, (doc) => this.project(doc, marked));
    return views(await this.meetings.forDuo(duo._id), true).find((m) => m.id === String(meeting._id)) as MeetingView;
  }

  /** The notes as sealed, or 404 before the meeting is marked done. */
  async sealed(meeting: MeetingDoc): Promise<NotesSealView> {
    const seal = await this.seals.forMeeting(meeting._id);
    if (!seal) throw new NotFound('This meeting is not marked as done');
    return {
      meetingId: String(seal.meetingId),
      sealedAt: seal.sealedAt.toISOString(),
      sealedBy: String(seal.sealedBy),
      sections: { agenda: seal.agenda, notes: seal.notes, decisions: seal.decisions, links: seal.links },
      steps: seal.steps.map((s) => ({ id: s.id, text: s.text, owner: s.owner, due: s.due, done: s.done }))
    };
  }

  /** The notes' document name, after making sure the agenda was written once. */
  async open(duo: DuoDoc, meeting: MeetingDoc): Promise<NotesOpenView> {
    const name = notesDocName(String(meeting._id));
    const blocks = await this.agendaSeed(duo, meeting);
    const seeded = await this.live.withDocument(name, (doc) => seedAgenda(doc, blocks, this.origin));
    if (seeded) await this.live.withDocument(name, (doc) => this.project(doc, meeting));
    // The journal's search stems the notes in the mentee's language. Set here, not after each stored batch,
    // so that the projection's writes stay in the order of the batches (no lookup before them).
    const mentee = await this.repos.users.findById(duo.menteeId);
    await this.projections.setLanguage(meeting._id, mentee?.locale ?? 'fr');
    const meetingView = views(await this.meetings.forDuo(duo._id), true).find((m) => m.id === String(meeting._id))!;
    if (!isMeetingView(meetingView)) throw new Error('a meeting view without details');
    return { docName: name, meeting: meetingView };
  }

  /** The open next steps of the meetings before `meeting`, and the week's topic, as the agenda's first blocks. */
  private async agendaSeed(duo: DuoDoc, meeting: MeetingDoc): Promise<RichBlock[]> {
    const mentee = await this.repos.users.findById(duo.menteeId);
    const w = WORDS[mentee?.locale ?? 'fr'];
    const blocks: RichBlock[] = [];
    const topic = await this.weekTopic(duo, meeting);
    if (topic) blocks.push({ type: 'paragraph', runs: [{ text: w.topic, bold: true }, { text: topic }] });
    const open = (await this.projections.before(duo._id, meeting.startsAt)).flatMap((p) => p.steps.filter((s) => !s.done));
    if (open.length > 0) {
      blocks.push({ type: 'paragraph', runs: [{ text: w.open, bold: true }] });
      for (const step of open) {
        blocks.push({ type: 'bullet', runs: [{ text: `${step.text} (${w.owner[step.owner]}${step.due ? `, ${step.due}` : ''})` }] });
      }
    }
    return blocks;
  }

  /** Called after each stored batch of `notes:<meetingId>`. */
  async projectByName(docName: string, doc: Y.Doc): Promise<void> {
    const meeting = await this.meetings.findById(toId(docName.slice('notes:'.length)));
    if (meeting) await this.project(doc, meeting);
  }

  async project(doc: Y.Doc, meeting: MeetingDoc): Promise<void> {
    const text = notesPlainText(doc);
    await this.projections.upsert({
      meetingId: meeting._id,
      duoId: meeting.duoId,
      startsAt: meeting.startsAt,
      agenda: text.agenda,
      notes: text.notes,
      decisions: text.decisions,
      links: text.links,
      steps: listSteps(doc),
      updatedAt: this.clock.now()
    });
  }
}
