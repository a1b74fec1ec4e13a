// Test data through the real services (never by hand-written documents), so that what tests set up is what the
// app itself would have written.
import { randomBytes } from 'node:crypto';
import type { Locale, Role } from '../../src/lib/shared/codes.ts';
import type { DuoView, InvitationView, ProgrammeView } from '../../src/lib/shared/schemas.ts';
import { toId, type MemberProfileDoc, type MembershipDoc, type OrganisationDoc, type UserDoc } from '../../server/data/models.ts';
import { defaults } from '../../server/domain/members.ts';
import type { Services } from '../../server/domain/services.ts';
import { TestClient } from './client.ts';

export const PASSWORD = 'correct horse battery';
let seq = 0;
export const uniqueEmail = (hint = 'user') => `${hint}.${++seq}.${randomBytes(3).toString('hex')}@example.org`;

export interface TestUser {
  user: UserDoc;
  id: string;
  email: string;
  password: string;
}

export async function createUser(
  s: Services,
  o: { name?: string; email?: string; password?: string; locale?: Locale; isInstanceAdmin?: boolean } = {}
): Promise<TestUser> {
  // The first name as the address's hint, without accents (Zoë → zoe): addresses are ASCII here.
  const email = o.email ?? uniqueEmail(o.name?.split(' ')[0]?.normalize('NFKD').toLowerCase().replace(/[^a-z]/g, '') || undefined);
  const password = o.password ?? PASSWORD;
  const user = await s.accounts.createUser({
    name: o.name ?? 'Test User',
    email,
    password,
    locale: o.locale ?? 'fr',
    isInstanceAdmin: o.isInstanceAdmin ?? false
  });
  return { user, id: String(user._id), email, password };
}

export async function createOrganisation(s: Services, name = `Org ${++seq}`): Promise<{ org: OrganisationDoc; id: string; admin: TestUser }> {
  const admin = await createUser(s, { name: `Admin of ${name}` });
  const view = await s.organisations.create(admin.user._id, name);
  const org = (await s.repos.organisations.findById(toId(view.id)))!;
  return { org, id: view.id, admin };
}

export async function addMember(
  s: Services,
  orgId: string,
  role: Role,
  o: { user?: TestUser; name?: string; programmeIds?: string[]; profile?: Partial<MemberProfileDoc>; locale?: Locale } = {}
): Promise<TestUser & { membership: MembershipDoc; membershipId: string }> {
  const u = o.user ?? (await createUser(s, { name: o.name ?? `${role} ${++seq}`, locale: o.locale }));
  const membership = await s.repos.memberships.create({
    organisationId: toId(orgId),
    userId: u.user._id,
    role,
    profile: { ...defaults(), ...o.profile },
    programmeIds: (o.programmeIds ?? []).map(toId),
    status: 'active',
    createdAt: s.clock.now()
  });
  return { ...u, membership, membershipId: String(membership._id) };
}

export async function createProgramme(s: Services, orgId: string, o: Partial<ProgrammeView> = {}): Promise<ProgrammeView> {
  return s.programmes.create(toId(orgId), {
    name: o.name ?? `Programme ${++seq}`,
    startDate: o.startDate ?? '2026-01-01',
    endDate: o.endDate ?? '2026-06-30',
    meetingsPerMonth: o.meetingsPerMonth ?? 2,
    months: o.months ?? 6,
    languages: o.languages ?? ['fr', 'nl', 'en'],
    partnerCompany: o.partnerCompany,
    status: o.status ?? 'active'
  });
}

/** An invitation with its link; `token` is the last path segment of the URL. */
export async function invite(
  s: Services,
  o: { orgId: string; by: string; role: Role; programmeId?: string; email?: string; locale?: Locale }
): Promise<InvitationView & { token: string }> {
  const v = await s.invitations.create(toId(o.by), toId(o.orgId), {
    role: o.role,
    programmeId: o.programmeId,
    email: o.email,
    locale: o.locale ?? 'fr'
  });
  return { ...v, token: v.url!.split('/').pop()! };
}

export async function createDuo(s: Services, programmeId: string, mentorUserId: string, menteeUserId: string): Promise<DuoView> {
  const p = (await s.repos.programmes.findById(toId(programmeId)))!;
  return s.duos.create(p, mentorUserId, menteeUserId);
}

/** A client logged in through the real login route. */
export async function loginAs(url: string, u: { email: string; password: string }): Promise<TestClient> {
  const c = new TestClient(url);
  const r = await c.post('/api/auth/login', { email: u.email, password: u.password });
  if (r.status !== 200) throw new Error(`login of ${u.email} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return c;
}

/** An organisation with a programme and one duo of a mentor and a mentee (names as people read them). */
export async function createDuoSetting(
  s: Services,
  names: { organisation: string; programme: string; mentor: string; mentee: string; locale?: Locale }
): Promise<{ orgId: string; programme: ProgrammeView; mentor: TestUser; mentee: TestUser; duo: DuoView }> {
  const org = await createOrganisation(s, names.organisation);
  const programme = await createProgramme(s, org.id, { name: names.programme });
  const locale = names.locale ?? 'fr';
  const mentor = await addMember(s, org.id, 'mentor', { name: names.mentor, locale, programmeIds: [programme.id] });
  const mentee = await addMember(s, org.id, 'mentee', { name: names.mentee, locale, programmeIds: [programme.id] });
  const duo = await createDuo(s, programme.id, mentor.id, mentee.id);
  return { orgId: org.id, programme, mentor, mentee, duo };
}
