// Who opens a collaboration document: the Origin of the upgrade request, then the session cookie, then the
// person's name for presence.
import type { IncomingMessage } from 'node:http';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import type { Authenticate } from '../collab/authorization.ts';
import { toId } from '../data/models.ts';
import type { Services } from '../domain/services.ts';
import { readSessionCookie } from '../http/session-cookie.ts';

export function sessionAuthenticate(s: Services, publicOrigin: () => string): Authenticate {
  const sameOrigin = (request: IncomingMessage): boolean => {
    // Browsers always send Origin on a WebSocket handshake: a page of another site must not open our documents
    // with the visitor's cookie. Non-browser clients (no Origin) still need the cookie.
    const origin = request.headers.origin;
    if (!origin) return true;
    try {
      const o = new URL(origin);
      return o.origin === publicOrigin() || o.host === request.headers.host;
    } catch {
      return false;
    }
  };
  return async (request) => {
    if (!sameOrigin(request)) return { ok: false, code: CLOSE_CODES.forbidden, reason: 'origin' };
    const session = await s.sessions.authenticate(readSessionCookie(request.headers.cookie));
    if (!session) return { ok: false, code: CLOSE_CODES.unauthenticated, reason: 'unauthenticated' };
    const user = await s.repos.users.findById(toId(session.userId));
    return { ok: true, principal: { userId: session.userId, name: user?.name ?? '', sessionId: session.tokenHash } };
  };
}
