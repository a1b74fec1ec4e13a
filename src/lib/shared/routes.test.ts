import { describe, expect, it } from 'vitest';
import { ROUTES, withQuery } from './routes';

describe('routes', () => {
  it('builds the contract’s paths with every id encoded', () => {
    expect(ROUTES.member('org 1', 'm/2')).toBe('/api/organisations/org%201/members/m%2F2');
    expect(ROUTES.cvRestore('d1', '../v')).toBe('/api/duos/d1/cv/versions/..%2Fv/restore');
    expect(ROUTES.invitationAccept('a?b')).toBe('/api/invitations/by-token/a%3Fb/accept');
  });
  it('adds a query, leaving out what is undefined', () => {
    expect(withQuery(ROUTES.members('o'), { role: undefined })).toBe('/api/organisations/o/members');
    expect(withQuery(ROUTES.cvExportPdf('d'), { template: 'modern', locale: 'nl' })).toBe('/api/duos/d/cv/export.pdf?template=modern&locale=nl');
    expect(withQuery('/x', { q: 'a&b=c' })).toBe('/x?q=a%26b%3Dc');
  });
});
