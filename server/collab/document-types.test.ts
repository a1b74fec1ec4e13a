// The collaboration core with declared document types: a second kind of document needs no change in the
// transport or the registry, a name of no type is refused, a type's projection runs after each stored batch, and
// a failure while handling one message is confined to that connection or that document.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES, DENIED_REASONS } from '../../src/lib/shared/codes';
import { DocumentTypes, type DocumentType } from './document-type';
import { textDocumentType, quietLog } from './fixtures';
import { createCollabServer, MemoryPersistence, type CollabServer } from './index';
import { s } from './schema';
import type { CollabAuthorizer } from './transport';

const authorize =
  (types: DocumentTypes): CollabAuthorizer =>
  async (request, docName) => {
    const as = new URL(request.url ?? '', 'http://x').searchParams.get('as') ?? '';
    const principal = { userId: as, name: as === 'u-1' ? 'Marie Dupont' : 'Kwame Mensah' };
    const access = await types.access(principal, docName);
    return access ? { ok: true, access, principal } : { ok: false, code: CLOSE_CODES.notFound, reason: 'unknown document' };
  };

/** A second kind of document, declared here only: a list of tasks, each a map with a title and a done flag. */
const tasksType = (seen: string[]): DocumentType => ({
  kind: 'tasks',
  match: (name) => /^tasks:([a-z0-9]{1,20})$/.exec(name)?.[1] ?? null,
  access: async (principal) => (principal.userId.startsWith('u-') ? 'write' : null),
  schema: { roots: { tasks: s.entries(/^[a-z0-9]{1,20}$/, s.map({ title: s.string(200), done: s.boolean() }), 100) } },
  maxBytes: 1024 * 1024,
  project: (_name, doc) => void seen.push([...doc.getMap('tasks').keys()].join(','))
});

let running: { http: Server; collab: CollabServer }[] = [];
let providers: WebsocketProvider[] = [];

