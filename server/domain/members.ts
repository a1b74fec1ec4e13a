// Organisation members: listing with load, role and profile changes, removal (which ends access at once).
import type { Types } from 'mongoose';
import type { Role } from '../../src/lib/shared/codes.ts';
import type { MemberView } from '../../src/lib/shared/schemas.ts';
import type { MemberProfileDoc, MembershipDoc } from '../data/models.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Clock } from './clock.ts';
import { Conflict } from './errors.ts';
import type { DomainEvents } from './events.ts';
import { membershipView } from './views.ts';

export class MembersService {
  constructor(
    private repos: Repositories,
    private clock: Clock,
    private events: DomainEvents
  ) {}

  /** Member views with each one's number of open duos (as mentor for mentors, as mentee for mentees). */
  async views(organisationId: Types.ObjectId, memberships: MembershipDoc[]): Promise<MemberView[]> {
    const org = await this.repos.organisations.findById(organisationId);
    const users = new Map((await this.repos.users.findByIds(memberships.map((m) => m.userId))).map((u) => [String(u._id), u]));
    const asMentor = await this.repos.duos.openCounts(organisationId, 'mentorId');
    const asMentee = await this.repos.duos.openCounts(organisationId, 'menteeId');
    return memberships.map((m) => {
      const u = users.get(String(m.userId));
      const id = String(m.userId);
      return {
        ...membershipView(m, org?.name ?? ''),
        name: u?.name ?? '',
        email: u?.email ?? '',
        activeDuos: (asMentor.get(id) ?? 0) + (asMentee.get(id) ?? 0)
      };
    });
  }

  async list(organisationId: Types.ObjectId, role?: Role): Promise<MemberView[]> {
    return this.views(organisationId, await this.repos.memberships.listActive(organisationId, { role }));
  }

  async view(m: MembershipDoc): Promise<MemberView> {
    return (await this.views(m.organisationId, [m]))[0];
  }

  async update(m: MembershipDoc, patch: { role?: Role; profile?: Partial<MemberProfileDoc> }): Promise<MemberView> {
    let current = m;
    if (patch.role && patch.role !== m.role) {
      if (m.role === 'admin' && (await this.repos.memberships.countActiveAdmins(m.organisationId)) <= 1) {
        throw new Conflict('The last admin of an organisation keeps the role', 'role');
      }
      // A mentor's duos would become nonsense under another role: end or reassign them first.
      if ((await this.repos.duos.openForUser(m.userId, m.organisationId)).length > 0) {
        throw new Conflict('Member has open duos', 'role');
      }
      // A link to a partner company meant something in the old role only (a contact reads the company's figures):
      // a new role starts with none, and a coordinator links it again on purpose.
      current = (await this.repos.memberships.update(m._id, { role: patch.role, companyId: null }))!;
      await this.revokeLinks(m);
      this.events.emit('accessChanged', String(m.userId), { reason: 'role_changed', organisationId: String(m.organisationId) });
    }
    if (patch.profile) {
      const profile = { ...defaults(), ...current.profile, ...patch.profile };
      current = (await this.repos.memberships.setProfile(m._id, profile))!;
    }
    return this.view(current);
  }

  /** Revokes the membership; the person's open duos in this organisation end, both sides are told. */
  async remove(m: MembershipDoc): Promise<void> {
    if (m.role === 'admin' && (await this.repos.memberships.countActiveAdmins(m.organisationId)) <= 1) {
      throw new Conflict('The last admin of an organisation cannot be removed');
    }
    const now = this.clock.now();
    await this.repos.memberships.update(m._id, { status: 'removed', removedAt: now });
    await this.revokeLinks(m);
    for (const d of await this.repos.duos.openForUser(m.userId, m.organisationId)) {
      await this.repos.duos.update(d._id, { status: 'ended_early', endReason: 'member_removed', endedAt: now }, true);
      const partner = String(d.mentorId) === String(m.userId) ? d.menteeId : d.mentorId;
      this.events.emit('accessChanged', String(partner), { reason: 'duo_ended', duoId: String(d._id), organisationId: String(d.organisationId) });
    }
    this.events.emit('accessChanged', String(m.userId), { reason: 'membership_removed', organisationId: String(m.organisationId) });
  }

  /**
   * When someone's place in an organisation changes (removed, other role), what they handed out there under the
   * old rights stops working (their pending invitations, the reset links they made), and so do the reset links
   * for them. Reset links are also judged again when used (resets.ts); this makes the change visible at once.
   */
  private async revokeLinks(m: MembershipDoc): Promise<void> {
    const now = this.clock.now();
    await this.repos.invitations.revokePendingBy(m.userId, m.organisationId, now);
    await this.repos.passwordResets.revokeOpen({ createdBy: m.userId, organisationId: m.organisationId }, now);
    await this.repos.passwordResets.revokeOpen({ userId: m.userId }, now);
  }

  /** Whether the person reaches beyond this organisation (another membership, or instance admin). */
  async beyondOrganisation(m: MembershipDoc): Promise<boolean> {
    const user = await this.repos.users.findById(m.userId);
    if (user?.isInstanceAdmin) return true;
    const all = await this.repos.memberships.activeForUser(m.userId);
    return all.some((x) => String(x.organisationId) !== String(m.organisationId));
  }
}

export const defaults = (): MemberProfileDoc => ({ languages: [], sector: '', targetJob: '', commune: '', availability: [], maxDuos: 2 });
