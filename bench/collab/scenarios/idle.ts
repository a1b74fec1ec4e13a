// Scenario 4: many idle connections. Two people on each of many documents, each document with a little content
// and each person with an awareness state. "Idle" is an editor left open in a tab: nobody types, but the
// y-websocket client renews its awareness state every 15 s (y-protocols' Awareness renews at outdatedTimeout / 2,
// and a server drops states not renewed within 30 s), and the server pings every 30 s. Memory is the server's
// RSS after a full GC minus the same before any connection; idle CPU is what the server burns meanwhile.
import * as Y from 'yjs';
import { openClients, RawClient } from '../client.ts';
import { awarenessMessage, updateMessage, type Dialect } from '../dialects.ts';
import type { ServerProcess } from '../server-process.ts';
import { sleep } from '../timing.ts';

export interface IdleResult {
  connections: number;
  rssKbPerConnection: number;
  heapKbPerConnection: number;
  idleCpuUsPerConnectionSecond: number;
}

function firstContent(i: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, `CV de Person ${i}: conseillère en logistique, Bruxelles. Langues: FR C2, NL B1, EN B2.`);
  return updateMessage(Y.encodeStateAsUpdate(doc));
}

const RENEW_MS = 15_000;

export async function runIdle(
  server: ServerProcess,
  dialect: Dialect,
  connections: number,
  documents: number,
  idleSeconds: number
): Promise<IdleResult> {
  // Warm-up: the code paths of connecting and loading are compiled before the baseline is taken.
  const warm = await openClients(20, 10, (i) => new RawClient(dialect, server.port, `idle-warm-${i % 5}`, i));
  for (const c of warm) c.close();
  await sleep(1_000);
  const before = await server.mem();

  let clients: RawClient[] = [];
  const renewals: NodeJS.Timeout[] = [];
  try {
    clients = await openClients(connections, 50, (i) => {
      const client = new RawClient(dialect, server.port, `idle-${i % documents}`, i);
      const state = { user: { name: `Person ${i}`, color: '#3b82f6' } };
      void client.synced.then(() => {
        if (i < documents) client.send(firstContent(i));
        let clock = 1;
        client.send(awarenessMessage(100_000 + i, state, clock));
        // Spread over the period, as real tabs opened at different times are.
        const phase = setTimeout(() => {
          renewals.push(setInterval(() => client.send(awarenessMessage(100_000 + i, state, ++clock)), RENEW_MS));
        }, (i / connections) * RENEW_MS);
        renewals.push(phase);
      }, () => {});
      return client;
    });
    // Batched writes and broadcasts settle before memory is read.
    await sleep(2_000);
    const after = await server.mem();
    // The forced collection leaves sweeping behind; it is not what an idle server costs.
    await sleep(2_000);
    await server.profileStart();
    const cpu0 = await server.cpuUs();
    const t0 = performance.now();
    await sleep(idleSeconds * 1000);
    const cpu1 = await server.cpuUs();
    const profile = await server.profileStop('idle');
    if (profile) console.error(`  profile: ${profile}`);
    const seconds = (performance.now() - t0) / 1000;
    return {
      connections,
      rssKbPerConnection: (after.rss - before.rss) / 1024 / connections,
      heapKbPerConnection: (after.heapUsed + after.external - before.heapUsed - before.external) / 1024 / connections,
      idleCpuUsPerConnectionSecond: (cpu1 - cpu0) / connections / seconds
    };
  } finally {
    for (const t of renewals) clearTimeout(t);
    for (const c of clients) c?.close();
  }
}
