// A workshop while it runs, decided by the server: the facilitator starts it, moves between activities, runs the
// timer, locks the board, spotlights, reveals drafts and tallies, ends it; participants say they are ready, vote
// within the budget, reveal or edit their own cards. State in MongoDB; each change is told to the live layer
// (bus), and the open board and draft connections are judged again when what they may write changed.
import { randomInt } from 'node:crypto';
import * as Y from 'yjs';
import type { MyLiveState, VoteTarget } from '../../../src/lib/shared/workshops/model.ts';
import type { WorkshopAckError } from '../../../src/lib/shared/workshops/events.ts';
import { toId } from '../../data/models.ts';
import type { WorkshopDoc, WorkshopsRepo } from '../../data/workshops.ts';
import type { Clock } from '../clock.ts';
import { workshopRole, type Actor } from '../policy.ts';
import { TimerAlerts, type AlertAt } from './alerts.ts';
import { addCards, draftCards, editCard, hasItem, removeDraftCards } from './board-ops.ts';
import { boardDocName, draftDocName, type WorkshopBus, type WorkshopDocuments } from './ports.ts';
import { timeIsUp, workshopResource } from './resource.ts';
import type { WorkshopsService } from './service.ts';

/** A refused live command, answered through its ack with a named code. */
export class WorkshopRefusal extends Error {
  constructor(
    readonly code: WorkshopAckError,
    message: string = code
  ) {
    super(message);
  }
}

export interface LiveDeps {
  workshops: WorkshopsRepo;
  service: WorkshopsService;
  clock: Clock;
  docs: WorkshopDocuments;
  bus: WorkshopBus;
  /** After the end (the summary email); its failure is logged by the caller, never undoes the end. */
  ended?: (w: WorkshopDoc) => Promise<void>;
  /** Where failures of work done outside a request (timer alerts) are reported. */
  onError?: (err: unknown, what: string) => void;
}

const MINUTE = 60_000;

export class WorkshopLiveService {
  readonly alerts: TimerAlerts;

  constructor(private d: LiveDeps) {
    // An alert runs outside any request: its failure (the database away) is reported, never left to stop the process.
    this.alerts = new TimerAlerts(d.clock, (id, at) => void this.onAlert(id, at).catch((err: unknown) => this.d.onError?.(err, `timer alert of workshop ${id}`)));
  }

  private now = () => this.d.clock.now().getTime();

  /** After a restart: the timers of live workshops announce what is still to come. */
  async resume(): Promise<void> {
    for (const w of await this.d.workshops.listLive()) {
      if (w.live.timer.endsAt && w.live.timer.endsAt.getTime() > this.now()) this.alerts.set(String(w._id), w.live.timer.endsAt.getTime());
    }
  }

  private async onAlert(workshopId: string, at: AlertAt): Promise<void> {
    this.d.bus.emit('alert', workshopId, at);
    if (at === 'zero') {
      const w = await this.d.service.load(workshopId);
      // Lock at zero holds by itself (the guard and access read the end time); connections are told now.
      if (timeIsUp(w, this.now())) await this.d.service.revalidate(workshopId);
      this.d.bus.emit('state', workshopId);
    }
  }

  private async change(w: WorkshopDoc, set: Record<string, unknown>, opts: { revalidate?: boolean } = {}): Promise<WorkshopDoc> {
    const updated = await this.d.service.save(w, set, ['live']).catch(() => {
      throw new WorkshopRefusal('conflict', 'the workshop is not live');
    });
    // Everyone hears of the change first; the open connections are re-judged before the command is answered.
    this.d.bus.emit('state', String(w._id));
    if (opts.revalidate) await this.d.service.revalidate(String(w._id));
    return updated;
  }

  private requireLive(w: WorkshopDoc): void {
    if (w.state !== 'live') throw new WorkshopRefusal('conflict', 'the workshop is not live');
  }

  private current(w: WorkshopDoc) {
    return w.activities[w.live.current];
  }

  /** Records attendance the first time someone joins while it is live. */
  async join(w: WorkshopDoc, actor: Actor): Promise<WorkshopDoc> {
    const p = w.participants.find((x) => String(x.userId) === actor.userId);
    if (!p || p.present || w.state !== 'live') return w;
    const updated = await this.d.workshops.updateRaw(
      { _id: w._id, participants: { $elemMatch: { userId: toId(actor.userId), present: false } } },
      { $set: { 'participants.$.present': true } }
    );
    return updated ?? w;
  }

