// THE AUTHORISATION MATRIX of the live workshop events: for every client→server event, the organisation's
// coordinator, the designated facilitator, a participant, a member of the programme who was not invited, a
// member of another programme, and someone of another organisation, with the ack each gets. The policy answers
// before anything is done, so each row meets a live workshop in the same state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSHOP_CLIENT_EVENTS } from '../../src/lib/shared/workshops/events.ts';
import { addMember, createOrganisation, createProgramme, loginAs } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { cookieOf } from '../collab/collab-helpers.ts';
import { ask, createWorkshop, socketOf, workshopFixture, type LiveSocket, type Person, type WorkshopFixture } from './helpers.ts';

const ACTORS = ['coordinator', 'facilitator', 'participant', 'uninvited', 'otherProgramme', 'foreign'] as const;
type ActorName = (typeof ACTORS)[number];
type Code = 'ok' | 'forbidden' | 'not_found' | 'none';

/** `lead`: what the coordinator and the facilitator get; `participant`; everyone else gets not_found. */
const row = (lead: Code, participant: Code): Record<ActorName, Code> => ({
  coordinator: lead,
  facilitator: lead,
  participant,
  uninvited: 'not_found',
  otherProgramme: 'not_found',
  foreign: 'not_found'
});

let t: TestServer;
let f: WorkshopFixture;
let who: Record<ActorName, Person>;
const sockets: LiveSocket[] = [];

/** Each row's payload against a live workshop `id` (answers that pass the policy may still be refused after it). */
const ROWS: Record<(typeof WORKSHOP_CLIENT_EVENTS)[number], { payload: (id: string) => unknown; expect: Record<ActorName, Code> }> = {
  'workshop:join': { payload: (id) => id, expect: row('ok', 'ok') },
  // No ack: leaving is always allowed and changes nothing for anyone else.
  'workshop:leave': { payload: (id) => id, expect: { coordinator: 'none', facilitator: 'none', participant: 'none', uninvited: 'none', otherProgramme: 'none', foreign: 'none' } },
  'workshop:ready': { payload: (id) => ({ workshopId: id, ready: true }), expect: row('forbidden', 'ok') },
  // Already live: the leads pass the policy and meet a conflict.
  'workshop:start': { payload: (id) => ({ workshopId: id }), expect: row('ok', 'forbidden') },
  'workshop:goto': { payload: (id) => ({ workshopId: id, index: 0 }), expect: row('ok', 'forbidden') },
  'workshop:timer': { payload: (id) => ({ workshopId: id, op: 'stop' }), expect: row('ok', 'forbidden') },
  'workshop:lock': { payload: (id) => ({ workshopId: id, locked: false }), expect: row('ok', 'forbidden') },
  'workshop:spotlight': { payload: (id) => ({ workshopId: id, target: null }), expect: row('ok', 'forbidden') },
  'workshop:reveal_all': { payload: (id) => ({ workshopId: id }), expect: row('ok', 'forbidden') },
  'workshop:reveal_tallies': { payload: (id) => ({ workshopId: id, revealed: false }), expect: row('ok', 'forbidden') },
  'workshop:facilitator_notes': { payload: (id) => ({ workshopId: id, text: 'Penser à la pause' }), expect: row('ok', 'forbidden') },
  'workshop:end': { payload: (id) => ({ workshopId: id }), expect: row('ok', 'forbidden') },
  'workshop:reveal_card': { payload: (id) => ({ workshopId: id, draftCardId: 'none' }), expect: row('forbidden', 'ok') },
  'workshop:edit_my_card': { payload: (id) => ({ workshopId: id, cardId: 'none', text: 'x' }), expect: row('forbidden', 'ok') },
  'workshop:vote': { payload: (id) => ({ workshopId: id, target: { kind: 'card', id: 'none' }, delta: 1 }), expect: row('forbidden', 'ok') }
};

beforeAll(async () => {
  t = await startTestServer();
  f = await workshopFixture(t, 1);
  const other = await createProgramme(t.services, f.orgId, { name: 'Cohorte printemps' });
  const b = await createOrganisation(t.services, 'Team4Job Gent');
  const person = async (u: Awaited<ReturnType<typeof addMember>>): Promise<Person> => {
    const http = await loginAs(t.url, u);
    return { user: u, id: u.id, name: u.user.name, http, cookie: cookieOf(http) };
  };
  who = {
    coordinator: f.coordinator,
    facilitator: f.facilitator,
    participant: f.participants[0],
    uninvited: f.outsider,
    otherProgramme: await person(await addMember(t.services, f.orgId, 'mentee', { name: 'Kwame Mensah', programmeIds: [other.id] })),
    foreign: await person(await addMember(t.services, b.id, 'coordinator', { name: 'Lotte Claes' }))
  };
});
afterAll(async () => {
  sockets.splice(0).forEach((s) => s.disconnect());
  await t?.stop();
});

describe('workshop events authorisation matrix', () => {
  it('has a row for every client event', () => {
    expect(Object.keys(ROWS).sort()).toEqual([...WORKSHOP_CLIENT_EVENTS].sort());
  });

  for (const event of WORKSHOP_CLIENT_EVENTS) {
    it(event, async () => {
      const mismatches: string[] = [];
      for (const actor of ACTORS) {
        // A fresh live workshop for each try: a command that passes (end, lock) does not change the next row.
        const w = await createWorkshop(f);
        await t.services.workshopLive.start(await t.services.workshops.load(w.id));
        const s = await socketOf(t, who[actor], sockets);
        const expected = ROWS[event].expect[actor];
        if (expected === 'none') {
          s.emit(event as 'workshop:leave', w.id);
          continue;
        }
        const a = await ask(s, event, ROWS[event].payload(w.id));
        // The policy's refusals carry no message; past the policy, the command may still be refused for what it
        // asks (a conflict, nothing to reveal), with a message saying why: that counts as let through.
        const got: Code = a.ok || a.message !== undefined ? 'ok' : a.code === 'forbidden' || a.code === 'not_found' ? a.code : 'ok';
        if (got !== expected) mismatches.push(`${event} as ${actor}: expected ${expected}, got ${JSON.stringify(a)}`);
        s.disconnect();
      }
      expect(mismatches).toEqual([]);
    });
  }
});
