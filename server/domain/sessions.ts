// Login sessions: a random token in the `binome_session` cookie, stored as an HMAC so a database copy cannot be
// replayed. Expiry slides: each use pushes it back, written at most once an hour to spare the database.
import type { Types } from 'mongoose';
import type { Repositories } from '../data/repositories.ts';
import { DAY, HOUR, type Clock } from './clock.ts';
import type { DomainEvents } from './events.ts';
import { hmac, newToken } from './tokens.ts';

export const SESSION_COOKIE = 'binome_session';
export const SESSION_TTL_MS = 14 * DAY;

export interface SessionInfo {
  userId: string;
  tokenHash: string;
  /** The expiry slid forward on this use: the cookie should be sent again with a fresh Max-Age. */
  extended?: boolean;
}

export class SessionsService {
  constructor(
    private repos: Repositories,
    private clock: Clock,
    private secret: string,
    private events: DomainEvents
  ) {}

  hash(token: string): string {
    return hmac(this.secret, token);
  }

  async create(userId: Types.ObjectId): Promise<{ token: string; expiresAt: Date }> {
    const token = newToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.repos.sessions.create({ tokenHash: this.hash(token), userId, createdAt: now, expiresAt });
    return { token, expiresAt };
  }

  /** The session behind a cookie value, or null when unknown or expired (even before the TTL sweep removes it). */
  async authenticate(token: string | undefined): Promise<SessionInfo | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = this.hash(token);
    const s = await this.repos.sessions.findByHash(tokenHash);
    if (!s) return null;
    const now = this.clock.now().getTime();
    if (s.expiresAt.getTime() <= now) {
      await this.repos.sessions.deleteByHash(tokenHash);
      return null;
    }
    if (s.expiresAt.getTime() - now < SESSION_TTL_MS - HOUR) {
      await this.repos.sessions.extend(s._id, new Date(now + SESSION_TTL_MS));
      return { userId: String(s.userId), tokenHash, extended: true };
    }
    return { userId: String(s.userId), tokenHash };
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.repos.sessions.deleteByHash(tokenHash);
    this.events.emit('sessionsRevoked', [tokenHash]);
  }

  /** Ends every session of the user but `keepHash` (the one changing the password stays logged in). */
  async revokeAll(userId: Types.ObjectId, keepHash?: string): Promise<void> {
    const gone = await this.repos.sessions.deleteForUser(userId, keepHash);
    if (gone.length) this.events.emit('sessionsRevoked', gone);
  }
}
