// The session cookie on HTTP requests: who is asking (through the edge), setting it at login, clearing it at
// logout or when it no longer leads to anyone.
import type { Request, Response } from 'express';
import { stringifySetCookie } from 'cookie';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../domain/sessions.ts';
import { readSessionCookie, type Edge } from '../edge/index.ts';
import type { Authenticator } from './registry.ts';

export class CookieAuth implements Authenticator {
  constructor(
    private edge: Edge,
    private secure: () => boolean
  ) {}

  async authenticate(req: Request, res: Response) {
    const visitor = await this.edge.identify(req.headers);
    if (!visitor) {
      if (readSessionCookie(req.headers.cookie)) this.clear(res);
      return null;
    }
    if (visitor.session.extended) this.set(res, visitor.token);
    return { actor: visitor.actor, session: visitor.session };
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
