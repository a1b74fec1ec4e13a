// The people here, read from the awareness states other clients publish. Those states are anyone's input: only
// a well-formed name and a plain `#rrggbb` colour are shown (a colour ends up in `style`, a name in text).
export interface CollabUser {
  id: string;
  name: string;
  color: string;
}

export interface Peer {
  clientId: number;
  user: CollabUser;
  /** The part of the document the person is working in (a CV section, a board column), when they say. */
  section: string | null;
}

export const FALLBACK_COLOR = '#64748b';
const NAME_MAX = 100;
const SECTION_MAX = 100;
const HEX_COLOR = /^#[0-9a-f]{6}$/i;

export function safeColor(value: unknown): string {
  return typeof value === 'string' && HEX_COLOR.test(value) ? value : FALLBACK_COLOR;
}

/** One peer from one awareness state, or null when the state shows nobody (no user, no name). */
export function peerOf(clientId: number, state: Record<string, unknown> | null | undefined): Peer | null {
  const user = state?.user;
  if (!user || typeof user !== 'object') return null;
  const u = user as Record<string, unknown>;
  const name = typeof u.name === 'string' ? u.name.trim().slice(0, NAME_MAX) : '';
  if (!name) return null;
  const section = state?.section;
  return {
    clientId,
    user: { id: typeof u.id === 'string' ? u.id : '', name, color: safeColor(u.color) },
    section: typeof section === 'string' && section.length <= SECTION_MAX ? section : null
  };
}

/** Everyone but this client, in the order the awareness lists them. */
export function readPeers(states: Map<number, Record<string, unknown>>, selfClientId: number): Peer[] {
  const peers: Peer[] = [];
  states.forEach((state, clientId) => {
    if (clientId === selfClientId) return;
    const peer = peerOf(clientId, state);
    if (peer) peers.push(peer);
  });
  return peers;
}
