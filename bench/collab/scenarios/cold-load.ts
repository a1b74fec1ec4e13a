// Scenario 3: a document with a stored history of many updates is opened by one client; the figure is the time
// from opening the socket until the server's sync step 2 (the whole content) has arrived. Each run opens a
// different document, so each is a real cold load; the first run only warms the server up.
import { RawClient } from '../client.ts';
import type { Dialect } from '../dialects.ts';
import { contains, END_MARK } from '../history.ts';
import { nowMs } from '../markers.ts';
import type { ServerProcess } from '../server-process.ts';
import { median } from '../stats.ts';
import { sleep } from '../timing.ts';

export interface ColdResult {
  median: number;
  min: number;
  max: number;
  runs: number;
  /** The server said "synced" before it had loaded the content, which followed as an update (timed to then). */
  contentAfterSync: boolean;
}

export async function runColdLoad(
  server: ServerProcess,
  dialect: Dialect,
  history: Uint8Array[],
  runs: number,
  /** The y-websocket reference with y-leveldb loads in the background and syncs first: wait for the content. */
  contentMayFollowSync = false
): Promise<ColdResult> {
  const docs = Array.from({ length: runs + 1 }, (_, i) => `cold-${i}`);
  for (const doc of docs) await server.seed(doc, history);
  // Let the seeding's writes (journal, fsync) finish before anything is timed.
  await sleep(1_000);
  const times: number[] = [];
  let contentAfterSync = false;
  for (const [i, doc] of docs.entries()) {
    const start = nowMs();
    const client = new RawClient(dialect, server.port, doc, i);
    // Set before the sync resolves: a message right behind the sync step 2 may arrive in the same turn.
    let contentAt: number | null = null;
    client.onData = (data) => {
      if (contentAt === null && contains(data, END_MARK)) contentAt = nowMs();
    };
    try {
      const step2 = await client.synced;
      let elapsed = nowMs() - start;
      if (!contains(step2, END_MARK)) {
        if (!contentMayFollowSync) throw new Error(`${doc}: synced without the stored content`);
        contentAfterSync = true;
        for (let waited = 0; contentAt === null; waited += 5) {
          if (waited > 10_000) throw new Error(`${doc}: the stored content never arrived`);
          await sleep(5);
        }
        elapsed = contentAt - start;
      }
      if (i > 0) times.push(elapsed);
    } finally {
      client.close();
    }
    // The document is unloaded (and ours compacts it) after the client leaves: not inside the next run.
    await sleep(500);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), runs, contentAfterSync };
}
