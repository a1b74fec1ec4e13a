// Password reset by a single-use, expiring link. Emailed when SMTP is configured; otherwise a coordinator
// generates it for a member and passes it on (many job seekers lack reliable email).
import type { Types } from 'mongoose';
import type { ResetLinkView } from '../../src/lib/shared/schemas.ts';
import type { Repositories } from '../data/repositories.ts';
import type { AccountsService } from './accounts.ts';
import { DAY, HOUR, type Clock } from './clock.ts';
import { Gone } from './errors.ts';
import type { AuthLimits } from './limits.ts';
import type { Links } from './links.ts';
import { renderMail, type Mailer } from './mailer.ts';
import { newToken, sha256 } from './tokens.ts';

/** Emailed links are short-lived; a link handed over by a coordinator must survive until the next meeting. */
export const EMAILED_RESET_TTL = HOUR;
export const HANDED_RESET_TTL = 3 * DAY;

export class ResetsService {
  constructor(
    private repos: Repositories,
    private clock: Clock,
    private links: Links,
    private mailer: Mailer | null,
    private limits: AuthLimits,
    private accounts: AccountsService,
    private log: (msg: string, extra?: object) => void
  ) {}

  /** Always succeeds from the caller's view: whether the email is known is not revealed. */
  async request(email: string, ip: string): Promise<void> {
    await this.limits.attempt(ip);
    if (!this.mailer) return;
    const user = await this.repos.users.findByEmail(email);
    if (!user || user.deletedAt) return;
    const { url } = await this.createLink(user._id, null, EMAILED_RESET_TTL);
    const mail = renderMail('reset', user.locale, { name: user.name, url });
    // Sending failures are for the operator, not the requester (who would learn the account exists).
    await this.mailer.send({ to: user.email, ...mail }).catch((err: Error) => this.log('reset email failed', { err: err.message }));
  }

  async createLink(userId: Types.ObjectId, createdBy: Types.ObjectId | null, ttlMs = HANDED_RESET_TTL): Promise<ResetLinkView> {
    const token = newToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await this.repos.passwordResets.create({ userId, tokenHash: sha256(token), createdBy, createdAt: now, expiresAt, usedAt: null });
    return { url: this.links.reset(token), expiresAt: expiresAt.toISOString() };
  }

  /** Sets the new password and ends every session of the account. */
  async reset(token: string, password: string, ip: string): Promise<void> {
    await this.limits.attempt(ip);
    const r = await this.repos.passwordResets.findByHash(sha256(token));
    if (!r) throw new Gone('Unknown, used or expired link');
    const claimed = await this.repos.passwordResets.claim(r._id, this.clock.now());
    if (!claimed) throw new Gone('Used or expired link');
    const user = await this.repos.users.findById(r.userId);
    if (!user || user.deletedAt) throw new Gone('Account deleted');
    await this.accounts.setPassword(user._id, password);
  }
}
