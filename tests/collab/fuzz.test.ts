// Fuzzing /collab: 10,000 random and mutated frames (sync step 1 and 2, updates, awareness, truncated varints,
// garbage, text frames) from a writer and a reader of a CV, over real WebSockets, while the mentor and the
// mentee keep editing it. The process stays up, the two converge, and the stored CV opens again with their text.
// The generator is seeded: FUZZ_SEED=<n> replays a run (the seed is printed when a run fails).
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/lib/shared/codes.ts';
import { cvDocName, getField } from '../../src/lib/shared/cv/model.ts';
import { plainText } from '../../src/lib/shared/cv/rich.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf, openCv, waitFor, type LiveClient } from './collab-helpers.ts';

const FRAMES = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  return { next, int, bytes, pick };
}

type Rng = ReturnType<typeof prng>;

function frame(type: number, ...parts: ((e: encoding.Encoder) => void)[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  for (const part of parts) part(e);
  return encoding.toUint8Array(e);
}

function mutate(rng: Rng, source: Uint8Array): Uint8Array {
  const out = Uint8Array.from(source);
  switch (rng.int(4)) {
    case 0: // flip a few bytes
      for (let i = 0; i < 1 + rng.int(4) && out.length > 0; i++) out[rng.int(out.length)] = rng.int(256);
      return out;
    case 1: // truncate
      return out.subarray(0, rng.int(out.length + 1));
    case 2: // splice garbage in
      return Uint8Array.from([...out.subarray(0, rng.int(out.length + 1)), ...rng.bytes(1 + rng.int(16)), ...out.subarray(rng.int(out.length + 1))]);
    default: // duplicate a slice
      return Uint8Array.from([...out, ...out.subarray(rng.int(out.length + 1))]);
  }
}

const JSON_PIECES = ['{"user":{"name":"x","color":"#ffffff"}}', 'null', '[]', '{"cursor":{"anchor":1}}', '"str"', '{"user":', '{"a":' + '['.repeat(30)];

/** One frame: what an attacker might send, valid or not. */
function randomFrame(rng: Rng, samples: Uint8Array[], attacker: Y.Doc): Uint8Array | string {
  switch (rng.int(10)) {
    case 0:
      return rng.bytes(rng.int(64));
    case 1: // truncated or overlong varints
      return Uint8Array.from(Array.from({ length: 1 + rng.int(12) }, () => 0x80 | rng.int(128)));
    case 2: // sync step 1 with a random state vector
      return frame(0, (e) => encoding.writeVarUint(e, 0), (e) => encoding.writeVarUint8Array(e, rng.bytes(rng.int(24))));
    case 3: // step 2 or update carrying a mutated real update
      return frame(0, (e) => encoding.writeVarUint(e, 1 + rng.int(2)), (e) => encoding.writeVarUint8Array(e, mutate(rng, rng.pick(samples))));
    case 4: { // a well-formed update of whatever the attacker's own replica does
      const before = Y.encodeStateVector(attacker);
      const key = rng.pick(['header', 'meta', 'summary', 'experience', 'evil', 'x'.repeat(100)]);
      const root = rng.pick(['cv', 'comments', 'other']);
      attacker.transact(() => {
        if (rng.int(2)) attacker.getMap(root).set(key, rng.pick<unknown>([1, 'x', null, new Y.Map(), new Y.Text('t'), new Y.Array(), true]));
        else attacker.getMap(root).delete(key);
      });
      return frame(0, (e) => encoding.writeVarUint(e, 2), (e) => encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(attacker, before)));
    }
    case 5: { // awareness with random entries
      const inner = encoding.createEncoder();
      const count = rng.int(4);
      encoding.writeVarUint(inner, count);
      for (let i = 0; i < count; i++) {
        encoding.writeVarUint(inner, rng.int(2) ? attacker.clientID : rng.int(2 ** 32));
        encoding.writeVarUint(inner, rng.int(5));
        encoding.writeVarString(inner, rng.pick(JSON_PIECES));
      }
      return frame(1, (e) => encoding.writeVarUint8Array(e, encoding.toUint8Array(inner)));
    }
    case 6: // awareness bytes mutated
      return frame(1, (e) => encoding.writeVarUint8Array(e, mutate(rng, Uint8Array.from([1, 5, 1, 2, 123, 125]))));
    case 7:
      return frame(rng.pick([2, 3, 4, 99]), (e) => encoding.writeUint8Array(e, rng.bytes(rng.int(8))));
    case 8:
      return 'not a binary frame';
    default: // a frame of a real update, cut anywhere
      return mutate(rng, frame(0, (e) => encoding.writeVarUint(e, 2), (e) => encoding.writeVarUint8Array(e, rng.pick(samples))));
  }
}

