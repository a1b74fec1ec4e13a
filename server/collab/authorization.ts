// Who may open which collaboration document: the bridge between the collaboration core and the policy module.
// A document name is `<kind>:<duoId>`; the session cookie of the upgrade request says who is asking, and
// policy.documentAccess decides. Refusals carry a named close code and never reveal whether the duo exists.
import type { IncomingMessage } from 'node:http';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import { isObjectIdString, toId } from '../data/models.ts';
import { documentAccess, type DocumentKind } from '../domain/policy.ts';
import type { Services } from '../domain/services.ts';
import { readSessionCookie } from '../http/session-cookie.ts';
import type { Principal } from './connection.ts';
import type { Access } from './shared-doc.ts';
import type { AccessRecheck, AuthResult, CollabAuthorizer } from './transport.ts';

const KINDS: Record<string, DocumentKind> = { cv: 'cv', notes: 'meeting_notes' };

export function parseDocName(name: string): { kind: DocumentKind; duoId: string } | null {
  const match = /^([a-z]+):([0-9a-f]{24})$/.exec(name);
  const kind = match && KINDS[match[1]];
  return kind ? { kind, duoId: match[2] } : null;
}

export function createDocumentAuthorization(
  s: Services,
  publicOrigin: () => string
): { authorize: CollabAuthorizer; recheck: AccessRecheck } {
  const accessOf = async (userId: string, docName: string): Promise<Access | null> => {
    const parsed = parseDocName(docName);
    if (!parsed || !isObjectIdString(parsed.duoId)) return null;
    const [actor, duo] = await Promise.all([s.accounts.actor(userId), s.repos.duos.findById(toId(parsed.duoId))]);
    if (!actor || !duo) return null;
    const access = documentAccess(actor, {
      kind: parsed.kind,
      duo: {
        kind: 'duo',
        organisationId: String(duo.organisationId),
        programmeId: String(duo.programmeId),
        duoId: String(duo._id),
        mentorId: String(duo.mentorId),
        menteeId: String(duo.menteeId),
        status: duo.status
      }
    });
    return access === 'none' ? null : access;
  };

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

  const authorize: CollabAuthorizer = async (request, docName): Promise<AuthResult> => {
    if (!sameOrigin(request)) return { ok: false, code: CLOSE_CODES.forbidden, reason: 'origin' };
    const session = await s.sessions.authenticate(readSessionCookie(request.headers.cookie));
    if (!session) return { ok: false, code: CLOSE_CODES.unauthenticated, reason: 'unauthenticated' };
    if (!parseDocName(docName)) return { ok: false, code: CLOSE_CODES.notFound, reason: 'unknown document' };
    // The name (for presence) is read beside the access decision rather than after it.
    const [access, user] = await Promise.all([accessOf(session.userId, docName), s.repos.users.findById(toId(session.userId))]);
    if (!access) return { ok: false, code: CLOSE_CODES.forbidden, reason: 'forbidden' };
    const principal: Principal = { userId: session.userId, name: user?.name ?? '', sessionId: session.tokenHash };
    return { ok: true, access, principal };
  };

  const recheck: AccessRecheck = (principal, docName) => accessOf(principal.userId, docName);
  return { authorize, recheck };
}
