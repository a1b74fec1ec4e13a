// Workshops (group sessions) as the organisation manages them: create from a template, edit the details and the
// run-sheet before the start, invite participants (one by one or the whole programme), designate facilitators,
// join with the room's code, correct attendance, and the lists of the dashboards. The live part is live.ts.
import { randomInt } from 'node:crypto';
import type { Types } from 'mongoose';
import QRCode from 'qrcode';
import { isParticipant } from '../../../src/lib/shared/duos.ts';
import { ROUTES } from '../../../src/lib/shared/routes.ts';
import { DEFAULT_VOTE_BUDGET, DEFAULT_VOTE_CAP, type Activity } from '../../../src/lib/shared/workshops/model.ts';
import {
  JOIN_CODE_ALPHABET,
  WORKSHOP_LIMITS,
  type MyWorkshopView,
  type WorkshopBase,
  type WorkshopInput,
  type WorkshopListItem,
  type WorkshopPatch,
  type WorkshopView
} from '../../../src/lib/shared/workshops/schemas.ts';
import { workshopTemplate } from '../../../src/lib/shared/workshops/templates.ts';
import { toId } from '../../data/models.ts';
import type { Repositories } from '../../data/repositories.ts';
import type { WorkshopDoc, WorkshopsRepo } from '../../data/workshops.ts';
import type { Clock } from '../clock.ts';
import { Conflict, Invalid, NotFound, TooManyRequests, isDuplicateKey } from '../errors.ts';
import type { DomainEvents } from '../events.ts';
import type { Links } from '../links.ts';
import { decide, workshopRole, type Actor } from '../policy.ts';
import { readBoard, seedColumns, newItemId } from './board-ops.ts';
import type { WorkshopCache } from './cache.ts';
import { boardDocName, draftDocName, type WorkshopBus, type WorkshopDocuments } from './ports.ts';
import { workshopResource } from './resource.ts';

/** Join-code guessing: tries per person and per address in a window. */
export const JOIN_LIMITS = { perUser: 10, perIp: 60, windowMs: 15 * 60_000 };

export interface WorkshopDeps {
  repos: Repositories;
  workshops: WorkshopsRepo;
  clock: Clock;
  links: Links;
  events: DomainEvents;
  docs: WorkshopDocuments;
  bus: WorkshopBus;
  cache: WorkshopCache;
}

