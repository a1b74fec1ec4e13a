// A broadcast is framed once and the same bytes are written to every socket: per-peer work is one write.
// ws frames each send separately (header + payload, cork, writev); for one update to hundreds of peers that
// repeated framing and the extra buffers were a fifth of the server's CPU (bench/collab/README.md).
import * as ws from 'ws';

interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}
// ws exports its Sender (the framing it uses itself); @types/ws does not declare it.
const Sender = (ws as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } }).Sender;

const BINARY = 0x2;

/** One complete, unmasked, unfragmented binary frame (server to client). */
export function frameBinary(message: Uint8Array): Buffer {
  const data = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  const parts = Sender.frame(data, { fin: true, opcode: BINARY, mask: false, readOnly: true, rsv1: false });
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
