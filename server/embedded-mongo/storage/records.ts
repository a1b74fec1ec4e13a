import { crc32 } from 'node:zlib';

// Record framing shared by the journal and the snapshot: [u32 payload length][u32 CRC-32 of payload][payload].
// A reader stops at the first record that is short (torn write) or whose checksum fails (corruption).

export const RECORD_HEADER_BYTES = 8;
/** Larger than any legitimate record (a 48 MB message's worth of documents plus framing). */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export function encodeRecord(payload: Uint8Array): Buffer {
  const head = Buffer.allocUnsafe(RECORD_HEADER_BYTES);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([head, payload]);
}

export interface RecordScan {
  records: Buffer[];
  /** Bytes of `buf` covered by intact records; everything after is a torn or corrupt tail. */
  validLength: number;
  /** Why the scan stopped early, or null when the whole buffer was intact. */
  problem: string | null;
}

export function scanRecords(buf: Buffer): RecordScan {
  const records: Buffer[] = [];
  let offset = 0;
  while (offset < buf.length) {
    if (buf.length - offset < RECORD_HEADER_BYTES) {
      return { records, validLength: offset, problem: `torn record header at byte ${offset}` };
    }
    const length = buf.readUInt32LE(offset);
    const expected = buf.readUInt32LE(offset + 4);
    if (length > MAX_RECORD_BYTES) {
      return { records, validLength: offset, problem: `implausible record length ${length} at byte ${offset}` };
    }
    const start = offset + RECORD_HEADER_BYTES;
    if (buf.length - start < length) {
      return { records, validLength: offset, problem: `torn record at byte ${offset} (${buf.length - start} of ${length} bytes)` };
    }
    const payload = buf.subarray(start, start + length);
    if (crc32(payload) !== expected) {
      return { records, validLength: offset, problem: `checksum mismatch in record at byte ${offset}` };
    }
    records.push(payload);
    offset = start + length;
  }
  return { records, validLength: offset, problem: null };
}
