// Spawns durability-writer.ts and tracks what it reports, so the durability test can kill it at a chosen moment
// and then compare the data directory with what was acknowledged.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(here, '..', '..');
const SCRIPT = join(here, 'durability-writer.ts');

export interface Acks {
  ins: string[];
  many: string[];
  inc: Map<string, number>;
  pair: string[];
  del: string[];
  blob: string[];
  total: number;
}

export class WriterProcess {
  readonly child: ChildProcess;
  readonly acks: Acks = { ins: [], many: [], inc: new Map(), pair: [], del: [], blob: [], total: 0 };
  /** Values reported by effects mode (`E <key> <value>`). */
  readonly effects = new Map<string, string>();
  ready = false;
  done = false;
  exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  /** Set once the process has exited and its output has been read to the end. */
  closed = false;
  stderr = '';
  private listeners: Array<() => void> = [];

  constructor(dataDir: string, round: number, mode: 'continuous' | 'bulky' | 'fixed' | 'effects', count = 50) {
    this.child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, dataDir, String(round), mode, String(count)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.onLine(line));
    this.child.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.notify();
    });
    this.child.on('close', () => {
      this.closed = true;
      this.notify();
    });
  }

  private onLine(line: string) {
    const [kind, what, id, value] = line.split(' ');
    if (kind === 'READY') this.ready = true;
    else if (kind === 'DONE') this.done = true;
    else if (kind === 'E') this.effects.set(what, id);
    else if (kind === 'A') {
      this.acks.total++;
      if (what === 'ins') this.acks.ins.push(id);
      else if (what === 'many') this.acks.many.push(id);
      else if (what === 'inc') this.acks.inc.set(id, Math.max(this.acks.inc.get(id) ?? 0, Number(value)));
      else if (what === 'pair') this.acks.pair.push(value);
      else if (what === 'del') this.acks.del.push(id);
      else if (what === 'blob') this.acks.blob.push(id);
    }
    this.notify();
  }

  private notify() {
    const l = this.listeners;
    this.listeners = [];
    for (const f of l) f();
  }

  /** Resolves when `cond` holds, or the process exits, or `timeoutMs` passes; returns whether `cond` held. */
  until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(cond()), timeoutMs);
      const check = () => {
        if (cond() || this.closed) {
          clearTimeout(timer);
          resolve(cond());
        } else this.listeners.push(check);
      };
      check();
    });
  }

  /**
   * SIGKILLs the process (if still alive) without waiting: the returned promise resolves once it is reaped and
   * every line it printed has been read, so acknowledgements are complete.
   */
  crash(): Promise<boolean> {
    if (!this.exited) this.child.kill('SIGKILL');
    return this.until(() => this.closed, 10_000);
  }

  /** SIGKILLs the process (if still alive) and waits for it to be gone. */
  async kill(): Promise<void> {
    if (!this.exited) this.child.kill('SIGKILL');
    await this.until(() => this.exited !== null, 10_000);
  }
}
