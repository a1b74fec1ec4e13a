// What the service worker does with each request, decided in one pure function so that the rules can be read
// and tested apart from the worker's plumbing (src/service-worker.ts).
//
// - The app's build (hashed files under /_app/immutable, the static files) is kept per build version and served
//   from that copy first: a hashed name never changes content.
// - A page (a navigation) always asks the network first, so that an online phone never runs an older build than
//   the server's; without a connection the app's shell from the copy opens instead.
// - API answers are personal. Only the reads that let a person's own pages open again without a connection are
//   kept (network first, the copy only when the network fails), in one cache that logging in or out, or deleting
//   the account, empties. Links carrying a token, exports and anything but GET are never kept.
// - Live connections (/socket.io, /collab) and the build's version file are never touched.

export type RequestRule = 'shell' | 'build' | 'api' | 'network';

/** Paths that belong to the server, never to the single-page app's shell. */
const SERVER_PATH = /^\/(api|socket\.io|collab)(\/|$)/;

/** API reads that are never kept: a token is a key, an export is a large file the person saves themselves. */
const API_NEVER_KEPT = [/\/by-token\//, /\/export\.(pdf|json)$/, /^\/api\/setup$/];

export interface RequestFacts {
  method: string;
  /** Same origin as the app. */
  sameOrigin: boolean;
  pathname: string;
  /** `request.mode === 'navigate'`: a page is being opened. */
  navigate: boolean;
}

/**
 * `buildFiles` are the versioned build's own paths (SvelteKit's `build` and `files` lists).
 */
export function ruleFor(req: RequestFacts, buildFiles: ReadonlySet<string>): RequestRule {
  if (req.method !== 'GET' || !req.sameOrigin) return 'network';
  if (req.navigate) return SERVER_PATH.test(req.pathname) ? 'network' : 'shell';
  if (req.pathname.startsWith('/api/')) return API_NEVER_KEPT.some((re) => re.test(req.pathname)) ? 'network' : 'api';
  if (buildFiles.has(req.pathname)) return 'build';
  return 'network';
}

/**
 * Requests after which the kept API answers belong to nobody any more (a logout, an account deletion) or to
 * someone else (a login, a first-run setup, an accepted invitation open a new session): the worker empties its
 * API cache as soon as it sees them, whatever the page does.
 */
export function endsPersonalData(method: string, pathname: string): boolean {
  if (method === 'GET' || method === 'HEAD') return false;
  return (
    pathname.startsWith('/api/auth/') ||
    pathname === '/api/setup' ||
    /^\/api\/invitations\/by-token\/[^/]+\/accept$/.test(pathname) ||
    (method === 'DELETE' && pathname === '/api/me')
  );
}

/** Cache names: one per build version for the app, one for kept API answers. */
export const APP_CACHE_PREFIX = 'binome-app-';
export const API_CACHE = 'binome-api';
export const appCacheName = (version: string) => `${APP_CACHE_PREFIX}${version}`;

/** The header a kept API answer carries when it is served without a connection. */
export const OFFLINE_COPY_HEADER = 'x-binome-offline-copy';

/** Messages from a page to the worker. */
export type PageToWorker = { type: 'keep-loaded'; urls: string[] } | { type: 'forget-personal-data' };