  async me(w: WorkshopDoc, actor: Actor): Promise<MyLiveState> {
    const uid = toId(actor.userId);
    const [votes, used, cards] = await Promise.all([this.d.workshops.myVotes(w._id, uid), this.d.workshops.votesUsed(w._id, uid), this.d.workshops.cardsOf(w._id, uid)]);
    const role = workshopRole(actor, workshopResource(w));
    return {
      ready: w.live.ready.some((r) => String(r) === actor.userId),
      myVotes: Object.fromEntries(votes.map((v) => [`${v.kind}:${v.targetId}`, v.count])),
      votesLeft: Math.max(0, w.votes.budget - used),
      myCards: cards.map((c) => c.cardId),
      facilitator: role === 'staff' || role === 'facilitator'
    };
  }

  async ready(w: WorkshopDoc, userId: string, ready: boolean): Promise<void> {
    this.requireLive(w);
    const op = ready ? { $addToSet: { 'live.ready': toId(userId) } } : { $pull: { 'live.ready': toId(userId) } };
    const updated = await this.d.workshops.updateRaw({ _id: w._id, state: 'live' }, op);
    if (!updated) throw new WorkshopRefusal('conflict', 'the workshop is not live');
    this.d.bus.emit('state', String(w._id));
    this.d.bus.emit('me', String(w._id), userId);
  }

  async start(w: WorkshopDoc): Promise<void> {
    if (w.state !== 'planned') throw new WorkshopRefusal('conflict', 'the workshop has already started');
    const updated = await this.d.workshops.update(w._id, { state: 'live', startedAt: this.d.clock.now(), 'live.current': 0, 'live.ready': [] }, ['planned']);
    if (!updated) throw new WorkshopRefusal('conflict', 'the workshop has already started');
    await this.d.service.load(updated._id);
    await this.d.service.revalidate(String(w._id));
    this.d.bus.emit('state', String(w._id));
  }

  /** Moves to another activity: the board is snapshotted, the timer and readiness reset, the lock lifted. */
  async goto(w: WorkshopDoc, index: number, opts: { anonymous?: boolean; revealMode?: 'all' | 'each' }): Promise<void> {
    this.requireLive(w);
    if (!Number.isInteger(index) || index < 0 || index >= w.activities.length) throw new WorkshopRefusal('invalid', 'no such activity');
    // The board as the activity ends; stored once everyone has heard of the change.
    const snapshot = await this.takeSnapshot(w, this.current(w)?.title ?? String(w.live.current));
    const set: Record<string, unknown> = {
      'live.current': index,
      'live.ready': [],
      'live.locked': false,
      'live.spotlight': null,
      // Tallies shown in one vote are hidden again: a later vote's counts are not live for everyone.
      'live.votesRevealed': false,
      'live.timer': { endsAt: null, pausedRemaining: null, lockAtZero: false }
    };
    if (opts.anonymous !== undefined) set['live.anonymous'] = opts.anonymous;
    if (opts.revealMode !== undefined) set['live.revealMode'] = opts.revealMode;
    this.alerts.set(String(w._id), null);
    await this.change(w, set, { revalidate: true });
    await snapshot();
  }

  async timer(
    w: WorkshopDoc,
    p: { op: 'start'; minutes: number; lockAtZero: boolean } | { op: 'pause' | 'resume' | 'stop' } | { op: 'add'; minutes: number }
  ): Promise<void> {
    this.requireLive(w);
    const now = this.now();
    const t = w.live.timer;
    let next: { endsAt: Date | null; pausedRemaining: number | null; lockAtZero: boolean };
    switch (p.op) {
      case 'start':
        next = { endsAt: new Date(now + p.minutes * MINUTE), pausedRemaining: null, lockAtZero: p.lockAtZero };
        break;
      case 'pause':
        if (!t.endsAt) throw new WorkshopRefusal('conflict', 'the timer is not running');
        next = { endsAt: null, pausedRemaining: Math.max(0, t.endsAt.getTime() - now), lockAtZero: t.lockAtZero };
        break;
      case 'resume':
        if (t.pausedRemaining === null) throw new WorkshopRefusal('conflict', 'the timer is not paused');
        next = { endsAt: new Date(now + t.pausedRemaining), pausedRemaining: null, lockAtZero: t.lockAtZero };
        break;
      case 'add':
        if (t.endsAt) next = { ...t, endsAt: new Date(Math.max(t.endsAt.getTime(), now) + p.minutes * MINUTE) };
        else if (t.pausedRemaining !== null) next = { ...t, pausedRemaining: t.pausedRemaining + p.minutes * MINUTE };
        else throw new WorkshopRefusal('conflict', 'no timer to add time to');
        break;
      case 'stop':
        next = { endsAt: null, pausedRemaining: null, lockAtZero: false };
        break;
    }
    this.alerts.set(String(w._id), next.endsAt ? next.endsAt.getTime() : null);
    // A timer that ran out with the lock and is restarted, stopped or extended gives the board back.
    await this.change(w, { 'live.timer': next }, { revalidate: true });
  }

