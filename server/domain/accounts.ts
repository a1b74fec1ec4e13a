// Accounts: first-run setup, login with lockout, the actor behind a session, profile, password change and
// account deletion (erasure policy in ERASURE.md).
import type { Types } from 'mongoose';
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { MeView } from '../../src/lib/shared/schemas.ts';
import { toId, type UserDoc } from '../data/models.ts';
import type { Repositories } from '../data/repositories.ts';
import type { Clock } from './clock.ts';
import { Conflict, Invalid, NotFound, Unauthenticated, isDuplicateKey } from './errors.ts';
import type { DomainEvents } from './events.ts';
import type { AuthLimits } from './limits.ts';
import type { Passwords } from './passwords.ts';
import type { Actor } from './policy.ts';
import type { SessionsService } from './sessions.ts';
import type { SetupCode } from './setup-code.ts';
import { DELETED_NAME, membershipView, userView } from './views.ts';

/** Friendly, distinguishable colours for avatars and cursors; picked from the email so it is stable. */
export const COLOURS = ['#1e6091', '#b5179e', '#2a9d8f', '#e76f51', '#6a4c93', '#d62828', '#3a5a40', '#f4a261', '#457b9d', '#8338ec'];
export const colourFor = (seed: string) => COLOURS[[...seed].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % COLOURS.length];

export interface NewAccount {
  name: string;
  email: string;
  password: string;
  locale: Locale;
  isInstanceAdmin?: boolean;
}

export class AccountsService {
  constructor(
    private repos: Repositories,
    private clock: Clock,
    private passwords: Passwords,
    private limits: AuthLimits,
    private sessions: SessionsService,
    private events: DomainEvents,
    private setupCode: SetupCode
  ) {}

  async setupNeeded(): Promise<boolean> {
    return (await this.repos.users.count()) === 0;
  }

  /**
   * First-run setup from the web: only with the one-time code the server printed at start (and wrote to
   * DATA_DIR/setup-code). Counted per address like a login; a wrong or missing code creates nothing.
   */
  async setupWithCode(input: NewAccount & { organisationName: string; setupCode: string }, ip: string): Promise<UserDoc> {
    await this.limits.attempt(ip);
    if (!(await this.setupNeeded())) throw new Conflict('Already set up');
    if (!this.setupCode.matches(input.setupCode)) throw new Invalid('Wrong setup code', 'setupCode');
    const { setupCode: _code, ...account } = input;
    return this.setup(account);
  }

  /**
   * First organisation and its admin, who also administers the instance. Only while no user exists; spends the
   * setup code (also when a trusted script such as the demo seed sets the instance up).
   */
  async setup(input: NewAccount & { organisationName: string }): Promise<UserDoc> {
    if (!(await this.setupNeeded())) throw new Conflict('Already set up');
    const now = this.clock.now();
    // The marker makes two simultaneous setups impossible: only one insert of _id 'setup' succeeds.
    if (!(await this.repos.meta.mark('setup', now))) throw new Conflict('Already set up');
    let user: UserDoc;
    try {
      user = await this.createUser({ ...input, isInstanceAdmin: true });
      const org = await this.repos.organisations.create({ name: input.organisationName, createdAt: now });
      await this.repos.memberships.create({
        organisationId: org._id,
        userId: user._id,
        role: 'admin',
        profile: { languages: [input.locale], sector: '', targetJob: '', commune: '', availability: [], maxDuos: 2 },
        programmeIds: [],
        status: 'active',
        createdAt: now
      });
    } catch (err) {
      await this.repos.meta.unmark('setup');
      throw err;
    }
    await this.setupCode.spend();
    return user;
  }

