import { describe, expect, it } from 'vitest';
import { guardRedirect, isActive, navItems, safeNext } from './navigation';

describe('guardRedirect', () => {
  it('sends everyone to setup on an empty instance', () => {
    expect(guardRedirect('/', { loggedIn: false, setupNeeded: true })).toBe('/setup');
    expect(guardRedirect('/setup', { loggedIn: false, setupNeeded: true })).toBeNull();
  });
  it('asks for login on private pages and remembers where to go back', () => {
    expect(guardRedirect('/programmes', { loggedIn: false, setupNeeded: false })).toBe('/login?next=%2Fprogrammes');
    expect(guardRedirect('/', { loggedIn: false, setupNeeded: false })).toBe('/login');
    expect(guardRedirect('/invite/abc', { loggedIn: false, setupNeeded: false })).toBeNull();
  });
  it('keeps logged-in people away from login and setup', () => {
    expect(guardRedirect('/login', { loggedIn: true, setupNeeded: false })).toBe('/');
    expect(guardRedirect('/setup', { loggedIn: true, setupNeeded: false })).toBe('/');
    expect(guardRedirect('/invite/abc', { loggedIn: true, setupNeeded: false })).toBeNull();
    expect(guardRedirect('/login', { loggedIn: true, setupNeeded: false }, '?next=%2Finvite%2Fabc')).toBe('/invite/abc');
  });
});

describe('navigation', () => {
  it('gives coordinators the management pages and mentees their duo and group sessions', () => {
    expect(navItems('coordinator').map((i) => i.href)).toEqual(['/', '/programmes', '/workshops', '/invitations', '/members', '/companies']);
    expect(navItems('mentee').map((i) => i.href)).toEqual(['/', '/workshops']);
  });
  it('gives a company contact only its home page, and the umbrella role its statistics beside any role', () => {
    expect(navItems('company_contact').map((i) => i.href)).toEqual(['/']);
    expect(navItems('mentor', { umbrella: true }).map((i) => i.href)).toEqual(['/', '/workshops', '/umbrella']);
    // With no organisation the home page is the umbrella view itself.
    expect(navItems(null, { umbrella: true }).map((i) => i.href)).toEqual(['/']);
  });
  it('marks sections active by prefix, home only exactly', () => {
    expect(isActive({ href: '/programmes', key: '' }, '/programmes/abc')).toBe(true);
    expect(isActive({ href: '/', key: '' }, '/programmes')).toBe(false);
    expect(isActive(navItems('mentee')[0], '/duos/abc')).toBe(true);
  });
  it('never follows an external next', () => {
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/members')).toBe('/members');
  });
});
