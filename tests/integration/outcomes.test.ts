// Outcomes (issue 13): a coordinator records and replaces what became of a duo's mentee; the mentee answers
// through a one-use emailed link; the run that emails the forms sends each once, even when several nodes race.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.ts';
import { addMember, createDuoSetting, createDuo, loginAs, PASSWORD, type TestUser } from '../helpers/factories.ts';
import { logLines, startTestServer, type TestServer } from '../helpers/server.ts';
import { toId } from '../../server/data/models.ts';
import { DAY } from '../../server/domain/clock.ts';
import { OutcomeForms, type OutcomeFormsDeps } from '../../server/domain/outcomes/forms.ts';
import type { MailMessage } from '../../server/domain/mailer.ts';

const { lines, sink } = logLines();

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ mail: true, logLevel: 'trace', logTo: sink });
});
afterAll(async () => t?.stop());

/** What another app node would build its outcome forms from: the same database, its own mailer. */
const deps = (): OutcomeFormsDeps => {
  const o = t.services.outcomes;
  return { requests: o.requests, store: o.store, repos: t.services.repos, outcomes: o.outcomes, mailer: null, links: t.services.links, clock: t.clock, log: () => undefined };
};

const linkOf = (m: MailMessage) => /\/outcome-form\/([\w-]{43})/.exec(m.text)?.[1] ?? null;
const mailsTo = (u: TestUser) => t.outbox.filter((m) => m.to === u.email);

/** A duo with its coordinator logged in; `locale` is the mentee's. */
async function setting(names: { organisation: string; mentor: string; mentee: string; coordinator: string; locale?: 'fr' | 'nl' | 'en' }) {
  const s = await createDuoSetting(t.services, { ...names, programme: `Duo ${names.organisation} 2026` });
  const coordinator = await addMember(t.services, s.orgId, 'coordinator', { name: names.coordinator });
  return { ...s, coordinator, cc: await loginAs(t.url, coordinator) };
}

/** Sessions expire when the clock moves months ahead: log in again. */
const again = (u: TestUser) => loginAs(t.url, u);

const end = (cc: TestClient, duoId: string, status: 'completed' | 'ended_early' = 'completed') =>
  cc.patch(`/api/duos/${duoId}`, status === 'ended_early' ? { status, endReason: 'Déménagement à Liège' } : { status });

