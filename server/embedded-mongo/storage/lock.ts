import { chmod, lstat, unlink } from 'node:fs/promises';
import net from 'node:net';
import type { Logger } from '../commands/context.ts';
import { socketAddress, type SocketAddress } from '../socket-path.ts';

export const LOCK_FILE = 'engine.lock';

/** How long an owner gets to answer one probe with its pid. */
const PROBE_TIMEOUT_MS = 1000;
/** How long an owner that holds the socket but does not answer (exiting, or stuck) is waited for. */
const DYING_WAIT_MS = 5000;

type Probe = { state: 'live'; pid: string } | { state: 'dying' } | { state: 'stale' } | { state: 'gone' };

/**
 * Asks whoever listens on the lock socket. A connection accepted and answered with a pid means a live owner;
 * accepted but unanswered means an owner in the middle of exiting (after SIGKILL, its main thread can be a zombie
 * while another thread still finishes a write: the socket closes only when the last thread is gone) or stuck;
 * refused means the socket file was left by a dead process (or is an old-style pid file); ENOENT means there is
 * nothing left to take over.
 */
function probe(path: string): Promise<Probe> {
  return new Promise((resolve) => {
    let said = '';
    const socket = net.connect({ path });
    const timer = setTimeout(() => finish(said ? { state: 'live', pid: said.trim() } : { state: 'dying' }), PROBE_TIMEOUT_MS);
    const finish = (p: Probe) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(p);
    };
    socket.on('data', (d) => (said += String(d)));
    socket.on('end', () => finish(said ? { state: 'live', pid: said.trim() } : { state: 'dying' }));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (said) finish({ state: 'live', pid: said.trim() });
      else if (err.code === 'ECONNRESET' || err.code === 'EPIPE') finish({ state: 'dying' });
      else finish(err.code === 'ENOENT' ? { state: 'gone' } : { state: 'stale' });
    });
  });
}

function listen(server: net.Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * One engine per data directory. The lock is a Unix socket (`engine.lock`) the owner listens on: binding it is
 * exclusive, and the kernel closes it when the owner exits however it exits (SIGKILL included), so a crashed
 * engine's lock never outlives it — unlike a pid file, whose owner may still look alive as an unreaped zombie, or
 * whose pid may have been reused. A second opener connects to it: accepted means a live owner (who answers with
 * its pid, for the error message), refused means a socket left by a dead process, which is taken over.
 */
export class DirLock {
  private constructor(
    private readonly server: net.Server,
    private readonly address: SocketAddress
  ) {}

  static async acquire(dir: string, logger: Logger): Promise<DirLock> {
    const address = await socketAddress(dir, LOCK_FILE);
    const shown = address.shown;
    try {
      const dyingDeadline = Date.now() + DYING_WAIT_MS;
      for (let takeovers = 0; takeovers < 5; ) {
        const server = net.createServer((socket) => {
          socket.on('error', () => socket.destroy());
          socket.end(`${process.pid}\n`);
        });
        try {
          await listen(server, address.path);
          // The directory is already private (700); the socket is too, so that holds on any directory.
          await chmod(address.path, 0o600);
          // The lock alone must not keep a process alive.
          server.unref();
          return new DirLock(server, address);
        } catch (err) {
          server.close();
          if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        }
        const first = await probe(address.path);
        if (first.state === 'live') {
          throw new Error(`data directory ${dir} is already in use by process ${first.pid} (lock ${shown}); stop that engine first`);
        }
        if (first.state === 'dying') {
          if (Date.now() > dyingDeadline) throw new Error(`data directory ${dir} is locked by a process that neither answers nor exits (lock ${shown}); is an engine stuck there?`);
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        takeovers++;
        if (first.state === 'gone') continue;
        // Ask once more right before removing it: shrinks the window in which two openers both judge it stale.
        if ((await probe(address.path)).state !== 'stale') continue;
        const kind = (await lstat(address.path).catch(() => null))?.isSocket() ? 'socket' : 'file';
        logger.warn(`taking over stale lock ${shown} (a ${kind} left by an engine that is no longer running)`);
        await unlink(address.path).catch(() => {});
      }
      throw new Error(`could not lock data directory ${dir} (lock ${shown})`);
    } catch (err) {
      await address.release();
      throw err;
    }
  }

  async release(): Promise<void> {
    // Closing a listening Unix socket also removes its file.
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.address.release();
  }
}
