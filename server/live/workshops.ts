// Socket.IO handlers of live workshops (events.ts). Every command is validated (zod), loads the workshop, asks the
// policy (`workshop:*`) and answers through its ack with a named code; the workshop services decide and tell the
// bus, which this module relays to the room `workshop:<id>` (everyone), `workshop:<id>:leads` (facilitator
// notes) and `workshop:<id>:user:<userId>` (one person's own state). Nothing sent here names an anonymous author.
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { objectId } from '../../src/lib/shared/schemas.ts';
import type { WorkshopAck } from '../../src/lib/shared/workshops/events.ts';
import { WORKSHOP_LIMITS } from '../../src/lib/shared/workshops/schemas.ts';
import { BOARD_LIMITS } from '../../src/lib/shared/workshops/model.ts';
import { AppError } from '../domain/errors.ts';
import { decide, workshopRole, type Action, type Actor } from '../domain/policy.ts';
import type { Services } from '../domain/services.ts';
import { WorkshopRefusal } from '../domain/workshops/live.ts';
import { liveState, workshopResource } from '../domain/workshops/resource.ts';
import type { WorkshopDoc } from '../data/workshops.ts';
import type { LiveServer } from './io.ts';

export const workshopRoom = (id: string) => `workshop:${id}`;
/** How long one person's own state waits for more changes before it is sent. */
const ME_COALESCE_MS = 30;
const leadsRoom = (id: string) => `workshop:${id}:leads`;
const personRoom = (id: string, userId: string) => `workshop:${id}:user:${userId}`;

const wid = z.strictObject({ workshopId: objectId });
const ITEM = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
const SCHEMAS = {
  ready: wid.extend({ ready: z.boolean() }),
  start: wid,
  goto: wid.extend({ index: z.number().int().min(0).max(WORKSHOP_LIMITS.activities), anonymous: z.boolean().optional(), revealMode: z.enum(['all', 'each']).optional() }),
  timer: z.union([
    wid.extend({ op: z.literal('start'), minutes: z.number().min(0.05).max(180), lockAtZero: z.boolean() }),
    wid.extend({ op: z.enum(['pause', 'resume', 'stop']) }),
    wid.extend({ op: z.literal('add'), minutes: z.number().min(-60).max(60) })
  ]),
  lock: wid.extend({ locked: z.boolean() }),
  spotlight: wid.extend({ target: z.strictObject({ kind: z.enum(['column', 'group']), id: ITEM }).nullable() }),
  revealAll: wid,
  revealTallies: wid.extend({ revealed: z.boolean() }),
  notes: wid.extend({ text: z.string().max(WORKSHOP_LIMITS.notes) }),
  end: wid,
  revealCard: wid.extend({ draftCardId: ITEM }),
  editMyCard: wid.extend({ cardId: ITEM, text: z.string().trim().min(1).max(BOARD_LIMITS.cardText).nullable() }),
  vote: wid.extend({ target: z.strictObject({ kind: z.enum(['card', 'group']), id: ITEM }), delta: z.union([z.literal(1), z.literal(-1)]) })
};

type Ack<T> = (a: WorkshopAck<T>) => void;

