// Which page may act on this server: the one rule for state-changing HTTP requests, Socket.IO handshakes and
// /collab upgrades. Only the public origin is ours. The Host header proves nothing: a site whose name is made to
// resolve to this server (DNS rebinding) sends a Host and an Origin that match each other, so "same as Host" would
// let it in with the visitor's cookie. Loopback pages (localhost, 127.0.0.1, [::1], any port: a try-out on a
// laptop, vite's dev server) are ours too while the public origin is itself loopback, which is the case when
// PUBLIC_URL is unset; a rebinding site cannot send a loopback Origin, only a page served from this machine can.
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The origin named by an Origin or Referer header; null when absent, opaque ("null") or not http(s). */
export function originOf(value: string | string[] | undefined): string | null {
  if (typeof value !== 'string' || value === 'null') return null;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

export function isLoopbackOrigin(origin: string): boolean {
  const parsed = originOf(origin);
  return parsed !== null && LOOPBACK_HOSTNAMES.has(new URL(parsed).hostname);
}

/** Whether a page of `origin` may act here, given the public origin (PUBLIC_URL, or http://localhost:<port>). */
export function originAccepted(origin: string, publicOrigin: string): boolean {
  return origin === publicOrigin || (isLoopbackOrigin(publicOrigin) && isLoopbackOrigin(origin));
}

/** Ours; refused with the origin seen (null: none was sent). */
export type OriginVerdict = { ok: true } | { ok: false; origin: string | null };

export interface OriginChecks {
  /** A state-changing HTTP request: its Origin, or its Referer failing that, must be ours; none is refused. */
  requestOrigin(headers: IncomingHttpHeaders): OriginVerdict;
  /**
   * A WebSocket or Socket.IO handshake: browsers always send Origin on those, so a foreign one is refused; no
   * Origin at all is not a browser (a script with the cookie), which the session check still applies to.
   */
  handshakeOrigin(headers: IncomingHttpHeaders): OriginVerdict;
}

export function originChecks(publicOrigin: () => string): OriginChecks {
  const verdict = (origin: string | null): OriginVerdict => (origin && originAccepted(origin, publicOrigin()) ? { ok: true } : { ok: false, origin });
  return {
    requestOrigin: (headers) => verdict(originOf(headers.origin) ?? originOf(headers.referer)),
    handshakeOrigin: (headers) => (headers.origin === undefined ? { ok: true } : verdict(originOf(headers.origin)))
  };
}
