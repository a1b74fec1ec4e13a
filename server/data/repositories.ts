// Repositories: the narrow set of queries the services use, one class per collection. Services never build
// MongoDB queries themselves, and nothing here ever receives a raw object from a request: every filter is
// built from typed values (ids, strings), so no operator can come from input.
import type { Types } from 'mongoose';
import type { Role } from '../../src/lib/shared/codes.ts';
import { CLOSED_DUO_STATUSES, OPEN_DUO_STATUSES } from '../../src/lib/shared/duos.ts';
import type {
  DuoDoc,
  InvitationDoc,
  MembershipDoc,
  MemberProfileDoc,
  Models,
  OrganisationDoc,
  PasswordResetDoc,
  ProgrammeDoc,
  SessionDoc,
  UserDoc
} from './models.ts';

type Id = Types.ObjectId;
type New<T> = Omit<T, '_id'>;

export class UsersRepo {
  constructor(private m: Models['users']) {}
  findById = (id: Id) => this.m.findById(id).lean<UserDoc>().exec();
  findByEmail = (email: string) => this.m.findOne({ email: String(email) }).lean<UserDoc>().exec();
  findByIds = (ids: Id[]) => this.m.find({ _id: { $in: ids } }).lean<UserDoc[]>().exec();
  count = () => this.m.countDocuments({}).exec();
  async create(doc: New<UserDoc>): Promise<UserDoc> {
    return (await this.m.create(doc)).toObject() as UserDoc;
  }
  update = (id: Id, set: Partial<New<UserDoc>>) =>
    this.m.findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after' }).lean<UserDoc>().exec();
  listUmbrellaViewers = () => this.m.find({ isUmbrellaViewer: true, deletedAt: null }).sort({ name: 1 }).lean<UserDoc[]>().exec();
}

export class SessionsRepo {
  constructor(private m: Models['sessions']) {}
  create = async (doc: New<SessionDoc>) => (await this.m.create(doc)).toObject() as SessionDoc;
  findByHash = (tokenHash: string) => this.m.findOne({ tokenHash: String(tokenHash) }).lean<SessionDoc>().exec();
  extend = (id: Id, expiresAt: Date) => this.m.updateOne({ _id: id }, { $set: { expiresAt } }).exec();
  deleteByHash = (tokenHash: string) => this.m.deleteOne({ tokenHash: String(tokenHash) }).exec();
  /** Deletes the user's sessions (but `keepHash`) and returns the hashes deleted, so live sockets can be closed. */
  async deleteForUser(userId: Id, keepHash?: string): Promise<string[]> {
    const filter = keepHash ? { userId, tokenHash: { $ne: String(keepHash) } } : { userId };
    const gone = await this.m.find(filter, { tokenHash: 1 }).lean<{ tokenHash: string }[]>().exec();
    await this.m.deleteMany(filter).exec();
    return gone.map((s) => s.tokenHash);
  }
}

export class OrganisationsRepo {
  constructor(private m: Models['organisations']) {}
  create = async (doc: New<OrganisationDoc>) => (await this.m.create(doc)).toObject() as OrganisationDoc;
  findById = (id: Id) => this.m.findById(id).lean<OrganisationDoc>().exec();
  findByIds = (ids: Id[]) => this.m.find({ _id: { $in: ids } }).sort({ name: 1 }).lean<OrganisationDoc[]>().exec();
  all = () => this.m.find({}).sort({ name: 1 }).lean<OrganisationDoc[]>().exec();
  delete = (id: Id) => this.m.deleteOne({ _id: id }).exec();
  setRetentionMonths = (id: Id, retentionMonths: number) =>
    this.m.findByIdAndUpdate(id, { $set: { retentionMonths: Number(retentionMonths) } }, { returnDocument: 'after', runValidators: true }).lean<OrganisationDoc>().exec();
}

export class MembershipsRepo {
  constructor(private m: Models['memberships']) {}
  create = async (doc: New<MembershipDoc>) => (await this.m.create(doc)).toObject() as MembershipDoc;
  findById = (id: Id) => this.m.findById(id).lean<MembershipDoc>().exec();
  findByOrgAndUser = (organisationId: Id, userId: Id) =>
    this.m.findOne({ organisationId, userId }).lean<MembershipDoc>().exec();
  activeForUser = (userId: Id) => this.m.find({ userId, status: 'active' }).lean<MembershipDoc[]>().exec();
  listActive(organisationId: Id, opts: { role?: Role; programmeId?: Id } = {}) {
    const filter: Record<string, unknown> = { organisationId, status: 'active' };
    if (opts.role) filter.role = String(opts.role);
    if (opts.programmeId) filter.programmeIds = opts.programmeId;
    return this.m.find(filter).sort({ createdAt: 1 }).lean<MembershipDoc[]>().exec();
  }
  countActiveAdmins = (organisationId: Id) =>
    this.m.countDocuments({ organisationId, status: 'active', role: 'admin' }).exec();
  update = (id: Id, set: Partial<Pick<MembershipDoc, 'role' | 'status' | 'programmeIds' | 'removedAt'>> & Record<string, unknown>) =>
    this.m.findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after' }).lean<MembershipDoc>().exec();
  setProfile = (id: Id, profile: MemberProfileDoc) =>
    this.m.findByIdAndUpdate(id, { $set: { profile } }, { returnDocument: 'after' }).lean<MembershipDoc>().exec();
  addProgramme = (id: Id, programmeId: Id) =>
    this.m.findByIdAndUpdate(id, { $addToSet: { programmeIds: programmeId } }, { returnDocument: 'after' }).lean<MembershipDoc>().exec();
  deleteForUser = (userId: Id) => this.m.deleteMany({ userId }).exec();
}

