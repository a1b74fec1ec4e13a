// The session cookie on HTTP requests: reading it into an actor, setting it at login, clearing it at logout.
import type { Request, Response } from 'express';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { AccountsService } from '../domain/accounts.ts';
import { SESSION_COOKIE, SESSION_TTL_MS, type SessionsService } from '../domain/sessions.ts';
import type { Authenticator } from './registry.ts';

export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  return parseCookie(header)[SESSION_COOKIE];
}

export class CookieAuth implements Authenticator {
  constructor(
    private sessions: SessionsService,
    private accounts: AccountsService,
    private secure: () => boolean
  ) {}

  async authenticate(req: Request, res: Response) {
    const token = readSessionCookie(req.headers.cookie);
    const session = await this.sessions.authenticate(token);
    if (!session) {
      if (token) this.clear(res);
      return null;
    }
    const actor = await this.accounts.actor(session.userId);
    if (!actor) return null;
    if (session.extended) this.set(res, token!);
    return { actor, session };
  }

  set(res: Response, token: string): void {
    res.append(
      'Set-Cookie',
      stringifySetCookie({
        name: SESSION_COOKIE,
        value: token,
        httpOnly: true,
        sameSite: 'lax',
        secure: this.secure(),
        path: '/',
        maxAge: Math.floor(SESSION_TTL_MS / 1000)
      })
    );
  }

  clear(res: Response): void {
    res.append('Set-Cookie', stringifySetCookie({ name: SESSION_COOKIE, value: '', httpOnly: true, sameSite: 'lax', secure: this.secure(), path: '/', maxAge: 0 }));
  }
}