  async createUser(a: NewAccount): Promise<UserDoc> {
    if (await this.repos.users.findByEmail(a.email)) throw new Conflict('Email already used', 'email');
    try {
      return await this.repos.users.create({
        email: a.email,
        name: a.name,
        locale: a.locale,
        color: colourFor(a.email),
        passwordHash: await this.passwords.hash(a.password),
        isInstanceAdmin: a.isInstanceAdmin ?? false,
        createdAt: this.clock.now(),
        deletedAt: null
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new Conflict('Email already used', 'email');
      throw err;
    }
  }

  async login(email: string, password: string, ip: string): Promise<UserDoc> {
    const user = await this.repos.users.findByEmail(email);
    // The try is counted before the hash is checked (limits.ts): concurrent guesses cannot exceed the allowance.
    const ok = await this.limits.checkLogin(email, ip, async () => (await this.passwords.verify(user?.passwordHash, password)) && !user?.deletedAt);
    if (!user || !ok) throw new Unauthenticated('Wrong email or password');
    return user;
  }

  /** The logged-in person's current password, checked under its own per-account limit (a stolen session cannot guess it). */
  private async checkOwnPassword(user: UserDoc | null, password: string, ip: string): Promise<boolean> {
    if (!user) return false;
    return this.limits.checkOwnPassword(String(user._id), ip, () => this.passwords.verify(user.passwordHash, password));
  }

  async actor(userId: string): Promise<Actor | null> {
    const user = await this.repos.users.findById(toOid(userId));
    if (!user || user.deletedAt) return null;
    const ms = await this.repos.memberships.activeForUser(user._id);
    return {
      userId: String(user._id),
      isInstanceAdmin: user.isInstanceAdmin,
      isUmbrellaViewer: user.isUmbrellaViewer === true,
      memberships: ms.map((m) => ({
        membershipId: String(m._id),
        organisationId: String(m.organisationId),
        role: m.role,
        programmeIds: m.programmeIds.map(String),
        companyId: m.companyId ? String(m.companyId) : null
      }))
    };
  }

  async me(userId: Types.ObjectId | string): Promise<MeView> {
    const user = await this.repos.users.findById(toOid(userId));
    if (!user) throw new NotFound('No such user');
    const ms = await this.repos.memberships.activeForUser(user._id);
    const orgs = await this.repos.organisations.findByIds(ms.map((m) => m.organisationId));
    const names = new Map(orgs.map((o) => [String(o._id), o.name]));
    return { user: userView(user), memberships: ms.map((m) => membershipView(m, names.get(String(m.organisationId)) ?? '')) };
  }

  async updateProfile(userId: string, patch: { name?: string; locale?: Locale; color?: string }): Promise<MeView> {
    const set: Partial<UserDoc> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.locale !== undefined) set.locale = patch.locale;
    if (patch.color !== undefined) set.color = patch.color.toLowerCase();
    if (Object.keys(set).length) await this.repos.users.update(toOid(userId), set);
    return this.me(userId);
  }

  /** Other sessions are ended: whoever knew the old password is logged out everywhere else. */
  async changePassword(userId: string, current: string, next: string, keepSessionHash: string, ip: string): Promise<void> {
    const user = await this.repos.users.findById(toOid(userId));
    if (!user || !(await this.checkOwnPassword(user, current, ip))) {
      throw new Invalid('Current password is wrong', 'currentPassword');
    }
    await this.storePassword(user._id, next);
    await this.sessions.revokeAll(user._id, keepSessionHash);
  }

  async setPassword(userId: Types.ObjectId, password: string): Promise<void> {
    await this.storePassword(userId, password);
    await this.sessions.revokeAll(userId);
  }

  /** A new password voids every reset link still open for the account: they were for the old one. */
  private async storePassword(userId: Types.ObjectId, password: string): Promise<void> {
    await this.repos.users.update(userId, { passwordHash: await this.passwords.hash(password) });
    await this.repos.passwordResets.revokeOpen({ userId }, this.clock.now());
  }

  /** Erasure (ERASURE.md): personal data goes, the duos' history stays with "Deleted user" in it. */
  async deleteAccount(userId: string, password: string, ip: string): Promise<void> {
    const user = await this.repos.users.findById(toOid(userId));
    if (!user || !(await this.checkOwnPassword(user, password, ip))) {
      throw new Invalid('Password is wrong', 'password');
    }
    const memberships = await this.repos.memberships.activeForUser(user._id);
    for (const m of memberships) {
      if (m.role !== 'admin') continue;
      const admins = await this.repos.memberships.countActiveAdmins(m.organisationId);
      const members = await this.repos.memberships.listActive(m.organisationId);
      if (admins === 1 && members.length > 1) throw new Conflict('Last admin of an organisation with members: name another admin first');
    }
    const now = this.clock.now();
    for (const d of await this.repos.duos.openForUser(user._id)) {
      await this.repos.duos.update(d._id, { status: 'ended_early', endReason: 'account_deleted', endedAt: now }, true);
      const partner = String(d.mentorId) === String(user._id) ? d.menteeId : d.mentorId;
      this.events.emit('accessChanged', String(partner), { reason: 'duo_ended', duoId: String(d._id), organisationId: String(d.organisationId) });
    }
    await this.repos.memberships.deleteForUser(user._id);
    await this.repos.passwordResets.deleteForUser(user._id);
    await this.repos.invitations.forgetEmail(user.email, now);
    await this.repos.users.update(user._id, {
      email: `deleted-${String(user._id)}@deleted.invalid`,
      name: DELETED_NAME,
      color: '#9e9e9e',
      passwordHash: null,
      isInstanceAdmin: false,
      deletedAt: now
    });
    await this.sessions.revokeAll(user._id);
  }
}

const toOid = (id: Types.ObjectId | string) => toId(id);
