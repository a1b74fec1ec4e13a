// The coordinator's flags through the real route, with the test's clock: a running duo with no meeting held for
// 21 days (counted from the later of its start and its last meeting held), or whose mentee or mentor gave two
// low check-ins in a row; never an ended duo, never anything written (comments stay out).
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { DuoFlagView } from '../../src/lib/shared/duo-flags.ts';
import type { DuoDoc } from '../../server/data/models.ts';
import { toId } from '../../server/data/models.ts';
import { addMember, createDuo, createOrganisation, createProgramme, loginAs, type TestUser } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
let programmeId: string;
let coordinator: TestUser;
let mentorOfA: TestUser;
const duos: Record<'held' | 'never' | 'low' | 'ended', DuoDoc> = {} as never;
const people: Record<string, { mentor: TestUser; mentee: TestUser }> = {};

const at = (iso: string) => t.clock.set(new Date(iso));
/** A meeting of `duo` on `date` at 10:00 in Brussels, held (scheduled the day before). */
async function held(duo: DuoDoc, date: string, by: TestUser) {
  const s = t.services.meetings.meetings;
  const m = await s.schedule(duo, by.id, { date, time: '10:00', durationMinutes: 60, mode: 'video', videoUrl: 'https://meet.example.org/binome' });
  const doc = (await s.find(m.id))!;
  const before = t.clock.now();
  at(`${date}T12:00:00Z`);
  await s.markHeld(duo, doc, 60);
  t.clock.set(before);
  return (await s.find(m.id))!;
}
async function flags(): Promise<DuoFlagView[]> {
  const c = await loginAs(t.url, coordinator);
  const r = await c.get(`/api/programmes/${programmeId}/duo-flags`);
  expect(r.status).toBe(200);
  return r.body as DuoFlagView[];
}
const flagOf = (all: DuoFlagView[], d: DuoDoc) => all.find((f) => f.duoId === String(d._id))?.reasons ?? [];

beforeAll(async () => {
  t = await startTestServer();
  at('2026-03-02T08:00:00Z');
  const s = t.services;
  const org = await createOrganisation(s, 'Duo for a Job Gent');
  programmeId = (await createProgramme(s, org.id, { name: 'Voorjaar 2026' })).id;
  coordinator = await addMember(s, org.id, 'coordinator', { name: 'Els Vermeulen' });
  const names: [string, string, string][] = [
    ['held', 'Bart De Wilde', 'Samira Ouali'],
    ['never', 'Oliver Bennett', 'Aïcha Diallo'],
    ['low', 'Marie Lefèvre', 'Kevin Nguyen'],
    ['ended', 'Hanne Claes', 'Rachid Amrani']
  ];
  for (const [key, mentorName, menteeName] of names) {
    const mentor = await addMember(s, org.id, 'mentor', { name: mentorName, programmeIds: [programmeId] });
    const mentee = await addMember(s, org.id, 'mentee', { name: menteeName, programmeIds: [programmeId] });
    const view = await createDuo(s, programmeId, mentor.id, mentee.id);
    duos[key as keyof typeof duos] = (await s.repos.duos.findById(toId(view.id)))!;
    people[key] = { mentor, mentee };
  }
  mentorOfA = people.held.mentor;
  await held(duos.held, '2026-03-10', mentorOfA);
  // Two low check-ins from the mentee of `low`, after two meetings held; the comment is hers alone.
  for (const [date, score] of [['2026-03-05', 2], ['2026-03-19', 1]] as const) {
    const m = await held(duos.low, date, people.low.mentor);
    at(`${date}T13:00:00Z`);
    await s.meetings.agreement.checkin(duos.low, m, people.low.mentee.id, score, 'Je me sens découragée, rien ne bouge');
    await s.meetings.agreement.checkin(duos.low, m, people.low.mentor.id, 4, '');
  }
  at('2026-03-20T08:00:00Z');
  await s.duos.update(duos.ended, 'ended_early', 'Emploi trouvé');
});
afterAll(async () => t?.stop());

describe('flags on a programme’s duos', () => {
  it('flag two low check-ins in a row from one side, with the scores and no comment', async () => {
    at('2026-03-20T09:00:00Z');
    const all = await flags();
    expect(flagOf(all, duos.low)).toEqual([{ code: 'low_checkins', role: 'mentee', scores: [2, 1] }]);
    expect(flagOf(all, duos.held)).toEqual([]);
    expect(flagOf(all, duos.never)).toEqual([]);
    expect(JSON.stringify(all)).not.toContain('découragée');
  });

  it('flag a duo with no meeting held for 21 days from its start, and not a minute before', async () => {
    at('2026-03-23T07:59:00Z');
    expect(flagOf(await flags(), duos.never)).toEqual([]);
    at('2026-03-23T08:00:00Z');
    expect(flagOf(await flags(), duos.never)).toEqual([{ code: 'inactive', days: 21, since: '2026-03-02T08:00:00.000Z' }]);
  });

  it('count from the last meeting held when there is one, and never flag an ended duo', async () => {
    // Held on 10 March at 10:00 in Brussels (09:00 UTC).
    at('2026-03-31T08:59:00Z');
    let all = await flags();
    expect(flagOf(all, duos.held)).toEqual([]);
    at('2026-03-31T09:00:00Z');
    all = await flags();
    expect(flagOf(all, duos.held)).toEqual([{ code: 'inactive', days: 21, since: '2026-03-10T09:00:00.000Z' }]);
    expect(all.some((f) => f.duoId === String(duos.ended._id))).toBe(false);
  });

  it('clear the low check-ins once that side gives a better one', async () => {
    at('2026-04-01T08:00:00Z');
    const m = await held(duos.low, '2026-04-02', people.low.mentor);
    at('2026-04-02T13:00:00Z');
    await t.services.meetings.agreement.checkin(duos.low, m, people.low.mentee.id, 4, '');
    expect(flagOf(await flags(), duos.low)).toEqual([]);
  });
});