  async lock(w: WorkshopDoc, locked: boolean): Promise<void> {
    this.requireLive(w);
    await this.change(w, { 'live.locked': locked }, { revalidate: true });
  }

  async spotlight(w: WorkshopDoc, target: { kind: 'column' | 'group'; id: string } | null): Promise<void> {
    this.requireLive(w);
    await this.change(w, { 'live.spotlight': target });
  }

  async facilitatorNotes(w: WorkshopDoc, text: string): Promise<void> {
    if (w.state === 'ended') throw new WorkshopRefusal('conflict', 'the workshop has ended');
    await this.d.service.save(w, { 'live.facilitatorNotes': text });
    this.d.bus.emit('notes', String(w._id), text);
  }

  async end(w: WorkshopDoc): Promise<WorkshopDoc> {
    this.requireLive(w);
    await (await this.takeSnapshot(w, 'end'))();
    const updated = await this.d.workshops.update(w._id, { state: 'ended', endedAt: this.d.clock.now(), 'live.timer': { endsAt: null, pausedRemaining: null, lockAtZero: false } }, ['live']);
    if (!updated) throw new WorkshopRefusal('conflict', 'the workshop is not live');
    await this.d.service.load(updated._id);
    this.alerts.set(String(w._id), null);
    await this.d.service.revalidate(String(w._id));
    this.d.bus.emit('state', String(w._id));
    if (this.d.ended) void this.d.ended(updated).catch(() => undefined);
    return updated;
  }

  /** The board as it was when an activity ended, kept like a CV's named versions. */
  private async takeSnapshot(w: WorkshopDoc, name: string): Promise<() => Promise<void>> {
    const state = await this.d.docs.withDocument(boardDocName(String(w._id)), (doc) => Y.encodeStateAsUpdate(doc));
    const at = this.d.clock.now();
    return async () => {
      await this.d.workshops.snapshot({ workshopId: w._id, name: name.slice(0, 120), activityIndex: w.live.current, state: Buffer.from(state), createdAt: at });
    };
  }

  // ---- private writing and reveal

  private requireReveal(w: WorkshopDoc): void {
    this.requireLive(w);
    const kind = this.current(w)?.kind;
    if (kind !== 'private_writing' && kind !== 'reveal') throw new WorkshopRefusal('wrong_activity', 'nothing is revealed in this activity');
  }

  /**
   * Copies draft cards onto the board, as the server, in one change: anonymous cards carry no author field at all
   * and the link stays in MongoDB. A draft card revealed before (a repeated reveal) is not copied twice.
   */
  private async revealDrafts(w: WorkshopDoc, authors: { id: string; name: string }[], only?: string): Promise<number> {
    const wid = String(w._id);
    const revealed = new Set((await this.d.workshops.revealedDraftCards(w._id)).map((c) => `${c.authorId}:${c.draftCardId}`));
    // Each draft is opened once: its cards are read, then (once the board has them) taken out of it. Until the
    // board and the author links are stored, no draft loses anything.
    const found: { author: { id: string; name: string }; draft: ReturnType<typeof draftCards>[number] }[] = [];
    let collected = 0;
    let allCollected!: () => void;
    const gathered = new Promise<void>((resolve) => (allCollected = resolve));
    let boardWritten!: (ok: boolean) => void;
    const written = new Promise<boolean>((resolve) => (boardWritten = resolve));
    const perDraft = authors.map((author) =>
      this.d.docs
        .withDocument(draftDocName(wid, author.id), async (doc) => {
          const mine = draftCards(doc).filter((c) => !revealed.has(`${author.id}:${c.id}`) && (only === undefined || c.id === only));
          found.push(...mine.map((draft) => ({ author, draft })));
          if (++collected === authors.length) allCollected();
          if (mine.length && (await written)) removeDraftCards(doc, mine.map((c) => c.id));
        })
        .catch((err: unknown) => {
          // A draft that cannot be opened is left for a later reveal; the others are not held back by it.
          if (++collected === authors.length) allCollected();
          throw err;
        })
    );
    if (authors.length === 0) allCollected();
    await gathered;
    // One person's cards would otherwise sit side by side, in a row of the server's clock: anonymous cards
    // are shuffled so that their places on the board do not tell which ones share an author.
    shuffle(found);
    let ids: string[] = [];
    try {
      if (found.length) {
        const anonymous = w.live.anonymous;
        const now = this.d.clock.now();
        ids = await this.d.docs.withDocument(boardDocName(wid), (doc) =>
          addCards(doc, found.map(({ author, draft }) => ({ text: draft.card.text, column: draft.card.column, author: anonymous ? null : author, createdAt: now.toISOString() })))
        );
        await this.d.workshops.cards.insertMany(
          ids.map((cardId, i) => ({ workshopId: w._id, cardId, authorId: toId(found[i].author.id), anonymous, draftCardId: found[i].draft.id, createdAt: now }))
        );
      }
      boardWritten(true);
    } catch (err) {
      boardWritten(false);
      throw err;
    } finally {
      await Promise.allSettled(perDraft);
    }
    return ids.length;
  }