describe('coordinators record outcomes', () => {
  it('records the end once the duo ended, replaces it keeping the previous with dates and who, and lists it', async () => {
    const s = await setting({ organisation: 'Duo for a Job Bruxelles', mentor: 'Marc Dubois', mentee: 'Fatima Zahra El Idrissi', coordinator: 'Nathalie Claes' });
    const path = `/api/duos/${s.duo.id}/outcomes/end`;
    const job = { situation: 'job', contractType: 'fixed_term', date: '2026-11-02' };
    // Not ended yet: nothing to record at its end.
    expect((await s.cc.post(path, job)).status).toBe(409);
    expect((await end(s.cc, s.duo.id)).status).toBe(200);

    const first = await s.cc.post(path, { situation: 'training', date: '2026-10-15' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ moment: 'end', situation: 'training', contractType: null, source: 'coordinator', recordedByName: 'Nathalie Claes' });
    t.clock.advance(DAY);
    const second = await s.cc.post(path, job);
    expect(second.body).toMatchObject({ situation: 'job', contractType: 'fixed_term', date: '2026-11-02' });

    const list = await s.cc.get(`/api/duos/${s.duo.id}/outcomes`);
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0].id).toBe(first.body.id);
    const stored = (await t.services.outcomes.store.outcomes.findById(toId(first.body.id)).lean().exec())!;
    expect(stored.history).toHaveLength(1);
    expect(stored.history[0]).toMatchObject({ situation: 'training', date: '2026-10-15', source: 'coordinator' });
    expect(String(stored.history[0].recordedBy)).toBe(s.coordinator.id);
    expect(stored.history[0].recordedAt.toISOString()).toBe(first.body.recordedAt);
    expect(stored.recordedAt.getTime()).toBeGreaterThan(stored.history[0].recordedAt.getTime());
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const s = await setting({ organisation: 'MentorYou Gent', mentor: 'Pieter Janssens', mentee: 'Yusuf Demir', coordinator: 'Els Peeters' });
    await end(s.cc, s.duo.id, 'ended_early');
    const path = `/api/duos/${s.duo.id}/outcomes/end`;
    const cases: [unknown, string | null][] = [
      [{ situation: 'training', contractType: 'permanent', date: '2026-10-01' }, 'contractType'],
      [{ situation: 'job', date: '2026-02-30' }, 'date'],
      [{ situation: 'astronaut', date: '2026-10-01' }, 'situation'],
      [{ situation: 'job', date: '2026-10-01', note: 'x' }, 'note'],
      [{ situation: { $gt: '' }, date: '2026-10-01' }, null]
    ];
    for (const [body, field] of cases) {
      const r = await s.cc.post(path, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      if (field) expect(r.body.error.field).toBe(field);
    }
    expect((await s.cc.post(`/api/duos/${s.duo.id}/outcomes/month_3`, { situation: 'job', date: '2026-10-01' })).status).toBe(400);
    // The 6-month moment is not due before six months.
    expect((await s.cc.post(`/api/duos/${s.duo.id}/outcomes/month_6`, { situation: 'searching', date: '2026-10-01' })).status).toBe(409);
    expect((await s.cc.get(`/api/duos/${s.duo.id}/outcomes`)).body).toEqual([]);
  });

  it('keeps why a duo stopped early as a code funders can count, with or without words', async () => {
    const s = await setting({ organisation: 'Duo for a Job Namur', mentor: 'Julien Collard', mentee: 'Fatou Ndiaye', coordinator: 'Sophie Henrard' });
    const path = `/api/duos/${s.duo.id}`;
    expect((await s.cc.patch(path, { status: 'ended_early' })).body.error.field).toBe('endReason');
    expect((await s.cc.patch(path, { status: 'ended_early', endReasonCode: 'bored' })).body.error.field).toBe('endReasonCode');
    expect((await s.cc.get(path)).body.status).toBe('active');
    const ended = await s.cc.patch(path, { status: 'ended_early', endReasonCode: 'found_job' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'ended_early', endReasonCode: 'found_job' });
    expect(ended.body.endReason).toBeUndefined();
  });

  it('lists the moments due in the programme, recorded or still to record', async () => {
    const s = await setting({ organisation: 'Team4Job Schaerbeek', mentor: 'Sophie Lambert', mentee: 'Ibrahim Diallo', coordinator: 'Julie Mertens' });
    const path = `/api/programmes/${s.programme.id}/outcomes-due`;
    expect((await s.cc.get(path)).body).toEqual([]);
    await end(s.cc, s.duo.id);
    let due = (await s.cc.get(path)).body;
    expect(due).toMatchObject([{ duoId: s.duo.id, moment: 'end', menteeName: 'Ibrahim Diallo', mentorName: 'Sophie Lambert', outcome: null }]);
    await s.cc.post(`/api/duos/${s.duo.id}/outcomes/end`, { situation: 'internship', date: '2026-12-01' });
    t.clock.advance(183 * DAY);
    due = (await (await again(s.coordinator)).get(path)).body;
    expect(due.map((d: { moment: string; outcome: unknown }) => [d.moment, d.outcome !== null])).toEqual([
      ['end', true],
      ['month_6', false]
    ]);
    t.clock.advance(-183 * DAY);
  });

  it('shows "Deleted user" for a coordinator who erased their account, never their name', async () => {
    const s = await setting({ organisation: 'Backstage Network Mechelen', mentor: 'Tom Wouters', mentee: 'Aïcha Bakkali', coordinator: 'Griet Vermeulen' });
    await end(s.cc, s.duo.id);
    await s.cc.post(`/api/duos/${s.duo.id}/outcomes/end`, { situation: 'volunteering', date: '2026-09-01' });
    expect((await s.cc.delete('/api/me', { password: PASSWORD })).status).toBe(204);
    const admin = await loginAs(t.url, (await t.services.repos.users.findByIds([(await t.services.repos.memberships.listActive(toId(s.orgId), { role: 'admin' }))[0].userId]).then((u) => ({ email: u[0].email, password: PASSWORD }))));
    const list = (await admin.get(`/api/duos/${s.duo.id}/outcomes`)).body;
    expect(list[0].recordedByName).toBe('Deleted user');
    expect(JSON.stringify(list)).not.toContain('Griet');
  });
});

