// Coordinators are emailed when a duo becomes flagged (SMTP configured): once per new flag, in their language,
// only the coordinators who follow the duo's programme, never a check-in comment; a flag that clears and comes
// back is emailed again; two runs at once send each alert once; a failed send is tried again at the next run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toId, type DuoDoc } from '../../server/data/models.ts';
import { addMember, createDuo, createOrganisation, createProgramme, type TestUser } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
let duo: DuoDoc;
let quietDuo: DuoDoc;
let els: TestUser;
let hugo: TestUser;
let mentor: TestUser;
let mentee: TestUser;
const at = (iso: string) => t.clock.set(new Date(iso));
const run = () => t.services.meetings.flagAlerts.run();
const to = (u: TestUser) => t.outbox.filter((m) => m.to === u.email);

async function held(d: DuoDoc, date: string, by: TestUser) {
  const s = t.services.meetings.meetings;
  const m = await s.schedule(d, by.id, { date, time: '10:00', durationMinutes: 60, mode: 'video', videoUrl: 'https://meet.example.org/binome' });
  const before = t.clock.now();
  at(`${date}T12:00:00Z`);
  await s.markHeld(d, (await s.find(m.id))!, 60);
  t.clock.set(before);
  return (await s.find(m.id))!;
}

beforeAll(async () => {
  t = await startTestServer({ mail: true });
  at('2026-03-02T08:00:00Z');
  const s = t.services;
  const org = await createOrganisation(s, 'Duo for a Job Bruxelles');
  const programmeId = (await createProgramme(s, org.id, { name: 'Printemps 2026' })).id;
  const otherProgrammeId = (await createProgramme(s, org.id, { name: 'Automne 2026' })).id;
  els = await addMember(s, org.id, 'coordinator', { name: 'Els Vermeulen', locale: 'nl', programmeIds: [programmeId] });
  hugo = await addMember(s, org.id, 'coordinator', { name: 'Hugo Martin', programmeIds: [otherProgrammeId] });
  mentor = await addMember(s, org.id, 'mentor', { name: 'Olivier Lambert', programmeIds: [programmeId] });
  mentee = await addMember(s, org.id, 'mentee', { name: 'Fatou Diop', programmeIds: [programmeId] });
  duo = (await s.repos.duos.findById(toId((await createDuo(s, programmeId, mentor.id, mentee.id)).id)))!;
  const m2 = await addMember(s, org.id, 'mentor', { name: 'Grace Okafor', programmeIds: [programmeId] });
  const e2 = await addMember(s, org.id, 'mentee', { name: 'Bilal Haddad', programmeIds: [programmeId] });
  quietDuo = (await s.repos.duos.findById(toId((await createDuo(s, programmeId, m2.id, e2.id)).id)))!;
  await held(quietDuo, '2026-03-03', m2);
});
afterAll(async () => t?.stop());

describe('emails about flagged duos', () => {
  it('says nothing while no duo is flagged', async () => {
    at('2026-03-10T08:00:00Z');
    expect(await run()).toBe(0);
    expect(t.outbox).toEqual([]);
  });

  it('emails the coordinator of the programme once per new flag, in her language, without comments', async () => {
    // Two low check-ins from the mentee, with a comment that is hers alone.
    for (const date of ['2026-03-12', '2026-03-19']) {
      const m = await held(duo, date, mentor);
      at(`${date}T13:00:00Z`);
      await t.services.meetings.agreement.checkin(duo, m, mentee.id, 1, 'Je n’y crois plus vraiment');
    }
    at('2026-03-20T08:00:00Z');
    // Two nodes' runs at once: one email.
    const [a, b] = await Promise.all([run(), run()]);
    expect(a + b).toBe(1);
    expect(to(hugo)).toEqual([]);
    const [mail] = to(els);
    expect(mail.subject).toBe('Duo om op te volgen: Olivier Lambert en Fatou Diop');
    expect(mail.text).toContain('twee lage check-ins na elkaar van de mentee (1, 1 op 5)');
    expect(mail.text).toMatch(/\/programmes\/[0-9a-f]{24}/);
    expect(JSON.stringify(t.outbox)).not.toContain('crois');
    // Not again at the next runs.
    expect(await run()).toBe(0);
    expect(to(els)).toHaveLength(1);
  });

  it('a failed send is tried again at the next run', async () => {
    at('2026-03-25T08:00:00Z');
    const flagged = await t.services.meetings.flags.flags([quietDuo]);
    expect(flagged).toHaveLength(1); // quiet since 3 March
    const mailer = t.services.mailer!;
    const send = mailer.send;
    mailer.send = async () => {
      throw new Error('SMTP down');
    };
    try {
      expect(await run()).toBe(0);
    } finally {
      mailer.send = send;
    }
    expect(await run()).toBe(1);
    expect(to(els).at(-1)!.subject).toContain('Grace Okafor');
    expect(to(els)).toHaveLength(2);
  });

  it('a new reason is a new email; a flag that clears and comes back is emailed again', async () => {
    at('2026-04-10T08:00:00Z'); // 21 full days after the last meeting held (19 March, 10:00)
    expect(await run()).toBe(1);
    expect(to(els).at(-1)!.text).toContain('al 21 dagen geen afspraak gehouden');
    expect(await run()).toBe(0);
    // A meeting held and a better check-in clear both flags; three weeks later it is inactive again.
    const m = await held(duo, '2026-04-10', mentor);
    at('2026-04-10T13:00:00Z');
    await t.services.meetings.agreement.checkin(duo, m, mentee.id, 4, '');
    expect(await run()).toBe(0);
    at('2026-05-02T08:00:00Z');
    expect(await run()).toBe(1);
    expect(to(els)).toHaveLength(4);
  });

});
