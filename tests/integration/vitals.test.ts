// The node's vital signs line ('node vitals', server/wiring/vitals.ts): what an operator graphs for each node. Read
// back from the real server's log while a mentor and a mentee have their CV open and type in it.
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io as connectLive } from 'socket.io-client';
import { cvDocName, getField } from '../../src/lib/shared/cv/model.ts';
import { setPlainText } from '../../src/lib/shared/cv/rich.ts';
import type { Vitals } from '../../server/wiring/vitals.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, openCv, waitFor, type LiveClient } from '../collab/collab-helpers.ts';

const lines: { msg?: string; vitals?: Vitals; time: number }[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  }
});
const vitalsLines = () => lines.filter((l) => l.msg === 'node vitals').map((l) => l.vitals!);

let t: TestServer;
const open: LiveClient[] = [];
beforeAll(async () => {
  t = await startTestServer({ logLevel: 'info', logTo: sink, vitalsIntervalMs: 100 });
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(async () => t?.stop());

describe('node vitals', () => {
  it('logs the event-loop delay, memory, open documents, their connections, live sockets and store writes', async () => {
    const { id: orgId } = await createOrganisation(t.services, 'Duo for a Job Liège');
    const programme = await createProgramme(t.services, orgId);
    const mentor = await addMember(t.services, orgId, 'mentor', { name: 'Anouk Peeters', programmeIds: [programme.id] });
    const mentee = await addMember(t.services, orgId, 'mentee', { name: 'Youssef Amrani', programmeIds: [programme.id] });
    const duo = await createDuo(t.services, programme.id, mentor.id, mentee.id);

    await waitFor(() => vitalsLines().some((v) => v.documents === 0 && v.collabConnections === 0), 5_000, 'a line with nothing open');
    const mentorCookie = cookieOf(await loginAs(t.url, mentor));
    for (const cookie of [mentorCookie, cookieOf(await loginAs(t.url, mentee))]) {
      const c = openCv(t.url, cvDocName(duo.id), cookie);
      open.push(c);
      await waitFor(() => c.provider.synced, 10_000, 'synced');
    }
    const socket = connectLive(t.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: mentorCookie, origin: t.url } });
    try {
      await waitFor(() => socket.connected, 5_000, 'live socket');
      setPlainText(getField(open[0].doc, 'header/headline'), 'Comptable fiscaliste');
      const seen = lines.length;
      await waitFor(
        () => lines.slice(seen).some((l) => l.msg === 'node vitals' && l.vitals!.documents === 1 && l.vitals!.collabConnections === 2 && l.vitals!.liveSockets === 1),
        5_000,
        'a line with the CV, its two connections and the live socket'
      );
      // the typed change was stored: a line counts the write window's write
      await waitFor(() => vitalsLines().some((v) => v.collabWrites > 0), 5_000, 'a line counting a store write');
    } finally {
      socket.disconnect();
    }
    const last = vitalsLines().at(-1)!;
    expect(last.rssMb).toBeGreaterThan(10);
    expect(last.heapUsedMb).toBeGreaterThan(1);
    expect(last.loopDelayP99Ms).toBeGreaterThanOrEqual(last.loopDelayP50Ms);
    expect(last.loopDelayMaxMs).toBeGreaterThanOrEqual(last.loopDelayP99Ms);
    // per interval, not a running total: a quiet interval counts no write
    await waitFor(() => vitalsLines().slice(-3).every((v) => v.collabWrites === 0), 5_000, 'quiet lines count no write');
  });

  it('shows a blocked event loop as delay', async () => {
    const seen = vitalsLines().length;
    // The server runs in this process: holding the loop 300 ms holds its loop.
    const until = performance.now() + 300;
    while (performance.now() < until);
    // In the line of the interval in which the monitor saw it (the next one or the one after, by timer order).
    await waitFor(() => vitalsLines().slice(seen).some((v) => v.loopDelayMaxMs >= 250), 5_000, 'a line showing the blocked loop');
    // the next interval starts afresh
    await waitFor(() => vitalsLines().slice(-2).every((v) => v.loopDelayMaxMs < 250), 5_000, 'a quiet interval');
  });

  it('stops logging once the node stops', async () => {
    const own: string[] = [];
    const otherSink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        own.push(...chunk.toString('utf8').split('\n').filter((l) => l.includes('"node vitals"')));
        done();
      }
    });
    const other = await startTestServer({ logLevel: 'info', logTo: otherSink, vitalsIntervalMs: 20 });
    await waitFor(() => own.length > 0, 5_000, 'the second node logs its vitals');
    await other.stop();
    const stopped = own.length;
    // the first node logs three more lines meanwhile: the second would have logged more than ten
    const count = vitalsLines().length;
    await waitFor(() => vitalsLines().length >= count + 3, 5_000, 'three more lines of the running node');
    expect(own.length).toBe(stopped);
  });
});