describe("the mentee's emailed form", () => {
  it('is sent once when the duo ends (not before), in the mentee’s language, and answers once', async () => {
    const s = await setting({ organisation: 'Duo for a Job Antwerpen', mentor: 'Jan De Smet', mentee: 'Amira Haddad', coordinator: 'Lotte Willems', locale: 'nl' });
    await t.services.outcomes.forms.run();
    expect(mailsTo(s.mentee)).toHaveLength(0); // still running: no end yet, and six months are far
    await end(s.cc, s.duo.id);
    await t.services.outcomes.forms.run();
    await t.services.outcomes.forms.run();
    const mails = mailsTo(s.mentee);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain('Duo for a Job Antwerpen');
    expect(mails[0].text).toContain('Hallo Amira');
    const token = linkOf(mails[0])!;
    expect(token).toBeTruthy();

    const anon = new TestClient(t.url);
    const form = await anon.get(`/api/outcome-forms/by-token/${token}`);
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ moment: 'end', locale: 'nl', firstName: 'Amira', organisationName: 'Duo for a Job Antwerpen' });
    expect(JSON.stringify(form.body)).not.toContain('Jan');

    // Wrong, tampered and malformed tokens.
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await anon.get(`/api/outcome-forms/by-token/${tampered}`)).status).toBe(410);
    expect((await anon.post(`/api/outcome-forms/by-token/${'x'.repeat(43)}`, { situation: 'job', date: '2026-11-01' })).status).toBe(410);
    expect((await anon.get(`/api/outcome-forms/by-token/short`)).status).toBe(400);
    // A bad answer uses nothing up.
    expect((await anon.post(`/api/outcome-forms/by-token/${token}`, { situation: 'job', date: 'tomorrow' })).status).toBe(400);

    const answered = await anon.post(`/api/outcome-forms/by-token/${token}`, { situation: 'job', contractType: 'permanent', date: '2026-11-01' });
    expect(answered.status).toBe(204);
    expect((await anon.post(`/api/outcome-forms/by-token/${token}`, { situation: 'searching', date: '2026-11-01' })).status).toBe(410);
    expect((await anon.get(`/api/outcome-forms/by-token/${token}`)).status).toBe(410);
    const list = (await s.cc.get(`/api/duos/${s.duo.id}/outcomes`)).body;
    expect(list).toMatchObject([{ moment: 'end', situation: 'job', contractType: 'permanent', source: 'mentee_form', recordedByName: null }]);
    const due = (await s.cc.get(`/api/programmes/${s.programme.id}/outcomes-due`)).body;
    expect(due[0].formSentAt).not.toBeNull();

    // The token never reaches the logs.
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.includes(token))).toEqual([]);
    expect(lines.some((l) => l.includes('/outcome-forms/by-token/…'))).toBe(true);
  });

  it('expires, is not sent when a coordinator already recorded, and sends 6 and 12 months after the start', async () => {
    const s = await setting({ organisation: 'MentorYou Liège', mentor: 'Luc Renard', mentee: 'Chloé Martin', coordinator: 'Anne Dupont' });
    await end(s.cc, s.duo.id);
    await t.services.outcomes.forms.run();
    const token = linkOf(mailsTo(s.mentee)[0])!;
    const start = t.clock.now().getTime();
    t.clock.advance(31 * DAY);
    expect((await new TestClient(t.url).get(`/api/outcome-forms/by-token/${token}`)).status).toBe(410);
    expect((await new TestClient(t.url).post(`/api/outcome-forms/by-token/${token}`, { situation: 'training', date: '2026-12-01' })).status).toBe(410);

    // Six months after the start: recorded by the coordinator first, so no email for it.
    t.clock.set(start + 184 * DAY);
    expect((await (await again(s.coordinator)).post(`/api/duos/${s.duo.id}/outcomes/month_6`, { situation: 'searching', date: '2027-01-02' })).status).toBe(200);
    await t.services.outcomes.forms.run();
    expect(mailsTo(s.mentee)).toHaveLength(1);
    // Twelve months: emailed.
    t.clock.set(start + 367 * DAY);
    await t.services.outcomes.forms.run();
    expect(mailsTo(s.mentee)).toHaveLength(2);
    expect(mailsTo(s.mentee)[1].text).toContain('il y a un an');
    t.clock.set(start);
  });

  it('is sent once when several nodes run at the same moment', async () => {
    const names = ['Noah Peeters', 'Emma Jacobs', 'Louis Lejeune', 'Sarah Cohen'];
    const s = await setting({ organisation: 'Backstage Network Brussel', mentor: 'Bart Maes', mentee: 'Olivia Simon', coordinator: 'Hanne Goossens' });
    const mentees = [s.mentee];
    for (const n of names) {
      const mentor = await addMember(t.services, s.orgId, 'mentor', { name: `Mentor of ${n}`, programmeIds: [s.programme.id] });
      const mentee = await addMember(t.services, s.orgId, 'mentee', { name: n, programmeIds: [s.programme.id] });
      const duo = await createDuo(t.services, s.programme.id, mentor.id, mentee.id);
      await end(s.cc, duo.id, 'ended_early');
      mentees.push(mentee);
    }
    await end(s.cc, s.duo.id);
    // Four "nodes": each its own OutcomeForms and mailer over the same database, run together.
    const outboxes: MailMessage[][] = [];
    const nodes = [0, 1, 2, 3].map(() => {
      const outbox: MailMessage[] = [];
      outboxes.push(outbox);
      return new OutcomeForms({ ...deps(), mailer: { send: async (m) => void outbox.push(m) } });
    });
    await Promise.all([...nodes.map((n) => n.run()), ...nodes.map((n) => n.run())]);
    const all = outboxes.flat().filter((m) => mentees.some((u) => u.email === m.to));
    expect(all.map((m) => m.to).sort()).toEqual(mentees.map((u) => u.email).sort());
  });

  it('gives the claim back when sending fails, and sends at the next run', async () => {
    const s = await setting({ organisation: 'Duo for a Job Gent', mentor: 'Koen Claes', mentee: 'Mariam Aziz', coordinator: 'Sien De Vos' });
    await end(s.cc, s.duo.id);
    const svc = t.services;
    const logs: string[] = [];
    const failing = new OutcomeForms({ ...deps(), mailer: { send: async () => Promise.reject(new Error('SMTP down')) }, log: (m) => void logs.push(m) });
    await failing.run();
    expect(logs.some((l) => l.includes('could not be emailed'))).toBe(true);
    expect(mailsTo(s.mentee)).toHaveLength(0);
    await svc.outcomes.forms.run();
    expect(mailsTo(s.mentee)).toHaveLength(1);
  });

  it('stops working once the mentee erased their account; the outcome stays without their name', async () => {
    const s = await setting({ organisation: 'Team4Job Anderlecht', mentor: 'Olivier Leroy', mentee: 'Kenza Amrani', coordinator: 'Camille Dumont' });
    await end(s.cc, s.duo.id);
    await s.cc.post(`/api/duos/${s.duo.id}/outcomes/end`, { situation: 'job', contractType: 'subsidised', date: '2026-10-20' });
    // The coordinator recorded the end: wait six months for a form to be emailed.
    const start = t.clock.now().getTime();
    t.clock.set(start + 184 * DAY);
    await t.services.outcomes.forms.run();
    const token = linkOf(mailsTo(s.mentee)[0])!;
    const mc = await loginAs(t.url, s.mentee);
    expect((await mc.delete('/api/me', { password: PASSWORD })).status).toBe(204);
    s.cc = await again(s.coordinator);
    expect((await new TestClient(t.url).get(`/api/outcome-forms/by-token/${token}`)).status).toBe(410);
    expect((await new TestClient(t.url).post(`/api/outcome-forms/by-token/${token}`, { situation: 'job', date: '2027-01-01' })).status).toBe(410);
    const list = (await s.cc.get(`/api/duos/${s.duo.id}/outcomes`)).body;
    expect(list).toMatchObject([{ moment: 'end', situation: 'job', contractType: 'subsidised' }]);
    const due = (await s.cc.get(`/api/programmes/${s.programme.id}/outcomes-due`)).body;
    expect(JSON.stringify(due)).not.toContain('Kenza');
    // No more forms for an erased person.
    t.clock.set(start + 367 * DAY);
    const before = t.outbox.length;
    await t.services.outcomes.forms.run();
    expect(t.outbox.slice(before).filter((m) => m.to.includes('kenza'))).toEqual([]);
    t.clock.set(start);
  });
});

