// Socket.IO: session control, presence and notifications. A socket is accepted only with a valid session
// cookie; it joins `user:<id>` (personal notifications) and `session:<hash>` (closed when the session ends).
// Every client command goes through the policy, like every route.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Logger } from 'pino';
import { SOCKET_EVENTS } from '../../src/lib/shared/codes.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/shared/live-events.ts';
import { objectId } from '../../src/lib/shared/schemas.ts';
import { isObjectIdString, toId } from '../data/models.ts';
import { decide } from '../domain/policy.ts';
import { duoResource } from '../domain/resources.ts';
import type { Services } from '../domain/services.ts';
import type { Edge } from '../edge/index.ts';
import { registerWorkshopEvents } from './workshops.ts';

export interface SocketData {
  userId: string;
  sessionHash: string;
}
export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (hash: string) => `session:${hash}`;
const duoRoom = (duoId: string) => `duo:${duoId}`;

export function createLive(httpServer: HttpServer, s: Services, log: Logger, edge: Edge): LiveServer {
  const io: LiveServer = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // Upgrades on other paths (/collab) are not ours: never destroy them.
    destroyUpgrade: false,
    maxHttpBufferSize: 64 * 1024,
    // Our pages only (cross-site WebSocket hijacking, DNS rebinding): the edge's origin rule.
    allowRequest: (req, cb) => cb(null, edge.handshakeOrigin(req.headers).ok)
  });

  io.use(async (socket, next) => {
    try {
      const visitor = await edge.identify(socket.handshake.headers);
      if (!visitor) return next(new Error('unauthenticated'));
      socket.data = { userId: visitor.session.userId, sessionHash: visitor.session.tokenHash };
      next();
    } catch (err) {
      log.error({ err }, 'socket authentication failed');
      next(new Error('internal'));
    }
  });

  io.on('connection', (socket) => {
    const { userId, sessionHash } = socket.data;
    void socket.join([userRoom(userId), sessionRoom(sessionHash)]);

    socket.on('duo:subscribe', async (duoId, ack) => {
      if (typeof ack !== 'function') return;
      try {
        if (!objectId.safeParse(duoId).success || !isObjectIdString(duoId)) return ack({ ok: false, code: 'invalid' });
        const actor = await s.accounts.actor(userId);
        const duo = await s.repos.duos.findById(toId(duoId));
        if (!actor || !duo) return ack({ ok: false, code: 'not_found' });
        const d = decide(actor, 'duo:read', duoResource(duo));
        if (d !== 'allow') return ack({ ok: false, code: d });
        await socket.join(duoRoom(duoId));
        ack({ ok: true });
      } catch (err) {
        log.error({ err }, 'duo:subscribe failed');
        ack({ ok: false, code: 'invalid' });
      }
    });

    socket.on('duo:unsubscribe', (duoId) => {
      if (typeof duoId === 'string') void socket.leave(duoRoom(duoId));
    });
  });

  s.events.on('accessChanged', (userId, payload) => {
    io.to(userRoom(userId)).emit(SOCKET_EVENTS.accessChanged, payload);
    // A duo that ended or a membership that went: leave the rooms that no longer apply.
    if (payload.duoId && payload.reason === 'duo_ended') io.in(userRoom(userId)).socketsLeave(duoRoom(payload.duoId));
  });
  registerWorkshopEvents(io, s, log);
  s.events.on('sessionsRevoked', (hashes) => {
    for (const h of hashes) {
      io.to(sessionRoom(h)).emit(SOCKET_EVENTS.accessChanged, { reason: 'session_revoked' });
      io.in(sessionRoom(h)).disconnectSockets(true);
    }
  });
  return io;
}
