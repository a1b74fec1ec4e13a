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
import type { MembersService } from './members.ts';
import { decide } from './policy.ts';
import { membershipResource } from './resources.ts';
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
    private members: MembersService,
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

  /**
   * A link for `userId`, emailed (no creator) or handed out by a coordinator or admin of `organisationId`. Only
   * the newest link of a person works: the ones still open are voided once this one exists.
   */
  async createLink(
    userId: Types.ObjectId,
    handedBy: { createdBy: Types.ObjectId; organisationId: Types.ObjectId } | null,
    ttlMs = HANDED_RESET_TTL
  ): Promise<ResetLinkView> {
    const token = newToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + ttlMs);
    const link = await this.repos.passwordResets.create({
      userId,
      tokenHash: sha256(token),
      createdBy: handedBy?.createdBy ?? null,
      organisationId: handedBy?.organisationId ?? null,
      createdAt: now,
      expiresAt,
      usedAt: null,
      revokedAt: null
    });
    await this.repos.passwordResets.revokeOlder(userId, link._id, now);
    return { url: this.links.reset(token), expiresAt: expiresAt.toISOString() };
  }

  /** Sets the new password and ends every session of the account. */
  async reset(token: string, password: string, ip: string): Promise<void> {
    await this.limits.attempt(ip);
    const r = await this.repos.passwordResets.findByHash(sha256(token));
    if (!r) throw new Gone('Unknown, used or expired link');
    const claimed = await this.repos.passwordResets.claim(r._id, this.clock.now());
    if (!claimed) throw new Gone('Used, voided or expired link');
    const user = await this.repos.users.findById(r.userId);
    if (!user || user.deletedAt) throw new Gone('Account deleted');
    if (r.createdBy && !(await this.creatorStillMay(r.createdBy, r.organisationId ?? null, r.userId))) {
      throw new Gone('The link was handed out under rights that have changed since');
    }
    await this.accounts.setPassword(user._id, password);
  }

  /**
   * A handed-out link is judged again when used, by today's rules: the one who made it must still be allowed to
   * make it (still a coordinator or admin there), and the person must still be a member there, with no more
   * power than the creator and nothing beyond the organisation (policy.ts, member:reset_link).
   */
  private async creatorStillMay(createdBy: Types.ObjectId, organisationId: Types.ObjectId | null, userId: Types.ObjectId): Promise<boolean> {
    if (!organisationId) return false;
    const creator = await this.accounts.actor(String(createdBy));
    const target = await this.repos.memberships.findByOrgAndUser(organisationId, userId);
    if (!creator || !target || target.status !== 'active') return false;
    return decide(creator, 'member:reset_link', membershipResource(target, await this.members.beyondOrganisation(target))) === 'allow';
  }
}
