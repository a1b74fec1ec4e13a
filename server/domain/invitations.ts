// Invitations: by email and/or a copyable link carrying a role, an optional programme and the invitee's
// language. The token is shown once and stored hashed; a link is single use and lasts seven days.
import type { Types } from 'mongoose';
import type { AcceptInvitationInput, InvitationInput, InvitationPreview, InvitationView } from '../../src/lib/shared/schemas.ts';
import { toId, type InvitationDoc, type UserDoc } from '../data/models.ts';
import type { Repositories } from '../data/repositories.ts';
import type { AccountsService } from './accounts.ts';
import { DAY, type Clock } from './clock.ts';
import { Conflict, Gone, Invalid, NotFound } from './errors.ts';
import type { Links } from './links.ts';
import { renderMail, type Mailer } from './mailer.ts';
import { defaults } from './members.ts';
import { decide } from './policy.ts';
import { newToken, sha256 } from './tokens.ts';
import { invitationView } from './views.ts';

export const INVITATION_TTL = 7 * DAY;

export class InvitationsService {
  constructor(
    private repos: Repositories,
    private clock: Clock,
    private links: Links,
    private mailer: Mailer | null,
    private accounts: AccountsService,
    private log: (msg: string, extra?: object) => void
  ) {}

  /** Pending first, then used ones; revoked ones are gone from the list. */
  async list(organisationId: Types.ObjectId): Promise<InvitationView[]> {
    const now = this.clock.now().getTime();
    const all = await this.repos.invitations.listByOrg(organisationId);
    const pending = (i: InvitationDoc) => !i.usedAt && i.expiresAt.getTime() > now;
    return [...all.filter(pending), ...all.filter((i) => !pending(i))].map((i) => invitationView(i));
  }

  async create(createdBy: Types.ObjectId, organisationId: Types.ObjectId, input: InvitationInput): Promise<InvitationView> {
    const org = await this.repos.organisations.findById(organisationId);
    if (!org) throw new NotFound('No such organisation');
    let programmeId: Types.ObjectId | null = null;
    if (input.programmeId) {
      const p = await this.repos.programmes.findById(toId(input.programmeId));
      if (!p || String(p.organisationId) !== String(organisationId)) throw new Invalid('no such programme in this organisation', 'programmeId');
      programmeId = p._id;
    }
    const token = newToken();
    const now = this.clock.now();
    const inv = await this.repos.invitations.create({
      organisationId,
      programmeId,
      role: input.role,
      email: input.email ?? null,
      locale: input.locale,
      tokenHash: sha256(token),
      createdBy,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_TTL),
      usedAt: null,
      usedBy: null,
      revokedAt: null
    });
    const url = this.links.invite(token);
    if (input.email && this.mailer) {
      const mail = renderMail('invitation', input.locale, { organisation: org.name, url }, inv.expiresAt);
      // The link is in the answer too: a failed email must not fail the invitation.
      await this.mailer.send({ to: input.email, ...mail }).catch((err: Error) => this.log('invitation email failed', { err: err.message }));
    }
    return invitationView(inv, url);
  }

  async revoke(inv: InvitationDoc): Promise<void> {
    if (inv.usedAt) throw new Conflict('Invitation already used');
    await this.repos.invitations.revoke(inv._id, this.clock.now());
  }

  /**
   * 404 for a token that never existed, 410 for one used, revoked or expired, or whose creator may no longer
   * issue it (judged by today's rules: a coordinator since removed, an admin since made mentor).
   */
  private async usable(token: string): Promise<InvitationDoc> {
    const inv = await this.repos.invitations.findByHash(sha256(token));
    if (!inv) throw new NotFound('Unknown invitation');
    if (inv.usedAt || inv.revokedAt || inv.expiresAt.getTime() <= this.clock.now().getTime()) throw new Gone('Invitation used, revoked or expired');
    const creator = await this.accounts.actor(String(inv.createdBy));
    const resource = { kind: 'invitation', organisationId: String(inv.organisationId), role: inv.role } as const;
    if (!creator || decide(creator, 'invitation:create', resource) !== 'allow') throw new Gone('Invitation made under rights that have changed since');
    return inv;
  }

  async preview(token: string): Promise<InvitationPreview> {
    const inv = await this.usable(token);
    const org = await this.repos.organisations.findById(inv.organisationId);
    const prog = inv.programmeId ? await this.repos.programmes.findById(inv.programmeId) : null;
    const v: InvitationPreview = { organisationName: org?.name ?? '', role: inv.role, locale: inv.locale, expiresAt: inv.expiresAt.toISOString() };
    if (prog) v.programmeName = prog.name;
    if (inv.email) v.email = inv.email;
    return v;
  }

  /**
   * Accepts with the current account (when logged in and no new credentials are given) or creates one.
   * The invitation is claimed atomically first, so two people racing for one link cannot both get in.
   */
  async accept(token: string, input: AcceptInvitationInput, currentUserId: string | null): Promise<UserDoc> {
    const inv = await this.usable(token);
    const joining = currentUserId !== null && !input.password;
    let user: UserDoc | null = null;
    if (joining) {
      user = await this.repos.users.findById(toId(currentUserId!));
      if (!user) throw new NotFound('No such user');
    } else {
      if (!input.name) throw new Invalid('required', 'name');
      if (!input.password) throw new Invalid('required', 'password');
      const email = input.email ?? inv.email;
      if (!email) throw new Invalid('required', 'email');
      if (await this.repos.users.findByEmail(email)) throw new Conflict('Email already used: log in, then open the link again', 'email');
    }
    const existing = user ? await this.repos.memberships.findByOrgAndUser(inv.organisationId, user._id) : null;
    if (existing && existing.status === 'active' && existing.role !== inv.role) {
      throw new Conflict(`Already a member of this organisation as ${existing.role}`);
    }
    // A removal is a decision: an invitation made before it does not undo it (say an old admin invitation).
    // Coming back needs a new one, which only an admin can make for the admin role.
    if (existing && existing.status !== 'active' && existing.removedAt && inv.createdAt.getTime() <= existing.removedAt.getTime()) {
      throw new Gone('Invitation made before the removal from this organisation');
    }

    const claimed = await this.repos.invitations.claim(inv._id, this.clock.now(), user?._id ?? inv.createdBy);
    if (!claimed) throw new Gone('Invitation used, revoked or expired');
    try {
      if (!user) {
        user = await this.accounts.createUser({
          name: input.name!,
          email: (input.email ?? inv.email)!,
          password: input.password!,
          locale: input.locale ?? inv.locale
        });
        await this.repos.invitations.markUsedBy(inv._id, user._id);
      }
      await this.join(inv, user._id, existing);
      return user;
    } catch (err) {
      await this.repos.invitations.release(inv._id);
      throw err;
    }
  }

  private async join(inv: InvitationDoc, userId: Types.ObjectId, existing: Awaited<ReturnType<Repositories['memberships']['findByOrgAndUser']>>) {
    const programmeIds = inv.programmeId ? [inv.programmeId] : [];
    if (!existing) {
      await this.repos.memberships.create({
        organisationId: inv.organisationId,
        userId,
        role: inv.role,
        profile: { ...defaults(), languages: [inv.locale] },
        programmeIds,
        status: 'active',
        createdAt: this.clock.now()
      });
    } else if (existing.status !== 'active') {
      await this.repos.memberships.update(existing._id, { status: 'active', role: inv.role, programmeIds });
    } else if (inv.programmeId) {
      await this.repos.memberships.addProgramme(existing._id, inv.programmeId);
    }
  }
}
