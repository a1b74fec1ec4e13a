// Which pages each role reaches from the menu, and which pages need no session.
import type { Role } from '$shared/codes';

export interface NavItem {
  href: string;
  key: string;
  /** Other sections that belong under this item (a mentee's duo page is part of "My duo"). */
  also?: string[];
}

/** Group sessions, for every role (their strings live in the workshops catalogue). */
const WORKSHOPS: NavItem = { href: '/workshops', key: 'workshops.nav' };

/** The umbrella role's statistics (issue 13), whatever one's role in an organisation. */
const UMBRELLA: NavItem = { href: '/umbrella', key: 'partners.umbrellaNav' };

export function navItems(role: Role | null, opts: { umbrella?: boolean } = {}): NavItem[] {
  const items = roleItems(role);
  // Without an organisation the home page already is the umbrella view.
  return opts.umbrella && role !== null ? [...items, UMBRELLA] : items;
}

function roleItems(role: Role | null): NavItem[] {
  switch (role) {
    case 'mentee':
      return [{ href: '/', key: 'nav.myDuo', also: ['/duos'] }, WORKSHOPS];
    case 'mentor':
      return [{ href: '/', key: 'nav.myDuos', also: ['/duos'] }, WORKSHOPS];
    case 'coordinator':
    case 'admin':
      return [
        { href: '/', key: 'nav.overview' },
        { href: '/programmes', key: 'nav.programmes' },
        WORKSHOPS,
        { href: '/invitations', key: 'nav.invitations' },
        { href: '/members', key: 'nav.members' },
        { href: '/companies', key: 'partners.nav' }
      ];
    default:
      return [{ href: '/', key: 'nav.overview' }];
  }
}

export function isActive(item: NavItem, pathname: string): boolean {
  const under = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  return (item.href === '/' ? pathname === '/' : under(item.href)) || (item.also ?? []).some(under);
}

// '/outcome-form/': the mentee's emailed outcome form needs no login (its one-use link is the right to answer).
const PUBLIC_PREFIXES = ['/login', '/forgot', '/reset/', '/invite/', '/setup', '/outcome-form/'];
export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PREFIXES.some((p) => pathname === p || (p.endsWith('/') && pathname.startsWith(p)));
}

/** Where the guard sends someone, or null to stay. */
export function guardRedirect(pathname: string, state: { loggedIn: boolean; setupNeeded: boolean }, search = ''): string | null {
  if (state.setupNeeded) return pathname === '/setup' ? null : '/setup';
  if (pathname === '/setup') return '/';
  if (!state.loggedIn && !isPublicPath(pathname)) {
    const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    return `/login${next}`;
  }
  if (state.loggedIn && (pathname === '/login' || pathname === '/forgot')) {
    return safeNext(new URLSearchParams(search).get('next'));
  }
  return null;
}

/** Only same-site paths are followed after login, never another origin. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
