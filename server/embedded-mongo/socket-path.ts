import { open, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * A Unix socket path holds at most 103 bytes portably (108 on Linux, 104 on macOS, counting the final NUL), and
 * Node does not refuse a longer one: it silently binds a truncated path elsewhere. Longer paths are reached on
 * Linux through the directory's descriptor (`/proc/self/fd/N/name`), which the kernel resolves to the same file.
 */
const MAX_SOCKET_PATH = 103;

export interface SocketAddress {
  /** What to bind or connect to (only valid in this process when it goes through /proc/self/fd). */
  path: string;
  /** The real location, for messages. */
  shown: string;
  /** Closes the directory descriptor, if one was opened. */
  release(): Promise<void>;
}

export async function socketAddress(dir: string, name: string): Promise<SocketAddress> {
  const shown = join(resolve(dir), name);
  if (Buffer.byteLength(shown) <= MAX_SOCKET_PATH) return { path: shown, shown, release: async () => {} };
  if (process.platform !== 'linux') {
    throw new Error(`the socket path ${shown} is longer than ${MAX_SOCKET_PATH} bytes; use a shorter data directory`);
  }
  const fh: FileHandle = await open(dir, 'r');
  let closed = false;
  return {
    path: `/proc/self/fd/${fh.fd}/${name}`,
    shown,
    async release() {
      if (closed) return;
      closed = true;
      await fh.close();
    }
  };
}