const newCode = () => Array.from({ length: WORKSHOP_LIMITS.joinCode }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join('');

export class WorkshopsService {
  constructor(private d: WorkshopDeps) {}

  /** Loads a workshop (404 when unknown) and keeps it in the cache the guards read. */
  async load(id: string | Types.ObjectId): Promise<WorkshopDoc> {
    const w = await this.d.workshops.findById(toId(id));
    if (!w) throw new NotFound('Not found');
    this.d.cache.put(w);
    return w;
  }

  /** Stores what changed and tells the cache; `states`: the change applies only in those. */
  async save(w: WorkshopDoc, set: Record<string, unknown>, states?: WorkshopDoc['state'][]): Promise<WorkshopDoc> {
    const updated = await this.d.workshops.update(w._id, set, states);
    if (!updated) throw new Conflict(`not possible once the workshop is ${w.state}`, 'state');
    this.d.cache.put(updated);
    return updated;
  }

  async create(organisationId: Types.ObjectId, input: WorkshopInput, createdBy: string): Promise<WorkshopDoc> {
    if (input.programmeId) {
      const p = await this.d.repos.programmes.findById(toId(input.programmeId));
      if (!p || String(p.organisationId) !== String(organisationId)) throw new Invalid('no such programme in this organisation', 'programmeId');
    }
    const t = workshopTemplate(input.templateId, input.locale);
    const columns = t.columns.map((c, i) => ({ id: `c${i + 1}`, ...c }));
    const activities: Activity[] = t.activities.map((a) => ({ id: newItemId(), ...a }));
    for (let attempt = 0; ; attempt++) {
      try {
        const w = await this.d.workshops.create({
          organisationId,
          programmeId: input.programmeId ? toId(input.programmeId) : null,
          title: input.title,
          description: input.description || t.description,
          startsAt: new Date(input.startsAt),
          durationMinutes: input.durationMinutes,
          place: input.place,
          videoUrl: input.videoUrl,
          locale: input.locale,
          templateId: input.templateId,
          state: 'planned',
          activities,
          columns,
          votes: input.votes ?? { budget: DEFAULT_VOTE_BUDGET, cap: DEFAULT_VOTE_CAP, selfVotes: true },
          facilitatorIds: [],
          participants: [],
          joinCode: newCode(),
          live: {
            current: 0,
            anonymous: false,
            revealMode: 'all',
            timer: { endsAt: null, pausedRemaining: null, lockAtZero: false },
            locked: false,
            spotlight: null,
            ready: [],
            votesRevealed: false,
            facilitatorNotes: ''
          },
          createdBy: toId(createdBy),
          createdAt: this.d.clock.now(),
          startedAt: null,
          endedAt: null
        });
        this.d.cache.put(w);
        await this.d.docs.withDocument(boardDocName(String(w._id)), (doc) => seedColumns(doc, columns));
        return w;
      } catch (err) {
        // 25^6 codes: a collision is rare, and another code is drawn.
        if (!isDuplicateKey(err) || attempt >= 5) throw err;
      }
    }
  }

  async update(w: WorkshopDoc, patch: WorkshopPatch): Promise<WorkshopDoc> {
    if (w.state === 'ended') throw new Conflict('the workshop has ended', 'state');
    const { activities, columns, startsAt, ...rest } = patch;
    const set: Record<string, unknown> = { ...rest };
    if (startsAt) set.startsAt = new Date(startsAt);
    if ((activities || columns || patch.votes) && w.state !== 'planned') {
      throw new Conflict('the run-sheet is fixed once the workshop has started', activities ? 'activities' : columns ? 'columns' : 'votes');
    }
    if (activities) set.activities = activities.map((a) => ({ ...a, id: a.id ?? newItemId() }));
    let newColumns: WorkshopDoc['columns'] | null = null;
    if (columns) {
      newColumns = columns.map((c, i) => ({ id: w.columns[i]?.id ?? `c${i + 1}-${newItemId().slice(0, 4)}`, ...c }));
      set.columns = newColumns;
    }
    const updated = await this.save(w, set, set.activities || newColumns || patch.votes ? ['planned'] : ['planned', 'live']);
    if (newColumns) await this.d.docs.withDocument(boardDocName(String(w._id)), (doc) => seedColumns(doc, newColumns!));
    if (updated.state === 'live') this.d.bus.emit('state', String(w._id));
    return updated;
  }

  async remove(w: WorkshopDoc): Promise<void> {
    const r = await this.d.workshops.delete(w._id);
    if (r.deletedCount === 0) throw new Conflict('only a planned workshop is deleted', 'state');
    this.d.cache.forget(String(w._id));
  }

  /** People who may take part: active members of the organisation, in the programme when it has one. */
  private async eligible(w: WorkshopDoc, userIds: Types.ObjectId[] | 'programme'): Promise<Types.ObjectId[]> {
    // A partner company's contact only reads its figures: never a workshop's participant.
    const members = (await this.d.repos.memberships.listActive(w.organisationId, w.programmeId ? { programmeId: w.programmeId } : {})).filter((m) => m.role !== 'company_contact');
    if (userIds === 'programme') return members.filter((m) => isParticipant(m.role)).map((m) => m.userId);
    const byUser = new Map(members.map((m) => [String(m.userId), m.userId]));
    const byMembership = new Map(members.map((m) => [String(m._id), m.userId]));
    return userIds.map((id) => {
      const found = byUser.get(String(id)) ?? byMembership.get(String(id));
      if (!found) throw new Invalid(`${id} cannot take part in this workshop`, 'userIds');
      return found;
    });
  }

  async addParticipants(w: WorkshopDoc, who: { userIds: string[] } | { allOfProgramme: true }): Promise<WorkshopDoc> {
    if (w.state === 'ended') throw new Conflict('the workshop has ended', 'state');
    if ('allOfProgramme' in who && !w.programmeId) throw new Invalid('this workshop belongs to no programme', 'allOfProgramme');
    const ids = await this.eligible(w, 'userIds' in who ? who.userIds.map(toId) : 'programme');
    const known = new Set(w.participants.map((p) => String(p.userId)));
    const now = this.d.clock.now();
    const fresh = [...new Map(ids.filter((id) => !known.has(String(id))).map((id) => [String(id), id])).values()];
    if (w.participants.length + fresh.length > WORKSHOP_LIMITS.participants) throw new Invalid('too many participants', 'userIds');
    if (fresh.length === 0) return w;
    const updated = await this.d.workshops.updateRaw(
      { _id: w._id, state: { $in: ['planned', 'live'] } },
      { $push: { participants: { $each: fresh.map((userId) => ({ userId, present: false, invitedAt: now })) } } }
    );
    if (!updated) throw new Conflict('the workshop has ended', 'state');
    this.d.cache.put(updated);
    this.d.bus.emit('state', String(w._id));
    return updated;
  }

  /** Takes someone out: their board and draft connections close at once, their sockets leave the room. */
  async removeParticipant(w: WorkshopDoc, userId: string): Promise<void> {
    if (!w.participants.some((p) => String(p.userId) === userId)) throw new NotFound('Not a participant');
    const updated = await this.d.workshops.updateRaw({ _id: w._id }, { $pull: { participants: { userId: toId(userId) }, 'live.ready': toId(userId) } });
    if (updated) this.d.cache.put(updated);
    this.accessChanged(w, userId);
    await this.revalidate(String(w._id));
    this.d.bus.emit('state', String(w._id));
  }

  async setFacilitators(w: WorkshopDoc, userIds: string[]): Promise<WorkshopDoc> {
    if (w.state === 'ended') throw new Conflict('the workshop has ended', 'state');
    const members = await this.d.repos.memberships.listActive(w.organisationId);
    const ids = userIds.map((id) => {
      const m = members.find((x) => String(x.userId) === id || String(x._id) === id);
      if (!m) throw new Invalid(`${id} is not a member of this organisation`, 'userIds');
      return m.userId;
    });
    const before = w.facilitatorIds.map(String);
    const updated = await this.save(w, { facilitatorIds: [...new Map(ids.map((i) => [String(i), i])).values()] }, ['planned', 'live']);
    await this.revalidate(String(w._id));
    for (const u of new Set([...before, ...ids.map(String)])) if (before.includes(u) !== ids.some((i) => String(i) === u)) this.accessChanged(w, u);
    return updated;
  }

  async setAttendance(w: WorkshopDoc, userId: string, present: boolean): Promise<WorkshopDoc> {
    const updated = await this.d.workshops.updateRaw({ _id: w._id, 'participants.userId': toId(userId) }, { $set: { 'participants.$.present': present } });
    if (!updated) throw new Invalid('not a participant of this workshop', 'userId');
    this.d.cache.put(updated);
    return updated;
  }

  async newJoinCode(w: WorkshopDoc): Promise<WorkshopDoc> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.save(w, { joinCode: newCode() }, ['planned', 'live']);
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 5) throw err;
      }
    }
  }

  joinUrl = (code: string) => `${this.d.links.base()}${ROUTES.workshopJoinPage(code)}`;

  async joinQrSvg(w: WorkshopDoc): Promise<string> {
    return QRCode.toString(this.joinUrl(w.joinCode), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }

  /**
   * Joins with the room's code. Every try is counted (atomically, before the lookup) per person and per address,
   * so guessing the 25^6 codes is hopeless; an unknown code and one of a workshop one may not join both answer 404.
   */
  async joinByCode(actor: Actor, code: string, ip: string): Promise<WorkshopDoc> {
    const now = this.d.clock.now();
    const [mine, address] = await Promise.all([
      this.d.workshops.countTry(`user:${actor.userId}`, JOIN_LIMITS.windowMs, now),
      this.d.workshops.countTry(`ip:${ip}`, JOIN_LIMITS.windowMs, now)
    ]);
    if (mine > JOIN_LIMITS.perUser || address > JOIN_LIMITS.perIp) throw new TooManyRequests('Too many join codes tried', Math.ceil(JOIN_LIMITS.windowMs / 1000));
    const w = await this.d.workshops.findByJoinCode(code);
    if (!w) throw new NotFound('No workshop has this code');
    const decision = decide(actor, 'workshop:join', workshopResource(w));
    if (decision === 'not_found') throw new NotFound('No workshop has this code');
    if (decision !== 'allow') throw new Conflict('the workshop has ended', 'code');
    if (workshopRole(actor, workshopResource(w))) return this.load(w._id);
    return this.addParticipants(w, { userIds: [actor.userId] });
  }

  /** Tells the live layer (sockets leave the room) and the collaboration server (documents re-judged). */
  private accessChanged(w: WorkshopDoc, userId: string): void {
    this.d.events.emit('accessChanged', userId, { reason: 'workshop_removed', workshopId: String(w._id), organisationId: String(w.organisationId) });
  }

  /** Judges again every open board and draft connection of the workshop (after its live state changed). */
  revalidate(workshopId: string): Promise<void> {
    return this.d.docs.revalidate(workshopId);
  }

  /** Remembers that someone writes a draft, once (the reveal then reads only the drafts that exist). */
  async noteDrafter(workshopId: string, userId: string): Promise<void> {
    const cached = this.d.cache.get(workshopId);
    if (cached?.live.drafters?.some((d) => String(d) === userId)) return;
    const updated = await this.d.workshops.updateRaw({ _id: toId(workshopId) }, { $addToSet: { 'live.drafters': toId(userId) } });
    if (updated) this.d.cache.put(updated);
  }

  // ---- views

  private async names(ids: Types.ObjectId[]): Promise<Map<string, string>> {
    const users = await this.d.repos.users.findByIds(ids);
    return new Map(users.map((u) => [String(u._id), u.name]));
  }

  /** Everyone who may write a draft (participants and facilitators), by user id, with their names. */
  people(w: WorkshopDoc): Promise<Map<string, string>> {
    return this.names([...w.participants.map((p) => p.userId), ...w.facilitatorIds]);
  }

  private base(w: WorkshopDoc): WorkshopBase {
    return {
      id: String(w._id),
      organisationId: String(w.organisationId),
      programmeId: w.programmeId ? String(w.programmeId) : null,
      title: w.title,
      startsAt: w.startsAt.toISOString(),
      durationMinutes: w.durationMinutes,
      place: w.place,
      videoUrl: w.videoUrl,
      locale: w.locale,
      state: w.state
    };
  }

  listItem(w: WorkshopDoc, userId: string | null): WorkshopListItem {
    return { ...this.base(w), participants: w.participants.length, facilitator: userId !== null && w.facilitatorIds.some((f) => String(f) === userId) };
  }

  async view(w: WorkshopDoc, actor: Actor): Promise<WorkshopView> {
    const names = await this.names([...w.facilitatorIds, ...w.participants.map((p) => p.userId)]);
    const role = workshopRole(actor, workshopResource(w));
    const leads = role === 'staff' || role === 'facilitator';
    const participant = w.participants.some((p) => String(p.userId) === actor.userId);
    const id = String(w._id);
    return {
      ...this.base(w),
      description: w.description,
      templateId: w.templateId,
      activities: w.activities,
      columns: w.columns.map(({ title, prompt, colour }) => ({ title, prompt, colour })),
      votes: w.votes,
      facilitators: w.facilitatorIds.map((f) => ({ userId: String(f), name: names.get(String(f)) ?? '' })),
      participants: w.participants.map((p) => ({ userId: String(p.userId), name: names.get(String(p.userId)) ?? '', present: p.present })),
      me: { facilitator: leads, participant },
      join: leads && w.state !== 'ended' ? { code: w.joinCode, url: this.joinUrl(w.joinCode) } : null,
      documents: { board: boardDocName(id), draft: participant || leads ? draftDocName(id, actor.userId) : null }
    };
  }

  async listForOrganisation(orgId: Types.ObjectId, state?: WorkshopDoc['state']): Promise<WorkshopListItem[]> {
    return (await this.d.workshops.listForOrganisation(orgId, state)).map((w) => this.listItem(w, null));
  }

  /** Planned and live workshops I take part in or lead, that the policy still lets me read. */
  async upcoming(actor: Actor): Promise<WorkshopListItem[]> {
    const ws = await this.d.workshops.listForPerson(toId(actor.userId), ['planned', 'live']);
    return ws.filter((w) => decide(actor, 'workshop:read', workshopResource(w)) === 'allow').map((w) => this.listItem(w, actor.userId));
  }

  /** Ended workshops I took part in: my cards (anonymous ones too: the server keeps the link) and my actions. */
  async mine(actor: Actor): Promise<MyWorkshopView[]> {
    const ws = (await this.d.workshops.listForPerson(toId(actor.userId), ['ended'])).filter(
      (w) => decide(actor, 'workshop:read', workshopResource(w)) === 'allow'
    );
    return Promise.all(
      ws.map(async (w) => {
        const mineIds = new Set((await this.d.workshops.cardsOf(w._id, toId(actor.userId))).map((c) => c.cardId));
        const board = await this.d.docs.withDocument(boardDocName(String(w._id)), (doc) => readBoard(doc));
        return {
          ...this.listItem(w, actor.userId),
          myCards: board.cards.filter((c) => mineIds.has(c.id)).map((c) => ({ id: c.id, text: c.text, column: c.column, anonymous: c.anonymous })),
          myActions: board.actions.filter((a) => a.ownerId === actor.userId).map((a) => ({ id: a.id, text: a.text, due: a.due, done: a.done })),
          attended: w.participants.some((p) => String(p.userId) === actor.userId && p.present)
        };
      })
    );
  }
}
