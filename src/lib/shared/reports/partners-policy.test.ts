// The policy's answers for a partner company's contact and for the umbrella role (issue 13).
import { describe, expect, it } from 'vitest';
import type { Role } from '../codes';
import { decide, type Actor, type Resource } from '../policy';

const ORG = 'org-a';
const actor = (role: Role | null, extra: Partial<Actor> = {}, companyId: string | null = null): Actor => ({
  userId: 'u',
  isInstanceAdmin: false,
  memberships: role ? [{ membershipId: 'm', organisationId: ORG, role, programmeIds: ['p'], companyId }] : [],
  ...extra
});
const company = (companyId: string, organisationId = ORG): Resource => ({ kind: 'company', organisationId, companyId });
const duo: Resource = { kind: 'duo', organisationId: ORG, programmeId: 'p', duoId: 'd', mentorId: 'x', menteeId: 'y', status: 'active' };
const instance: Resource = { kind: 'instance' };

describe('a partner company contact', () => {
  const contact = actor('company_contact', {}, 'stib');
  it('reads its own company’s figures, and no other company’s (404)', () => {
    expect(decide(contact, 'company:figures', company('stib'))).toBe('allow');
    expect(decide(contact, 'company:figures', company('proximus'))).toBe('not_found');
    expect(decide(actor('company_contact'), 'company:figures', company('stib'))).toBe('not_found');
    expect(decide(contact, 'company:figures', company('stib', 'org-b'))).toBe('not_found');
  });
  it('sees the organisation’s name and nothing else in it', () => {
    expect(decide(contact, 'organisation:read', { kind: 'organisation', organisationId: ORG })).toBe('allow');
    for (const action of ['organisation:list_members', 'organisation:list_programmes', 'company:manage', 'workshop:list'] as const) {
      expect(decide(contact, action, { kind: 'organisation', organisationId: ORG })).toBe('forbidden');
    }
    for (const action of ['duo:read', 'cv:read', 'meeting:read', 'notes:read'] as const) expect(decide(contact, action, duo)).toBe('not_found');
    expect(decide(contact, 'programme:read', { kind: 'programme', organisationId: ORG, programmeId: 'p' })).toBe('not_found');
    expect(decide(contact, 'invitation:create', { kind: 'invitation', organisationId: ORG, role: 'mentor' })).toBe('forbidden');
  });
  it('is not a staff member: staff manage companies and read every company’s figures; mentors do not', () => {
    expect(decide(actor('coordinator'), 'company:figures', company('stib'))).toBe('allow');
    expect(decide(actor('mentor', {}, 'stib'), 'company:figures', company('stib'))).toBe('forbidden');
    expect(decide(actor('coordinator'), 'company:manage', { kind: 'organisation', organisationId: ORG })).toBe('allow');
  });
});

describe('the umbrella role', () => {
  const umbrella = actor(null, { isUmbrellaViewer: true });
  it('reads the statistics, and gives the role to nobody', () => {
    expect(decide(umbrella, 'umbrella:read', instance)).toBe('allow');
    expect(decide(umbrella, 'umbrella:grant', instance)).toBe('forbidden');
    expect(decide(actor('admin'), 'umbrella:read', instance)).toBe('forbidden');
    expect(decide(actor(null, { isInstanceAdmin: true }), 'umbrella:grant', instance)).toBe('allow');
  });
  it('is a stranger to every organisation', () => {
    expect(decide(umbrella, 'organisation:read', { kind: 'organisation', organisationId: ORG })).toBe('not_found');
    expect(decide(umbrella, 'duo:read', duo)).toBe('not_found');
    expect(decide(umbrella, 'company:figures', company('stib'))).toBe('not_found');
  });
});
