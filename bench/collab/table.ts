// Prints one table per scenario: a row per server, and for the chosen figures a ratio to the best peer
// (the lower of the two peers' values; below 1.00× means ours does better). Lower is better everywhere.
import type { ServerKind } from './config.ts';

export const LABELS: Record<ServerKind, string> = {
  'ours-mongo': 'ours (auth + MongoDB persistence)',
  'ours-memory': 'ours, memory persistence',
  'ours-node': 'ours, app node (MongoDB in its own process, Redis with several nodes)',
  reference: 'y-websocket 2.1.0 reference',
  'reference-leveldb': 'y-websocket 2.1.0 + y-leveldb',
  hocuspocus: 'Hocuspocus 3.4.4',
  'hocuspocus-sqlite': 'Hocuspocus 3.4.4 + extension-sqlite 3.4.4',
  sketch: 'sketch of proposal: frame once + merge per turn (no auth, no persistence)'
};
// The peers as issue 4 names them. The reference with its own storage (y-leveldb) is shown for context: it is
// what a peer costs once it stores updates too, and it does not set the bar.
const PEERS: ServerKind[] = ['reference', 'hocuspocus'];

export interface Column {
  key: string;
  title: string;
  digits: number;
  /** Adds a "× best peer" column after this one. */
  ratio?: boolean;
}

export interface Row {
  server: ServerKind;
  /** Names the row instead of the server's label (a scenario comparing setups of one server). */
  label?: string;
  values: Record<string, number | string>;
  note?: string;
}

function bestPeer(rows: Row[], key: string, peerKinds: ServerKind[]): number | null {
  const peers = rows.filter((r) => peerKinds.includes(r.server)).map((r) => r.values[key]);
  const numbers = peers.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return numbers.length > 0 ? Math.min(...numbers) : null;
}

function cell(value: number | string | undefined, digits: number): string {
  if (value === undefined) return '–';
  if (typeof value === 'string') return value;
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** `peers`: the servers a ratio compares with (by default the named peers without storage). */
export function renderTable(title: string, columns: Column[], rows: Row[], notes: string[] = [], peers: { kinds: ServerKind[]; title: string } = { kinds: PEERS, title: '× best peer' }): string {
  const header = ['server'];
  for (const c of columns) {
    header.push(c.title);
    if (c.ratio) header.push(peers.title);
  }
  const body = rows.map((row) => {
    const line = [(row.label ?? LABELS[row.server]) + (row.note ? ` (${row.note})` : '')];
    for (const c of columns) {
      const value = row.values[c.key];
      line.push(cell(value, c.digits));
      if (c.ratio) {
        const best = bestPeer(rows, c.key, peers.kinds);
        line.push(typeof value === 'number' && best ? `${(value / best).toFixed(2)}×` : '–');
      }
    }
    return line;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((l) => l[i].length)));
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  const rule = '| ' + widths.map((w, i) => (i === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ') + ' |';
  return [`\n### ${title}\n`, fmt(header), rule, ...body.map(fmt), ...(notes.length ? ['', ...notes] : [])].join('\n');
}

export { PEERS };
