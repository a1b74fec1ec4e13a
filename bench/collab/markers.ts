// What a writer puts in the text so that an observer can time it without decoding Yjs: `~writer.seq.sentUs~`.
// The send time travels inside the update, so observers need no shared table and could live in another process.
// Every server's broadcast carries the update's bytes verbatim (Yjs writes strings as UTF-8), so a byte scan
// finds the marker whatever the framing: the client-side cost is the same whichever server is measured.

const TILDE = 0x7e;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** Milliseconds, sub-millisecond precise, comparable between processes on one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A run-wide origin keeps the numbers written into markers short. */
export const EPOCH_MS = Math.floor(performance.timeOrigin);

export function marker(writer: number, seq: number, sentMs: number): string {
  return `~${writer}.${seq}.${Math.round((sentMs - EPOCH_MS) * 1000)}~`;
}

export type MarkerSink = (writer: number, seq: number, sentMs: number) => void;

/**
 * Calls `sink` for each marker in `bytes`. Allocation-free: it runs once per delivered message, the hot path of
 * the client side. A stray 0x7e in binary data is skipped unless digits, dots and a closing tilde follow.
 */
export function scanMarkers(bytes: Uint8Array, sink: MarkerSink): number {
  let found = 0;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== TILDE) continue;
    let j = i + 1;
    let field = 0;
    let digits = 0;
    const values = [0, 0, 0];
    for (; j < n; j++) {
      const b = bytes[j];
      if (b >= ZERO && b <= NINE) {
        values[field] = values[field] * 10 + (b - ZERO);
        digits++;
      } else if (b === DOT && digits > 0 && field < 2) {
        field++;
        digits = 0;
      } else break;
    }
    if (j < n && bytes[j] === TILDE && field === 2 && digits > 0) {
      sink(values[0], values[1], EPOCH_MS + values[2] / 1000);
      found++;
      i = j;
    }
  }
  return found;
}
