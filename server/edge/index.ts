// The edge: what every way in (HTTP /api, Socket.IO, /collab upgrades) asks of a request before anything else —
// may the page it came from act here (origin.ts), and who is asking (the session cookie → session → actor).
// Written once so that the three entrances cannot drift apart.
import type { IncomingHttpHeaders } from 'node:http';
import { parseCookie } from 'cookie';
import type { AccountsService } from '../domain/accounts.ts';
import type { Actor } from '../domain/policy.ts';
import { SESSION_COOKIE, type SessionInfo, type SessionsService } from '../domain/sessions.ts';
import { originChecks, type OriginChecks } from './origin.ts';

export interface Visitor {
  /** The cookie's value (to refresh the cookie when the session's expiry slid). */
  token: string;
  session: SessionInfo;
  actor: Actor;
}

export interface Edge extends OriginChecks {
  /** The session cookie's session and its actor; null when there is no cookie, no live session or no account. */
  identify(headers: IncomingHttpHeaders): Promise<Visitor | null>;
}

export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return parseCookie(header)[SESSION_COOKIE];
}

export function createEdge(s: { sessions: SessionsService; accounts: AccountsService }, publicOrigin: () => string): Edge {
  return {
    ...originChecks(publicOrigin),
    async identify(headers) {
      const token = readSessionCookie(headers.cookie);
      const session = await s.sessions.authenticate(token);
      const actor = session && (await s.accounts.actor(session.userId));
      return token && session && actor ? { token, session, actor } : null;
    }
  };
}
