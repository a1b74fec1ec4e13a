// Who opens a collaboration document: the edge's origin rule and session cookie (as for HTTP and Socket.IO),
// then the person's name for presence.
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import type { Authenticate } from '../collab/authorization.ts';
import { toId } from '../data/models.ts';
import type { Services } from '../domain/services.ts';
import type { Edge } from '../edge/index.ts';

export function sessionAuthenticate(s: Services, edge: Edge): Authenticate {
  return async (request) => {
    // A page of another site must not open our documents with the visitor's cookie (see edge/origin.ts).
    if (!edge.handshakeOrigin(request.headers).ok) return { ok: false, code: CLOSE_CODES.forbidden, reason: 'origin' };
    const session = (await edge.identify(request.headers))?.session;
    if (!session) return { ok: false, code: CLOSE_CODES.unauthenticated, reason: 'unauthenticated' };
    const user = await s.repos.users.findById(toId(session.userId));
    return { ok: true, principal: { userId: session.userId, name: user?.name ?? '', sessionId: session.tokenHash } };
  };
}
