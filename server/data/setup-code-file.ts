// The first-run setup code kept in DATA_DIR/setup-code, readable by the app's user only (mode 600), so that the
// operator finds it even if the console scrolled away, and a restart before setup shows the same code.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SetupCodeStore } from '../domain/setup-code.ts';

export function setupCodeFile(dataDir: string): SetupCodeStore {
  const file = join(dataDir, 'setup-code');
  return {
    location: file,
    async read() {
      try {
        return (await readFile(file, 'utf8')).trim() || null;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async write(code) {
      await mkdir(dataDir, { recursive: true });
      await rm(file, { force: true });
      // 'wx' with the mode: the file never exists with wider permissions, not even for a moment.
      await writeFile(file, code + '\n', { mode: 0o600, flag: 'wx' });
      await chmod(file, 0o600);
    },
    remove: () => rm(file, { force: true })
  };
}