export class ProgrammesRepo {
  constructor(private m: Models['programmes']) {}
  create = async (doc: New<ProgrammeDoc>) => (await this.m.create(doc)).toObject() as ProgrammeDoc;
  findById = (id: Id) => this.m.findById(id).lean<ProgrammeDoc>().exec();
  listByOrg(organisationId: Id, onlyIds?: Id[]) {
    const filter: Record<string, unknown> = { organisationId };
    if (onlyIds) filter._id = { $in: onlyIds };
    return this.m.find(filter).sort({ startDate: -1, name: 1 }).lean<ProgrammeDoc[]>().exec();
  }
  findByIds = (ids: Id[]) => this.m.find({ _id: { $in: ids } }).lean<ProgrammeDoc[]>().exec();
  update = (id: Id, set: Partial<New<ProgrammeDoc>>) =>
    this.m.findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after' }).lean<ProgrammeDoc>().exec();
}


export class DuosRepo {
  constructor(private m: Models['duos']) {}
  create = async (doc: New<DuoDoc>) => (await this.m.create(doc)).toObject() as DuoDoc;
  findById = (id: Id) => this.m.findById(id).lean<DuoDoc>().exec();
  forUser = (userId: Id) =>
    this.m.find({ $or: [{ mentorId: userId }, { menteeId: userId }] }).sort({ createdAt: -1 }).lean<DuoDoc[]>().exec();
  openForUser = (userId: Id, organisationId?: Id) => {
    const filter: Record<string, unknown> = { $or: [{ mentorId: userId }, { menteeId: userId }], status: { $in: [...OPEN_DUO_STATUSES] } };
    if (organisationId) filter.organisationId = organisationId;
    return this.m.find(filter).lean<DuoDoc[]>().exec();
  };
  byProgramme = (programmeId: Id) => this.m.find({ programmeId }).sort({ createdAt: -1 }).lean<DuoDoc[]>().exec();
  openForMentee = (programmeId: Id, menteeId: Id) =>
    this.m.findOne({ programmeId, menteeId, status: { $in: [...OPEN_DUO_STATUSES] } }).lean<DuoDoc>().exec();
  /** Open duos per mentor (user id as string → count), for load in suggestions and member lists. */
  async openCounts(organisationId: Id, field: 'mentorId' | 'menteeId' = 'mentorId'): Promise<Map<string, number>> {
    const open = await this.m
      .find({ organisationId, status: { $in: [...OPEN_DUO_STATUSES] } }, { mentorId: 1, menteeId: 1 })
      .lean<Pick<DuoDoc, 'mentorId' | 'menteeId'>[]>()
      .exec();
    const counts = new Map<string, number>();
    for (const d of open) counts.set(String(d[field]), (counts.get(String(d[field])) ?? 0) + 1);
    return counts;
  }
  /** Every running duo (the flag alerts' sweep). */
  allActive = () => this.m.find({ status: 'active' }).lean<DuoDoc[]>().exec();
  /** Ended duos of an organisation, not erased yet, that ended at or before `endedBefore` (retention sweep). */
  dueForErasure = (organisationId: Id, endedBefore: Date) =>
    this.m
      .find({ organisationId, erasedAt: null, status: { $in: [...CLOSED_DUO_STATUSES] }, endedAt: { $ne: null, $lte: endedBefore } })
      .lean<DuoDoc[]>()
      .exec();
  /** Takes a duo's erasure for this run; false when another run holds a lease newer than `staleBefore`, or it is done. */
  claimErasure = async (id: Id, now: Date, staleBefore: Date) =>
    (
      await this.m
        .updateOne({ _id: id, erasedAt: null, $or: [{ erasureClaimedAt: null }, { erasureClaimedAt: { $lt: staleBefore } }] }, { $set: { erasureClaimedAt: now } })
        .exec()
    ).modifiedCount === 1;
  markErased = (id: Id, now: Date) => this.m.updateOne({ _id: id }, { $set: { erasedAt: now } }).exec();
  /** An organisation's duos erased since `since` (their documents are swept again: duo-retention.ts). */
  erasedSince = (organisationId: Id, since: Date) => this.m.find({ organisationId, erasedAt: { $gte: since } }).lean<DuoDoc[]>().exec();
  update(id: Id, set: Partial<New<DuoDoc>>, unsetOpenSlot: boolean) {
    const update: Record<string, unknown> = { $set: set };
    if (unsetOpenSlot) update.$unset = { openSlot: 1 };
    return this.m.findByIdAndUpdate(id, update, { returnDocument: 'after' }).lean<DuoDoc>().exec();
  }
}