  async revealAll(w: WorkshopDoc): Promise<number> {
    this.requireReveal(w);
    const names = await this.d.service.people(w);
    // Only those who opened their draft to write have one; read from MongoDB, not the cache: someone may have
    // opened theirs a moment ago through another node.
    const drafters = (await this.d.service.load(w._id)).live.drafters ?? [];
    const authors = drafters.map(String).filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! }));
    const total = await this.revealDrafts(w, authors);
    for (const a of authors) this.d.bus.emit('me', String(w._id), a.id);
    return total;
  }

  async revealCard(w: WorkshopDoc, actor: Actor, draftCardId: string): Promise<void> {
    this.requireReveal(w);
    if (w.live.revealMode !== 'each') throw new WorkshopRefusal('wrong_activity', 'the facilitator reveals all cards at once');
    const names = await this.d.service.people(w);
    const n = await this.revealDrafts(w, [{ id: actor.userId, name: names.get(actor.userId) ?? '' }], draftCardId);
    if (n === 0) throw new WorkshopRefusal('not_found', 'no such draft card');
    this.d.bus.emit('me', String(w._id), actor.userId);
  }

  /** An author changes or deletes their own card: done by the server, so no client id ties them to it. */
  async editMyCard(w: WorkshopDoc, actor: Actor, cardId: string, text: string | null): Promise<void> {
    this.requireLive(w);
    if (w.live.locked || timeIsUp(w, this.now())) throw new WorkshopRefusal('locked', 'the board is locked');
    const link = await this.d.workshops.cardAuthor(w._id, cardId);
    if (!link || String(link.authorId) !== actor.userId) throw new WorkshopRefusal('not_found', 'no such card of yours');
    const done = await this.d.docs.withDocument(boardDocName(String(w._id)), (doc) => editCard(doc, cardId, text));
    if (!done) throw new WorkshopRefusal('not_found', 'no such card');
    if (text === null) {
      await this.d.workshops.forgetCard(w._id, cardId);
      this.d.bus.emit('me', String(w._id), actor.userId);
    }
  }

  // ---- votes

  async vote(w: WorkshopDoc, actor: Actor, target: VoteTarget, delta: 1 | -1): Promise<number> {
    this.requireLive(w);
    if (this.current(w)?.kind !== 'vote') throw new WorkshopRefusal('wrong_activity', 'votes are cast during the vote');
    if (w.live.locked || timeIsUp(w, this.now())) throw new WorkshopRefusal('locked', 'the board is locked');
    const v = { workshopId: w._id, userId: toId(actor.userId), kind: target.kind, targetId: target.id };
    let used: number;
    if (delta === 1) {
      const exists = await this.d.docs.withDocument(boardDocName(String(w._id)), (doc) => hasItem(doc, target.kind === 'card' ? 'cards' : 'groups', target.id));
      if (!exists) throw new WorkshopRefusal('not_found', 'nothing to vote on there');
      if (!w.votes.selfVotes && target.kind === 'card') {
        const link = await this.d.workshops.cardAuthor(w._id, target.id);
        if (link && String(link.authorId) === actor.userId) throw new WorkshopRefusal('self_vote', 'no votes on one’s own cards here');
      }
      const r = await this.d.workshops.castVote(v, w.votes.budget, w.votes.cap);
      if (!r.ok) throw new WorkshopRefusal(r.code);
      used = r.used;
    } else {
      const r = await this.d.workshops.retractVote(v);
      if (r === null) throw new WorkshopRefusal('invalid', 'no vote to take back');
      used = r;
    }
    this.d.bus.emit('me', String(w._id), actor.userId);
    if (w.live.votesRevealed) this.d.bus.emit('tallies', String(w._id), await this.tallies(w));
    return Math.max(0, w.votes.budget - used);
  }

  async tallies(w: WorkshopDoc) {
    return (await this.d.workshops.tallies(w._id)).map((t) => ({ target: { kind: t.kind, id: t.id }, count: t.count }));
  }

  async revealTallies(w: WorkshopDoc, revealed: boolean): Promise<void> {
    this.requireLive(w);
    await this.change(w, { 'live.votesRevealed': revealed });
    if (revealed) this.d.bus.emit('tallies', String(w._id), await this.tallies(w));
  }
}

/** Fisher–Yates with the system's random source. */
function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}
