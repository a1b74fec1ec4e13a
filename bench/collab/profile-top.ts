// Reads a V8 .cpuprofile (from `node --cpu-prof`, e.g. a server child run with BENCH_PROFILE=500) and prints
// where the time went: self time per function, and total (self + callees) per function.
// Usage: npx tsx bench/collab/profile-top.ts <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? relative(process.cwd(), url.replace(/^file:\/\//, '')) : '';
  return `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
}

function main(): void {
  const [file, rowsArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [rows]');
  const rows = Number(rowsArg ?? 30);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs.entries()].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of selfUs) {
    self.set(label(byId.get(id)!), (self.get(label(byId.get(id)!)) ?? 0) + t);
    // Each function counted once per sample even when it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(byId.get(at)!);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + t);
    }
  }
  const busy = total - idle;
  const pct = (t: number) => `${((t / busy) * 100).toFixed(1).padStart(5)}%`;
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (percentages of busy time)\n`);
  console.log('self time');
  for (const [l, t] of [...self].filter(([l]) => !l.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(t)}  ${l}`);
  // Self time per package or source folder: how much goes to ws, Yjs, mongoose, the engine, the kernel …
  const group = new Map<string, number>();
  for (const [id, t] of selfUs) {
    const { url, functionName } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const path = url.replace(/^file:\/\//, '');
    const key = !path
      ? ['writev', 'write', 'writeBuffer', 'writeUtf8String', 'read'].includes(functionName)
        ? '(native I/O: syscalls)'
        : `(native: ${functionName})`
      : path.includes('node_modules/')
        ? `node_modules/${path.split('node_modules/').pop()!.split('/').slice(0, path.split('node_modules/').pop()!.startsWith('@') ? 2 : 1).join('/')}`
        : path.startsWith('node:')
          ? 'node internals'
          : relative(process.cwd(), path).split('/').slice(0, 2).join('/');
    group.set(key, (group.get(key) ?? 0) + t);
  }
  console.log('\nself time by package / folder');
  for (const [l, t] of [...group].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(t)}  ${l}`);
  console.log('\ntotal time (self + callees)');
  for (const [l, t] of [...inclusive].filter(([l]) => !l.startsWith('(idle)') && !l.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, rows))
    console.log(`${pct(t)}  ${l}`);
}

main();
