// The collaboration core on its own: a real http server, real y-websocket clients, in-memory persistence.
// (Integration with sessions, the policy module and MongoDB is tested in tests/collab.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/lib/shared/codes';
import { textTypes } from './fixtures';
import { createCollabServer, MemoryPersistence, type CollabServer, type StoredDocument } from './index';
import type { CollabAuthorizer } from './transport';

const quietLog = { warn() {}, error() {} };

/** Tokens in the query string stand in for sessions here: `?as=writer|reader|nobody`. */
const authorize: CollabAuthorizer = async (request) => {
  const as = new URL(request.url ?? '', 'http://x').searchParams.get('as');
  if (as === 'writer') return { ok: true, access: 'write', principal: { userId: 'u-w', name: 'Léa Martin' } };
  if (as === 'reader') return { ok: true, access: 'read', principal: { userId: 'u-r', name: 'Pieter Claes' } };
  return { ok: false, code: CLOSE_CODES.forbidden, reason: 'forbidden' };
};

async function waitFor(condition: () => boolean, ms = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let servers: { http: Server; collab: CollabServer }[] = [];
let providers: WebsocketProvider[] = [];

async function start(persistence = new MemoryPersistence()) {
  const collab = createCollabServer({ persistence, types: textTypes(), authorize, log: quietLog, options: { batchMs: 20 } });
  const http = createServer();
  http.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  servers.push({ http, collab });
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/collab`;
  return { collab, url, persistence };
}

function connect(url: string, docName: string, as: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, docName, doc, {
    WebSocketPolyfill: WebSocket as never,
    params: { as },
    disableBc: true
  });
  providers.push(provider);
  return { doc, provider, text: doc.getText('t') };
}

afterEach(async () => {
  for (const p of providers) p.destroy();
  providers = [];
  for (const s of servers) {
    await s.collab.stop();
    await new Promise((r) => s.http.close(r));
  }
  servers = [];
});

describe('collaboration core', () => {
  it('makes two writers converge and gives a late joiner the full state', async () => {
    const { url } = await start();
    const a = connect(url, 'cv:one', 'writer');
    const b = connect(url, 'cv:one', 'writer');
    await waitFor(() => a.provider.synced && b.provider.synced);
    a.text.insert(0, 'Amélie ');
    b.text.insert(0, 'Dubois');
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length === 13);
    const late = connect(url, 'cv:one', 'reader');
    await waitFor(() => late.provider.synced);
    expect(late.text.toString()).toBe(a.text.toString());
  });

  it('drops a read-only client’s updates and tells it so', async () => {
    const { url, collab } = await start();
    const writer = connect(url, 'cv:two', 'writer');
    await waitFor(() => writer.provider.synced);
    writer.text.insert(0, 'Bonjour');
    const reader = connect(url, 'cv:two', 'reader');
    await waitFor(() => reader.provider.synced && reader.text.toString() === 'Bonjour');
    let denied = '';
    reader.provider.messageHandlers[2] = (_enc, decoder) => {
      // auth message: varuint subtype (0 = permission denied), then the reason
      const bytes = decoder.arr.subarray(decoder.pos);
      denied = Buffer.from(bytes).toString('latin1');
    };
    reader.text.insert(0, 'XXX');
    await waitFor(() => denied.includes('read-only'));
    const stored = await collab.withDocument('cv:two', (doc) => doc.getText('t').toString());
    expect(stored).toBe('Bonjour');
    expect(writer.text.toString()).toBe('Bonjour');
  });

  it('refuses an unauthorised connection with the named code and sends no content', async () => {
    const { url, collab } = await start();
    await collab.withDocument('cv:secret', (doc) => doc.getText('t').insert(0, 'private'));
    const ws = new WebSocket(`${url}/cv:secret?as=nobody`);
    const received: Buffer[] = [];
    ws.on('message', (d: Buffer) => received.push(d));
    const code = await new Promise<number>((r) => ws.on('close', (c) => r(c)));
    expect(code).toBe(CLOSE_CODES.forbidden);
    expect(received).toHaveLength(0);
  });

  it('closes only the connection that sends a malformed message', async () => {
    const { url } = await start();
    const good = connect(url, 'cv:three', 'writer');
    await waitFor(() => good.provider.synced);
    const bad = new WebSocket(`${url}/cv:three?as=writer`);
    await new Promise((r) => bad.on('open', r));
    // sync message, update type, then a length that runs past the end
    bad.send(Buffer.from([0, 2, 50, 1, 2, 3]));
    const code = await new Promise<number>((r) => bad.on('close', (c) => r(c)));
    expect(code).toBe(CLOSE_CODES.malformedMessage);
    // an update whose bytes Yjs cannot decode
    const bad2 = new WebSocket(`${url}/cv:three?as=writer`);
    await new Promise((r) => bad2.on('open', r));
    bad2.send(Buffer.from([0, 2, 4, 200, 200, 200, 200]));
    expect(await new Promise<number>((r) => bad2.on('close', (c) => r(c)))).toBe(CLOSE_CODES.malformedMessage);
    good.text.insert(0, 'still fine');
    const other = connect(url, 'cv:three', 'reader');
    await waitFor(() => other.text.toString() === 'still fine');
  });

  it('closes an oversized message with 1009 and keeps serving', async () => {
    const persistence = new MemoryPersistence();
    const collab = createCollabServer({ persistence, types: textTypes(), authorize, log: quietLog, options: { maxMessageBytes: 1024 } });
    const http = createServer();
    http.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    servers.push({ http, collab });
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/collab`;
    const ws = new WebSocket(`${url}/cv:big?as=writer`);
    await new Promise((r) => ws.on('open', r));
    ws.send(Buffer.alloc(4096, 1));
    expect(await new Promise<number>((r) => ws.on('close', (c) => r(c)))).toBe(CLOSE_CODES.messageTooLarge);
    const ok = connect(url, 'cv:big', 'writer');
    await waitFor(() => ok.provider.synced);
  });

  it('lets 50 clients connect while the document loads and gives each the stored content', async () => {
    const seed = new Y.Doc();
    seed.getText('t').insert(0, 'Joris Van den Broeck');
    const state = Y.encodeStateAsUpdate(seed);
    let loads = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const persistence = new MemoryPersistence();
    const slow = Object.assign(Object.create(persistence), {
      async load(name: string): Promise<StoredDocument> {
        loads++;
        await gate;
        return name === 'cv:slow' ? { updates: [state], pendingCount: 0 } : { updates: [], pendingCount: 0 };
      }
    });
    const { url, collab } = await start(slow);
    const clients = Array.from({ length: 50 }, () => connect(url, 'cv:slow', 'reader'));
    // every socket is accepted and waiting on the one load that is held
    await waitFor(() => collab.stats().connections === 50);
    expect(clients.some((c) => c.provider.synced)).toBe(false);
    release();
    await waitFor(() => clients.every((c) => c.provider.synced), 10_000);
    expect(clients.every((c) => c.text.toString() === 'Joris Van den Broeck')).toBe(true);
    expect(loads).toBe(1);
  });

  it('stores updates within the batch window and unloads after the last client leaves', async () => {
    const persistence = new MemoryPersistence();
    const { url, collab } = await start(persistence);
    const a = connect(url, 'cv:four', 'writer');
    await waitFor(() => a.provider.synced);
    a.text.insert(0, 'Grace Whitfield');
    await waitFor(() => persistence.appendCalls > 0, 2_000);
    expect(collab.stats().documents).toBe(1);
    a.provider.destroy();
    await waitFor(() => collab.stats().documents === 0);
    const stored = await persistence.load('cv:four');
    const check = new Y.Doc();
    for (const u of stored.updates) Y.applyUpdate(check, u);
    expect(check.getText('t').toString()).toBe('Grace Whitfield');
    expect(stored.pendingCount).toBe(0); // compacted on unload
  });
});
