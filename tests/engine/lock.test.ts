// The data-directory lock after a crash: an engine killed with SIGKILL whose parent has not reaped it yet (a
// zombie, still holding its pid) must not block the next start on the same directory. Always the embedded engine.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { REPO_ROOT } from './writer-process.ts';
import { tempDirs, withEngine } from './data-dir.ts';
import { waitFor } from './target.ts';

const dirs = tempDirs();
afterAll(() => dirs.removeAll());

const procState = async (pid: number) => (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).replace(/^.*\) /s, '').charAt(0);

describe.runIf(process.platform === 'linux')('a crashed engine that is not reaped yet', () => {
  it('SIGKILL leaves a zombie holding its pid; a start right after takes the directory over and keeps its writes', async () => {
    const dir = await dirs.fresh();
    // The writer runs under a shell that then becomes `sleep`, which never waits for its children: once killed,
    // the writer stays a zombie for as long as the sleep lives, as an unreaped crashed engine would.
    const script = join(REPO_ROOT, 'tests', 'engine', 'durability-writer.ts');
    const parent = spawn('sh', ['-c', `"$0" --import tsx "$1" "$2" 0 fixed 5 & echo "PID $!"; exec sleep 60`, process.execPath, script, dir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit']
    });
    try {
      let pid = 0;
      let done = false;
      createInterface({ input: parent.stdout! }).on('line', (line) => {
        if (line.startsWith('PID ')) pid = Number(line.slice(4));
        if (line === 'DONE') done = true;
      });
      await waitFor(() => done && pid > 0, 30_000, 'the writer to acknowledge its writes');
      process.kill(pid, 'SIGKILL');
      await waitFor(async () => (await procState(pid)) === 'Z', 10_000, `process ${pid} to become a zombie`);
      // Still there, with its pid: a pid-file lock would call this owner alive.
      expect(() => process.kill(pid, 0)).not.toThrow();

      await withEngine(dir, async (db, logged) => {
        const ids = (await db.collection<any>('docs').find({}).toArray()).map((d) => d._id).sort();
        expect(ids).toEqual(['r0-f0', 'r0-f1', 'r0-f2', 'r0-f3', 'r0-f4']);
        expect(logged.warn.join('\n')).toMatch(/stale lock/);
      });
      expect(await procState(pid)).toBe('Z');
    } finally {
      parent.kill('SIGKILL');
    }
  }, 60_000);
});
