// Who is writing in which column of the board, from the awareness states others publish. The board's document
// type declares two presence fields (server/documents/board.ts): `column` (where one is working) and `typing`;
// the server keeps them for writers only and drops anything else. They are still other people's input here:
// only a short string and a boolean pass.
import { peerOf, type Peer } from '../collab/presence';

export interface BoardPeer extends Peer {
  column: string | null;
  typing: boolean;
}

export function readBoardPeers(states: Map<number, Record<string, unknown>>, selfClientId: number): BoardPeer[] {
  const peers: BoardPeer[] = [];
  states.forEach((state, clientId) => {
    if (clientId === selfClientId) return;
    const peer = peerOf(clientId, state);
    if (!peer) return;
    const column = state?.column;
    peers.push({ ...peer, column: typeof column === 'string' && column.length <= 40 ? column : null, typing: state?.typing === true });
  });
  return peers;
}

/** The names of the people typing in a column, each once (one person may have two tabs open). */
export function typingIn(peers: readonly BoardPeer[], column: string): string[] {
  return [...new Set(peers.filter((p) => p.typing && p.column === column).map((p) => p.user.name))];
}