describe('reporting fields', () => {
  it('are configured by staff, validated, answered, changed and cleared by the mentee, exported and erased', async () => {
    const s = await setting({ organisation: 'Mentoring Brussels Nord', mentor: 'David Lefèvre', mentee: 'Samira Ouali', coordinator: 'Inès Moreau' });
    const fieldsPath = `/api/organisations/${s.orgId}/reporting-fields`;
    const initial = await s.cc.get(fieldsPath);
    expect(initial.body.map((f: { enabled: boolean }) => f.enabled)).toEqual([false, false, false, false, false]);

    const bad: [unknown, string][] = [
      [{ fields: [{ field: 'ageBand', enabled: true, options: [{ code: 'x', label: 'X' }] }] }, 'fields.0.options'],
      [{ fields: [{ field: 'region', enabled: true, options: [] }] }, 'fields.0.options'],
      [{ fields: [{ field: 'region', enabled: true, options: [{ code: 'Bad Code', label: 'B' }] }] }, 'fields.0.options.0.code'],
      [{ fields: [{ field: 'shoeSize', enabled: true }] }, 'fields.0.field'],
      [{ fields: [{ field: 'region', enabled: true, options: [{ code: 'bxl', label: 'A' }, { code: 'bxl', label: 'B' }] }] }, 'fields.0.options']
    ];
    for (const [body, field] of bad) {
      const r = await s.cc.patch(fieldsPath, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.field).toBe(field);
    }
    expect((await s.cc.get(fieldsPath)).body).toEqual(initial.body);

    const regions = [
      { code: 'bru', label: 'Région de Bruxelles-Capitale' },
      { code: 'wal', label: 'Wallonie' }
    ];
    const saved = await s.cc.patch(fieldsPath, {
      fields: [
        { field: 'ageBand', enabled: true },
        { field: 'region', enabled: true, options: regions }
      ]
    });
    expect(saved.status).toBe(200);
    expect(saved.body.find((f: { field: string }) => f.field === 'region')).toEqual({ field: 'region', enabled: true, options: regions });

    const mc = await loginAs(t.url, s.mentee);
    const membership = (await t.services.repos.memberships.findByOrgAndUser(toId(s.orgId), toId(s.mentee.id)))!;
    const mine = `/api/organisations/${s.orgId}/members/${String(membership._id)}/reporting`;
    const form = await mc.get(mine);
    expect(form.status).toBe(200);
    expect(form.body.fields.map((f: { field: string }) => f.field)).toEqual(['ageBand', 'region']);
    expect(form.body.answers).toEqual({});

    expect((await mc.patch(mine, { answers: { region: 'fla' } })).body.error.field).toBe('answers.region');
    expect((await mc.patch(mine, { answers: { gender: 'woman' } })).body.error.field).toBe('answers.gender');
    expect((await mc.patch(mine, { answers: { ageBand: '99' } })).body.error.field).toBe('answers.ageBand');
    expect((await mc.patch(mine, { answers: { height: '1' } })).status).toBe(400);

    const answered = await mc.patch(mine, { answers: { ageBand: '26_35', region: 'bru' } });
    expect(answered.status).toBe(200);
    expect(answered.body.answers).toEqual({ ageBand: '26_35', region: 'bru' });
    const cleared = await mc.patch(mine, { answers: { region: null } });
    expect(cleared.body.answers).toEqual({ ageBand: '26_35' });
    // A coordinator records for a mentee who asks.
    expect((await s.cc.patch(mine, { answers: { region: 'wal' } })).body.answers).toEqual({ ageBand: '26_35', region: 'wal' });

    // The person's own listing covers them.
    const exported = await mc.get('/api/me/reporting');
    expect(exported.body).toMatchObject([{ organisationName: 'Mentoring Brussels Nord', answers: { ageBand: '26_35', region: 'wal' } }]);

    // Erasure removes the answers.
    const store = t.services.outcomes.store;
    expect(await store.reportingProfiles.countDocuments({ userId: toId(s.mentee.id) })).toBe(1);
    expect((await mc.delete('/api/me', { password: PASSWORD })).status).toBe(204);
    expect(await store.reportingProfiles.countDocuments({ userId: toId(s.mentee.id) })).toBe(0);
  });

  it('go when the mentee is removed from the organisation, and so does their open form', async () => {
    const s = await setting({ organisation: 'Team4Job Molenbeek', mentor: 'Hugo Lambert', mentee: 'Rania Cherkaoui', coordinator: 'Elise Pirard' });
    await s.cc.patch(`/api/organisations/${s.orgId}/reporting-fields`, { fields: [{ field: 'gender', enabled: true }] });
    const membership = (await t.services.repos.memberships.findByOrgAndUser(toId(s.orgId), toId(s.mentee.id)))!;
    const path = `/api/organisations/${s.orgId}/members/${String(membership._id)}`;
    const mc = await loginAs(t.url, s.mentee);
    expect((await mc.patch(`${path}/reporting`, { answers: { gender: 'woman' } })).status).toBe(200);
    await end(s.cc, s.duo.id);
    await t.services.outcomes.forms.run();
    const token = linkOf(mailsTo(s.mentee)[0])!;
    expect((await new TestClient(t.url).get(`/api/outcome-forms/by-token/${token}`)).status).toBe(200);

    expect((await s.cc.delete(path)).status).toBe(204);
    expect(await t.services.outcomes.store.reportingProfiles.countDocuments({ userId: toId(s.mentee.id) })).toBe(0);
    expect((await new TestClient(t.url).get(`/api/outcome-forms/by-token/${token}`)).status).toBe(410);
  });

  it('have no answers for mentors', async () => {
    const s = await setting({ organisation: 'Duo for a Job Charleroi', mentor: 'Vincent Hubert', mentee: 'Nadia Rahmani', coordinator: 'Laura Jacquet' });
    const mentorClient = await loginAs(t.url, s.mentor);
    const mentorMembership = (await t.services.repos.memberships.findByOrgAndUser(toId(s.orgId), toId(s.mentor.id)))!;
    expect((await mentorClient.get(`/api/organisations/${s.orgId}/members/${String(mentorMembership._id)}/reporting`)).status).toBe(403);
    expect((await mentorClient.get('/api/me/reporting')).body).toEqual([]);
  });
});
