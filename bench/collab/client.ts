// A raw y-websocket client: opens the socket, does the minimal handshake the server needs (sync step 1 with an
// empty state vector, an empty step 2 in answer to the server's step 1), and reports when it is synced (the
// server's step 2 arrived). After that every message goes to `onData` untouched.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { emptySyncStep1, emptySyncStep2, MSG, SYNC, updateMessage, type Dialect } from './dialects.ts';
import { marker, nowMs } from './markers.ts';
import { sleep } from './timing.ts';

const CONNECT_TIMEOUT_MS = 60_000;

export class RawClient {
  readonly ws: WebSocket;
  readonly synced: Promise<Uint8Array>;
  /** Receives every message after the sync, as the socket delivered it. */
  onData: ((data: Buffer) => void) | null = null;
  private isSynced = false;

  constructor(
    private readonly dialect: Dialect,
    port: number,
    readonly doc: string,
    index: number
  ) {
    this.ws = new WebSocket(dialect.url(port, doc), { headers: dialect.headers(index), perMessageDeflate: false });
    this.synced = new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`client ${index} on ${doc}: not synced after ${CONNECT_TIMEOUT_MS} ms`));
        this.ws.terminate();
      }, CONNECT_TIMEOUT_MS);
      this.ws.on('open', () => {
        for (const m of dialect.opening(doc)) this.ws.send(m);
        this.send(emptySyncStep1);
      });
      this.ws.on('message', (data: Buffer) => {
        if (this.isSynced) {
          this.onData?.(data);
          return;
        }
        const at = dialect.bodyOffset(data);
        const type = data[at];
        if (type !== MSG.sync && type !== MSG.syncReply) return;
        if (data[at + 1] === SYNC.step1) this.send(emptySyncStep2);
        else if (data[at + 1] === SYNC.step2) {
          this.isSynced = true;
          clearTimeout(timer);
          resolve(data);
        }
      });
      this.ws.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      this.ws.on('close', (code, reason) => {
        clearTimeout(timer);
        if (!this.isSynced) reject(new Error(`client ${index} on ${doc}: closed ${code} ${reason.toString()}`));
      });
    });
  }

  send(body: Uint8Array): void {
    this.ws.send(this.dialect.frame(this.doc, body));
  }

  close(): void {
    this.ws.terminate();
  }
}

/** A writing client: a real Y.Doc whose updates (each carrying a timing marker) go out as they are made. */
export class Writer {
  private readonly ydoc = new Y.Doc();
  private readonly text = this.ydoc.getText('t');
  seq = 0;

  constructor(
    readonly client: RawClient,
    readonly id: number
  ) {
    this.ydoc.on('update', (update: Uint8Array) => this.client.send(updateMessage(update)));
  }

  /** Appends the next marker; the update is sent synchronously from the 'update' event. */
  write(): void {
    this.seq++;
    this.text.insert(this.text.length, marker(this.id, this.seq, nowMs()));
  }
}

/**
 * Every writer types `rate` updates a second for `seconds`, each with a phase of its own (nobody types in
 * lockstep); returns the updates each one sent.
 */
export async function typeAt(writers: Writer[], rate: number, seconds: number): Promise<number> {
  const period = 1000 / rate;
  const perWriter = Math.round(rate * seconds);
  const t0 = performance.now();
  await Promise.all(
    writers.map(async (writer, i) => {
      const phase = (((i * 7919) % writers.length) / writers.length) * period;
      for (let k = 0; k < perWriter; k++) {
        await sleep(t0 + phase + k * period - performance.now());
        writer.write();
      }
    })
  );
  return perWriter;
}

/** Opens `count` clients, at most `parallel` handshakes at a time (a burst of 2,000 would overflow the accept backlog). */
export async function openClients(
  count: number,
  parallel: number,
  make: (i: number) => RawClient
): Promise<RawClient[]> {
  const clients: RawClient[] = new Array(count);
  let next = 0;
  const lanes = Array.from({ length: Math.min(parallel, count) }, async () => {
    while (next < count) {
      const i = next++;
      clients[i] = make(i);
      await clients[i].synced;
    }
  });
  try {
    await Promise.all(lanes);
  } catch (error) {
    // Nothing may outlive a failed run: the half-open crowd is dropped before the error goes up.
    next = count;
    for (const c of clients) c?.close();
    throw error;
  }
  return clients;
}
