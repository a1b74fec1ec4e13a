// Documents → the response views of schemas.ts. The only place that decides what leaves the server.
import type {
  DuoView,
  InvitationView,
  MembershipView,
  OrganisationView,
  PersonRef,
  ProgrammeView,
  UserView
} from '../../src/lib/shared/schemas.ts';
import type { DuoDoc, InvitationDoc, MembershipDoc, OrganisationDoc, ProgrammeDoc, UserDoc } from '../data/models.ts';

export const DELETED_NAME = 'Deleted user';

export function userView(u: UserDoc): UserView {
  return { id: String(u._id), email: u.email, name: u.name, locale: u.locale, color: u.color, isInstanceAdmin: u.isInstanceAdmin, ...(u.isUmbrellaViewer ? { isUmbrellaViewer: true } : {}) };
}

export function personRef(u: UserDoc | null | undefined, id: unknown): PersonRef {
  if (u && !u.deletedAt) return { userId: String(u._id), name: u.name, color: u.color };
  return { userId: String(u?._id ?? id), name: DELETED_NAME, color: '#9e9e9e', deleted: true };
}

export function membershipView(m: MembershipDoc, organisationName: string): MembershipView {
  const p = m.profile ?? ({} as Partial<MembershipDoc['profile']>);
  return {
    id: String(m._id),
    organisationId: String(m.organisationId),
    organisationName,
    userId: String(m.userId),
    role: m.role,
    ...(m.companyId ? { companyId: String(m.companyId) } : {}),
    profile: {
      languages: [...(p.languages ?? [])],
      sector: p.sector ?? '',
      targetJob: p.targetJob ?? '',
      commune: p.commune ?? '',
      availability: [...(p.availability ?? [])],
      maxDuos: p.maxDuos ?? 2
    }
  };
}

export function organisationView(o: OrganisationDoc): OrganisationView {
  return { id: String(o._id), name: o.name, createdAt: o.createdAt.toISOString() };
}

export function programmeView(p: ProgrammeDoc): ProgrammeView {
  const v: ProgrammeView = {
    id: String(p._id),
    organisationId: String(p.organisationId),
    name: p.name,
    startDate: p.startDate,
    endDate: p.endDate,
    meetingsPerMonth: p.meetingsPerMonth,
    months: p.months,
    languages: [...p.languages],
    status: p.status
  };
  if (p.partnerCompany) v.partnerCompany = p.partnerCompany;
  return v;
}

export function duoView(d: DuoDoc, programmeName: string, users: Map<string, UserDoc>): DuoView {
  const v: DuoView = {
    id: String(d._id),
    organisationId: String(d.organisationId),
    programmeId: String(d.programmeId),
    programmeName,
    mentor: personRef(users.get(String(d.mentorId)), d.mentorId),
    mentee: personRef(users.get(String(d.menteeId)), d.menteeId),
    status: d.status,
    createdAt: d.createdAt.toISOString()
  };
  if (d.endReason) v.endReason = d.endReason;
  if (d.endedAt) v.endedAt = d.endedAt.toISOString();
  if (d.erasedAt) v.erasedAt = d.erasedAt.toISOString();
  if (d.endReasonCode) v.endReasonCode = d.endReasonCode;
  return v;
}

export function invitationView(i: InvitationDoc, url?: string): InvitationView {
  const v: InvitationView = {
    id: String(i._id),
    organisationId: String(i.organisationId),
    role: i.role,
    locale: i.locale,
    expiresAt: i.expiresAt.toISOString(),
    createdAt: i.createdAt.toISOString()
  };
  if (i.programmeId) v.programmeId = String(i.programmeId);
  if (i.email) v.email = i.email;
  if (i.usedAt) v.usedAt = i.usedAt.toISOString();
  if (url) v.url = url;
  return v;
}