async function start(types: DocumentTypes, persistence = new MemoryPersistence()) {
  const collab = createCollabServer({ persistence, types, authorize: authorize(types), log: quietLog, options: { batchMs: 20 } });
  const http = createServer();
  http.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  running.push({ http, collab });
  return { collab, url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/collab`, persistence };
}

function connect(url: string, docName: string, as: string) {
  const doc = new Y.Doc();
  const codes: number[] = [];
  const denied: string[] = [];
  const provider = new WebsocketProvider(url, docName, doc, { WebSocketPolyfill: WebSocket as never, params: { as }, disableBc: true });
  provider.on('connection-close', (e: { code: number } | null) => void (e && codes.push(e.code)));
  provider.messageHandlers[2] = (_encoder, decoder) => {
    decoder.pos++; // permission-denied flag
    const len = decoder.arr[decoder.pos++];
    denied.push(new TextDecoder().decode(decoder.arr.subarray(decoder.pos, decoder.pos + len)));
    decoder.pos += len;
  };
  providers.push(provider);
  return { doc, provider, codes, denied };
}

async function waitFor(condition: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error(`${what}: not met in time`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

afterEach(async () => {
  for (const p of providers) p.destroy();
  providers = [];
  for (const r of running) {
    await r.collab.stop();
    await new Promise((res) => r.http.close(res));
  }
  running = [];
});

describe('declared document types', () => {
  it('serves a second kind of document from its declaration alone, checks it, and projects each stored batch', async () => {
    const projected: string[] = [];
    const { url } = await start(new DocumentTypes([textDocumentType({ match: (n) => (n.startsWith('text:') ? n : null) }), tasksType(projected)]));
    const a = connect(url, 'tasks:week1', 'u-1');
    const b = connect(url, 'tasks:week1', 'u-2');
    await waitFor(() => a.provider.synced && b.provider.synced, 5_000, 'synced');
    const task = new Y.Map<unknown>();
    a.doc.getMap('tasks').set('t1', task);
    task.set('title', 'Appeler Actiris');
    task.set('done', false);
    await waitFor(() => (b.doc.getMap('tasks').get('t1') as Y.Map<unknown> | undefined)?.get('title') === 'Appeler Actiris', 5_000, 'task reached b');
    await waitFor(() => projected.includes('t1'), 5_000, 'projection ran');
    // Its own schema: a task's done flag is a boolean.
    (b.doc.getMap('tasks').get('t1') as Y.Map<unknown>).set('done', 'yes');
    await waitFor(() => b.denied.length === 1, 5_000, 'refused');
    expect(b.denied[0]).toMatch(new RegExp(`^${DENIED_REASONS.refused}: `));
    // A name of no declared type is never opened.
    const stray = connect(url, 'notes:week1', 'u-1');
    await waitFor(() => stray.codes.length > 0, 5_000, 'closed');
    expect(stray.codes[0]).toBe(CLOSE_CODES.notFound);
  });

  it('refuses an update whose type’s guard throws, and keeps the connection open', async () => {
    const types = new DocumentTypes([
      textDocumentType({
        guard: (doc) => {
          if (doc.getText('t').length > 3) throw new Error('guard broke');
          return { ok: true };
        }
      })
    ]);
    const { url, collab } = await start(types);
    const a = connect(url, 'cv-like', 'u-1');
    await waitFor(() => a.provider.synced, 5_000, 'synced');
    a.doc.getText('t').insert(0, 'abcd');
    await waitFor(() => collab.isLoaded('cv-like'), 5_000, 'loaded');
    await waitFor(() => a.provider.synced, 5_000, 'first applied');
    a.doc.getText('t').insert(0, 'e');
    await waitFor(() => a.denied.length === 1, 5_000, 'refused');
    expect(a.denied[0]).toMatch(/not verifiable: guard broke/);
    expect(a.codes).toEqual([]);
    expect(await collab.withDocument('cv-like', (doc) => doc.getText('t').toString())).toBe('abcd');
  });

  it('reloads a document from storage when applying a change failed inside it; the process and the others go on', async () => {
    const persistence = new MemoryPersistence();
    let broke = false;
    const types = new DocumentTypes([
      textDocumentType({
        // A type whose own code throws, once, while a change is applied (an observer that breaks on one word).
        prepare: (doc) =>
          doc.getText('t').observe(() => {
            if (!broke && doc.getText('t').toString().includes('boom')) {
              broke = true;
              throw new Error('observer broke');
            }
          })
      })
    ]);
    const { url, collab } = await start(types, persistence);
    const a = connect(url, 'journal', 'u-1');
    const b = connect(url, 'journal', 'u-2');
    const other = connect(url, 'another', 'u-2');
    await waitFor(() => a.provider.synced && b.provider.synced && other.provider.synced, 5_000, 'synced');
    a.doc.getText('t').insert(0, 'Bonjour ');
    await waitFor(() => b.doc.getText('t').toString() === 'Bonjour ', 5_000, 'first edit');
    await collab.flush();
    a.doc.getText('t').insert(8, 'boom');
    await waitFor(() => a.codes.includes(CLOSE_CODES.documentReloaded) && b.codes.includes(CLOSE_CODES.documentReloaded), 5_000, 'peers closed');
    expect(other.codes).toEqual([]);
    // The clients reconnect to the document as loaded again from storage; editing goes on.
    await waitFor(() => a.provider.synced && b.provider.synced && a.provider.wsconnected && b.provider.wsconnected, 10_000, 'reconnected');
    // The sender's client sends its change again to the reloaded document, where it now goes through.
    b.doc.getText('t').insert(0, '» ');
    await waitFor(() => a.doc.getText('t').toString() === '» Bonjour boom' && b.doc.getText('t').toString() === '» Bonjour boom', 5_000, 'converged after reload');
    expect(await collab.withDocument('journal', (doc) => doc.getText('t').toString())).toBe('» Bonjour boom');
    // Once everyone left, the reloaded document is stored and leaves memory like any other.
    a.provider.destroy();
    b.provider.destroy();
    await waitFor(() => !collab.isLoaded('journal'), 5_000, 'unloaded after the reload');
    other.doc.getText('t').insert(0, 'ok');
    await waitFor(() => collab.isLoaded('another'), 1_000, 'other document untouched');
  });
});