let t: TestServer;
let docName: string;
let mentorCookie: string;
let menteeCookie: string;
let coordinatorCookie: string;
const clients: LiveClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
  const s = t.services;
  const org = await createOrganisation(s, 'MentorYou Antwerpen');
  const programme = await createProgramme(s, org.id, { name: 'Najaar 2027' });
  const mentor = await addMember(s, org.id, 'mentor', { name: 'Wouter Janssens', programmeIds: [programme.id] });
  const mentee = await addMember(s, org.id, 'mentee', { name: 'Aïcha Benali', programmeIds: [programme.id] });
  const coordinator = await addMember(s, org.id, 'coordinator', { name: 'Emily Carter' });
  docName = cvDocName((await createDuo(s, programme.id, mentor.id, mentee.id)).id);
  mentorCookie = cookieOf(await loginAs(t.url, mentor));
  menteeCookie = cookieOf(await loginAs(t.url, mentee));
  coordinatorCookie = cookieOf(await loginAs(t.url, coordinator));
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await t?.stop();
});

describe(`fuzzing /collab (seed ${SEED})`, () => {
  it('stays up under 10,000 random and mutated frames while two people keep editing, who converge', { timeout: 240_000 }, async () => {
    const rng = prng(SEED);
    const mentor = openCv(t.url, docName, mentorCookie);
    const mentee = openCv(t.url, docName, menteeCookie);
    clients.push(mentor, mentee);
    await waitFor(() => mentor.provider.synced && mentee.provider.synced, 10_000, 'honest clients synced');
    // Real updates to mutate, captured from the honest clients' own typing.
    const samples: Uint8Array[] = [];
    mentor.doc.on('update', (u: Uint8Array) => samples.length < 200 && samples.push(u));
    const name = getField(mentor.doc, 'header/name');
    const headline = getField(mentee.doc, 'header/headline');
    const typeInto = (field: Y.XmlFragment, word: string) => {
      const paragraph = field.get(0) as Y.XmlElement;
      let text = paragraph.get(0) as Y.XmlText | undefined;
      if (!text) paragraph.insert(0, [(text = new Y.XmlText())]);
      text.insert(text.length, word);
    };
    typeInto(name, 'Aïcha');
    let typed = 0;
    const typing = setInterval(() => {
      typed++;
      typeInto(name, ` ${typed}`);
      typeInto(headline, `${typed % 10}`);
    }, 40);

    const attacker = new Y.Doc();
    let sent = 0;
    let connections = 0;
    try {
      while (sent < FRAMES) {
        // The mentee's other connection (a writer) and a coordinator (a reader) send the frames; the samples are
        // the mentor's updates, so a replayed or mutated one is someone else's changes.
        const cookie = rng.int(3) === 0 ? coordinatorCookie : menteeCookie;
        const ws = new WebSocket(t.url.replace(/^http/, 'ws') + '/collab/' + docName, { headers: { cookie } });
        connections++;
        const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
        ws.on('error', () => {});
        await new Promise<void>((resolve) => {
          ws.once('open', () => resolve());
          ws.once('close', () => resolve());
        });
        const burst = 1 + rng.int(40);
        for (let i = 0; i < burst && ws.readyState === WebSocket.OPEN && sent < FRAMES; i++) {
          const f = randomFrame(rng, samples.length > 0 ? samples : [new Uint8Array([0, 0])], attacker);
          ws.send(f, { binary: typeof f !== 'string' });
          sent++;
        }
        ws.close();
        await closed;
      }
    } catch (error) {
      throw new Error(`fuzz run with FUZZ_SEED=${SEED} failed: ${(error as Error).message}`);
    } finally {
      clearInterval(typing);
    }
    expect(sent).toBeGreaterThanOrEqual(FRAMES);
    // No frame made the document fail (the honest clients would have been closed for its reload).
    expect([...mentor.closeCodes, ...mentee.closeCodes]).not.toContain(CLOSE_CODES.documentReloaded);
    expect(connections).toBeGreaterThan(100);
    expect((await fetch(`${t.url}/api/health`)).status).toBe(200);

    // The two honest replicas and the server converge on the mentor's and the mentee's text.
    const expected = `Aïcha${Array.from({ length: typed }, (_, i) => ` ${i + 1}`).join('')}`;
    await waitFor(() => plainText(getField(mentee.doc, 'header/name')) === expected, 15_000, `converged (seed ${SEED})`);
    await waitFor(() => plainText(getField(mentor.doc, 'header/headline')) === plainText(headline), 15_000, 'headline converged');
    const headlineText = plainText(headline);
    expect(headlineText).toHaveLength(typed);

    // Stored: the document reopens from the database with all of it.
    mentor.destroy();
    mentee.destroy();
    await waitFor(() => !t.binome.collab.isLoaded(docName), 15_000, 'unloaded');
    const again = openCv(t.url, docName, menteeCookie);
    clients.push(again);
    await waitFor(() => again.provider.synced, 10_000, 'reopened');
    expect(plainText(getField(again.doc, 'header/name'))).toBe(expected);
    expect(plainText(getField(again.doc, 'header/headline'))).toBe(headlineText);
  });
});