export function registerWorkshopEvents(io: LiveServer, s: Services, log: Logger): void {
  const now = () => s.clock.now().getTime();

  async function sendMe(workshopId: string, userId: string): Promise<void> {
    const [w, actor] = await Promise.all([s.workshopCache.get(workshopId) ?? s.workshops.load(workshopId), s.accounts.actor(userId)]);
    if (!actor) return;
    io.to(personRoom(workshopId, userId)).emit('workshop:me', await s.workshopLive.me(w, actor));
  }

  const bus = s.workshopBus;
  bus.on('state', (id) => {
    const w = s.workshopCache.get(id);
    if (w) io.to(workshopRoom(id)).emit('workshop:state', liveState(w, now()));
  });
  // One person's own state is sent once per burst (six quick votes make one message, read once from MongoDB).
  const pendingMe = new Map<string, NodeJS.Timeout>();
  bus.on('me', (id, userId) => {
    const key = `${id}:${userId}`;
    if (pendingMe.has(key)) return;
    const timer = setTimeout(() => {
      pendingMe.delete(key);
      sendMe(id, userId).catch((err: unknown) => log.error({ err }, 'workshop: sending one person’s state failed'));
    }, ME_COALESCE_MS);
    timer.unref();
    pendingMe.set(key, timer);
  });
  bus.on('tallies', (id, tallies) => io.to(workshopRoom(id)).emit('workshop:tallies', tallies));
  bus.on('notes', (id, text) => io.to(leadsRoom(id)).emit('workshop:facilitator_notes', { workshopId: id, text }));
  bus.on('alert', (id, at) => io.to(workshopRoom(id)).emit('workshop:timer_alert', { workshopId: id, at }));

  // Someone's rights changed (removed from the organisation, the programme or the workshop): their sockets leave
  // the rooms of the workshops they may no longer read, at once.
  s.events.on('accessChanged', (userId) => {
    void (async () => {
      const sockets = await io.in(`user:${userId}`).fetchSockets();
      const actor = await s.accounts.actor(userId);
      for (const socket of sockets) {
        for (const room of socket.rooms) {
          const m = /^workshop:([0-9a-f]{24})$/.exec(room);
          if (!m) continue;
          const w = await s.workshops.load(m[1]).catch(() => null);
          if (w && actor && decide(actor, 'workshop:read', workshopResource(w)) === 'allow') {
            if (workshopRole(actor, workshopResource(w)) === 'participant') socket.leave(leadsRoom(m[1]));
            continue;
          }
          socket.leave(room);
          socket.leave(leadsRoom(m[1]));
          socket.leave(personRoom(m[1], userId));
        }
      }
    })().catch((err: unknown) => log.error({ err }, 'workshop: re-judging rooms failed'));
  });

  io.on('connection', (socket) => attach(socket));

  function attach(socket: Socket) {
    const userId: string = socket.data.userId;

    /** Validates, loads, asks the policy, runs, answers. Errors become named codes; nothing throws out. */
    function on<S extends z.ZodType, T>(event: string, schema: S, action: Action, run: (w: WorkshopDoc, actor: Actor, p: z.infer<S>) => Promise<T>) {
      socket.on(event, async (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        const answer = ack as Ack<T>;
        try {
          const parsed = schema.safeParse(payload);
          if (!parsed.success) return answer({ ok: false, code: 'invalid', message: parsed.error.issues[0]?.path.join('.') || 'invalid' });
          const p = parsed.data as z.infer<S> & { workshopId: string };
          // The cache holds the workshop as this process last wrote or read it (every change goes through it).
          const [actor, w] = await Promise.all([s.accounts.actor(userId), s.workshopCache.get(p.workshopId) ?? s.workshops.load(p.workshopId).catch(() => null)]);
          if (!actor || !w) return answer({ ok: false, code: 'not_found' });
          const d = decide(actor, action, workshopResource(w));
          if (d !== 'allow') return answer({ ok: false, code: d });
          const value = await run(w, actor, p);
          answer(value === undefined ? { ok: true } : { ok: true, value });
        } catch (err) {
          if (err instanceof WorkshopRefusal) return answer({ ok: false, code: err.code, message: err.message });
          if (err instanceof AppError) return answer({ ok: false, code: err.status === 409 ? 'conflict' : err.status === 404 ? 'not_found' : 'invalid', message: err.message });
          log.error({ err, event }, 'workshop event failed');
          answer({ ok: false, code: 'invalid', message: 'internal error' });
        }
      });
    }

    on('workshop:join', objectId.transform((workshopId) => ({ workshopId })), 'workshop:read', async (w, actor) => {
      const id = String(w._id);
      const updated = await s.workshopLive.join(w, actor);
      const role = workshopRole(actor, workshopResource(updated));
      await socket.join([workshopRoom(id), personRoom(id, userId), ...(role === 'staff' || role === 'facilitator' ? [leadsRoom(id)] : [])]);
      if (updated !== w) s.workshopCache.put(updated);
      if (role === 'staff' || role === 'facilitator') socket.emit('workshop:facilitator_notes', { workshopId: id, text: updated.live.facilitatorNotes });
      if (updated.live.votesRevealed) socket.emit('workshop:tallies', await s.workshopLive.tallies(updated));
      return { state: liveState(updated, now()), me: await s.workshopLive.me(updated, actor) };
    });
    socket.on('workshop:leave', (id: unknown) => {
      if (typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) return;
      void socket.leave(workshopRoom(id));
      void socket.leave(leadsRoom(id));
      void socket.leave(personRoom(id, userId));
    });

    on('workshop:ready', SCHEMAS.ready, 'workshop:participate', (w, _a, p) => s.workshopLive.ready(w, userId, p.ready));
    on('workshop:start', SCHEMAS.start, 'workshop:facilitate', (w) => s.workshopLive.start(w));
    on('workshop:goto', SCHEMAS.goto, 'workshop:facilitate', (w, _a, p) => s.workshopLive.goto(w, p.index, p));
    on('workshop:timer', SCHEMAS.timer, 'workshop:facilitate', (w, _a, p) => s.workshopLive.timer(w, p));
    on('workshop:lock', SCHEMAS.lock, 'workshop:facilitate', (w, _a, p) => s.workshopLive.lock(w, p.locked));
    on('workshop:spotlight', SCHEMAS.spotlight, 'workshop:facilitate', (w, _a, p) => s.workshopLive.spotlight(w, p.target));
    on('workshop:reveal_all', SCHEMAS.revealAll, 'workshop:facilitate', async (w) => void (await s.workshopLive.revealAll(w)));
    on('workshop:reveal_tallies', SCHEMAS.revealTallies, 'workshop:facilitate', (w, _a, p) => s.workshopLive.revealTallies(w, p.revealed));
    on('workshop:facilitator_notes', SCHEMAS.notes, 'workshop:facilitate', (w, _a, p) => s.workshopLive.facilitatorNotes(w, p.text));
    on('workshop:end', SCHEMAS.end, 'workshop:facilitate', async (w) => void (await s.workshopLive.end(w)));
    on('workshop:reveal_card', SCHEMAS.revealCard, 'workshop:participate', (w, actor, p) => s.workshopLive.revealCard(w, actor, p.draftCardId));
    on('workshop:edit_my_card', SCHEMAS.editMyCard, 'workshop:participate', (w, actor, p) => s.workshopLive.editMyCard(w, actor, p.cardId, p.text));
    on('workshop:vote', SCHEMAS.vote, 'workshop:participate', async (w, actor, p) => ({ votesLeft: await s.workshopLive.vote(w, actor, p.target, p.delta) }));
  }
}
