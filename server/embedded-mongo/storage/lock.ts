import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../commands/context.ts';

export const LOCK_FILE = 'engine.lock';

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One engine per data directory: a lock file holding the owner's pid. A lock left by a dead process is
 * taken over; a live owner (including another engine in this same process) makes opening fail.
 */
export class DirLock {
  private constructor(private readonly path: string) {}

  static async acquire(dir: string, logger: Logger): Promise<DirLock> {
    const path = join(dir, LOCK_FILE);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fh = await open(path, 'wx');
        await fh.writeFile(`${process.pid}\n`);
        await fh.sync();
        await fh.close();
        return new DirLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const content = await readFile(path, 'utf8').catch(() => '');
      const pid = Number.parseInt(content.trim(), 10);
      if (isAlive(pid)) {
        throw new Error(`data directory ${dir} is already in use by process ${pid} (lock file ${path}); stop that engine first`);
      }
      // Only remove the lock we judged stale: another opener may have replaced it meanwhile.
      const again = await readFile(path, 'utf8').catch(() => null);
      if (again !== content) continue;
      logger.warn(`taking over stale lock ${path} left by process ${content.trim() || '(unknown)'}`);
      await unlink(path).catch(() => {});
    }
    throw new Error(`could not lock data directory ${dir}`);
  }

  async release(): Promise<void> {
    const content = await readFile(this.path, 'utf8').catch(() => '');
    if (Number.parseInt(content.trim(), 10) === process.pid) await unlink(this.path).catch(() => {});
  }
}