export class InvitationsRepo {
  constructor(private m: Models['invitations']) {}
  create = async (doc: New<InvitationDoc>) => (await this.m.create(doc)).toObject() as InvitationDoc;
  findById = (id: Id) => this.m.findById(id).lean<InvitationDoc>().exec();
  findByHash = (tokenHash: string) => this.m.findOne({ tokenHash: String(tokenHash) }).lean<InvitationDoc>().exec();
  listByOrg = (organisationId: Id) =>
    this.m.find({ organisationId, revokedAt: null }).sort({ createdAt: -1 }).lean<InvitationDoc[]>().exec();
  /** Marks the invitation used if it still is usable at `now`; null when someone else used it first. */
  claim = (id: Id, now: Date, userId: Id) =>
    this.m
      .findOneAndUpdate(
        { _id: id, usedAt: null, revokedAt: null, expiresAt: { $gt: now } },
        { $set: { usedAt: now, usedBy: userId } },
        { returnDocument: 'after' }
      )
      .lean<InvitationDoc>()
      .exec();
  markUsedBy = (id: Id, userId: Id) => this.m.updateOne({ _id: id }, { $set: { usedBy: userId } }).exec();
  release = (id: Id) => this.m.updateOne({ _id: id }, { $set: { usedAt: null, usedBy: null } }).exec();
  revoke = (id: Id, now: Date) => this.m.updateOne({ _id: id }, { $set: { revokedAt: now } }).exec();
  /** The pending invitations someone made in an organisation, when their rights there change. */
  revokePendingBy = (createdBy: Id, organisationId: Id, now: Date) =>
    this.m.updateMany({ createdBy, organisationId, usedAt: null, revokedAt: null }, { $set: { revokedAt: now } }).exec();
  /**
   * Erasure: the address an invitation was sent to is personal data, removed from every invitation; the pending
   * ones are revoked too, so that the link in that mailbox no longer opens an account for anyone.
   */
  async forgetEmail(email: string, now: Date): Promise<void> {
    await this.m.updateMany({ email: String(email), usedAt: null, revokedAt: null }, { $set: { revokedAt: now } }).exec();
    await this.m.updateMany({ email: String(email) }, { $set: { email: null } }).exec();
  }
}

export class PasswordResetsRepo {
  constructor(private m: Models['passwordResets']) {}
  create = async (doc: New<PasswordResetDoc>) => (await this.m.create(doc)).toObject() as PasswordResetDoc;
  findByHash = (tokenHash: string) => this.m.findOne({ tokenHash: String(tokenHash) }).lean<PasswordResetDoc>().exec();
  claim = (id: Id, now: Date) =>
    this.m
      .findOneAndUpdate({ _id: id, usedAt: null, revokedAt: null, expiresAt: { $gt: now } }, { $set: { usedAt: now } }, { returnDocument: 'after' })
      .lean<PasswordResetDoc>()
      .exec();
  /** Voids the person's open links other than `keepId` (a newer link replaces them). */
  revokeOlder = (userId: Id, keepId: Id, now: Date) =>
    this.m.updateMany({ userId, _id: { $ne: keepId }, usedAt: null, revokedAt: null }, { $set: { revokedAt: now } }).exec();
  /** Voids the links still open for a person (`userId`) or made by someone in an organisation (`createdBy`, `organisationId`). */
  revokeOpen = (filter: { userId: Id } | { createdBy: Id; organisationId: Id }, now: Date) =>
    this.m.updateMany({ ...filter, usedAt: null, revokedAt: null }, { $set: { revokedAt: now } }).exec();
  deleteForUser = (userId: Id) => this.m.deleteMany({ userId }).exec();
}

export class MetaRepo {
  constructor(private m: Models['meta']) {}
  /** Inserts a marker; false when it already exists (a unique _id makes this race-free). */
  async mark(id: string, at: Date): Promise<boolean> {
    try {
      await this.m.create({ _id: String(id), at });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }
  unmark = (id: string) => this.m.deleteOne({ _id: String(id) }).exec();
}

export interface Repositories {
  users: UsersRepo;
  sessions: SessionsRepo;
  organisations: OrganisationsRepo;
  memberships: MembershipsRepo;
  programmes: ProgrammesRepo;
  duos: DuosRepo;
  invitations: InvitationsRepo;
  passwordResets: PasswordResetsRepo;
  meta: MetaRepo;
}

export function createRepositories(m: Models): Repositories {
  return {
    users: new UsersRepo(m.users),
    sessions: new SessionsRepo(m.sessions),
    organisations: new OrganisationsRepo(m.organisations),
    memberships: new MembershipsRepo(m.memberships),
    programmes: new ProgrammesRepo(m.programmes),
    duos: new DuosRepo(m.duos),
    invitations: new InvitationsRepo(m.invitations),
    passwordResets: new PasswordResetsRepo(m.passwordResets),
    meta: new MetaRepo(m.meta)
  };
}
