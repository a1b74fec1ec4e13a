// The umbrella view (issue 13, point 5): anonymised statistics across the organisations of an instance for a role
// that sees no individual data. Every figure is checked for a known setup, with cells of 4 hidden and of 5 shown,
// and no hidden cell can be found again by subtraction from a total.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UmbrellaFigures, UmbrellaView } from '../../src/lib/shared/reports/partners.ts';
import { TestClient } from '../helpers/client.ts';
import { toId } from '../../server/data/models.ts';
import { addMember, createDuo, createOrganisation, createProgramme, createUser, loginAs, PASSWORD } from '../helpers/factories.ts';
import { endDuo, endOutcome, heldMeeting } from '../helpers/partner-factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { OutcomeSituation } from '../../src/lib/shared/reports/outcomes.ts';

let t: TestServer;
let instanceAdmin: TestClient;
let viewer: TestClient;
let orgA: string;
let duoA: string;
const names: string[] = [];

/** `count` duos in a new programme of the organisation, each with its own mentor and mentee. */
async function duos(orgId: string, count: number, label: string): Promise<string[]> {
  const s = t.services;
  const p = await createProgramme(s, orgId, { name: `Cohorte ${label}` });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const mentor = await addMember(s, orgId, 'mentor', { name: `Mentor ${label} ${i}`, programmeIds: [p.id] });
    const mentee = await addMember(s, orgId, 'mentee', { name: `Mentoré ${label} ${i}`, programmeIds: [p.id] });
    names.push(`Mentor ${label} ${i}`, `Mentoré ${label} ${i}`);
    ids.push((await createDuo(s, p.id, mentor.id, mentee.id)).id);
  }
  return ids;
}

async function outcomes(ids: string[], situation: OutcomeSituation) {
  for (const id of ids) await endOutcome(t, id, situation);
}

beforeAll(async () => {
  t = await startTestServer();
  const s = t.services;
  const a = await createOrganisation(s, 'Duo pour l’Emploi Bruxelles');
  const b = await createOrganisation(s, 'Mentoring Gent');
  await createOrganisation(s, 'Team4Job Liège');
  orgA = a.id;
  // A: 16 duos — 6 running (each 2 meetings of an hour), 5 completed (all in a job), 5 ended early
  // (4 in training, 1 still searching).
  const inA = await duos(a.id, 16, 'A');
  duoA = inA[0];
  for (const id of inA.slice(0, 6)) {
    const mentorId = String((await s.repos.duos.findById(toId(id)))!.mentorId);
    await heldMeeting(s, id, mentorId, { minutes: 60, daysAgo: 12 });
    await heldMeeting(s, id, mentorId, { minutes: 60, daysAgo: 3 });
  }
  for (const id of inA.slice(6, 11)) await endDuo(s, id, 'completed');
  for (const id of inA.slice(11)) await endDuo(s, id, 'ended_early');
  await outcomes(inA.slice(6, 11), 'job');
  await outcomes(inA.slice(11, 15), 'training');
  await outcomes(inA.slice(15), 'searching');
  // B: 5 duos — 4 running (one meeting of 45 minutes each), 1 completed (in a job).
  const inB = await duos(b.id, 5, 'B');
  for (const id of inB.slice(0, 4)) {
    const mentorId = String((await s.repos.duos.findById(toId(id)))!.mentorId);
    await heldMeeting(s, id, mentorId, { minutes: 45 });
  }
  await endDuo(s, inB[4], 'completed');
  await outcomes([inB[4]], 'job');

  const admin = await createUser(s, { name: 'Hélène Marchal', isInstanceAdmin: true });
  instanceAdmin = await loginAs(t.url, admin);
  const federation = await createUser(s, { name: 'Koen Verstraete' });
  expect((await instanceAdmin.post('/api/umbrella/viewers', { email: federation.email, enabled: true })).status).toBe(200);
  viewer = await loginAs(t.url, federation);
});
afterAll(async () => t?.stop());

const none = { job: 0, training: 0, internship: 0, volunteering: 0, searching: 0, unknown: 0 };

describe('umbrella view', () => {
  it('shows every figure computed from 5 people or more, and hides the rest and what would reveal them', async () => {
    const r = await viewer.get('/api/umbrella/statistics');
    expect(r.status).toBe(200);
    const v = r.body as UmbrellaView;
    expect(v.minCellSize).toBe(5);
    const by = Object.fromEntries(v.organisations.map((o) => [o.name, o.figures]));
    // B: 5 duos formed are shown; 4 running and 1 completed are hidden; none ended early (a zero is about nobody).
    expect(by['Mentoring Gent']).toEqual<UmbrellaFigures>({
      duosFormed: 5,
      duosActive: null,
      duosCompleted: null,
      duosEndedEarly: 0,
      completionRate: null,
      meetingsHeld: null, // 4 duos met
      mentoringHours: null,
      outcomesRecorded: null,
      outcomes: { ...none, job: null }
    });
    // A's own cells are all 5 or more, but B's hidden ones could be found from the totals through A's running,
    // completed, meetings and outcomes: those of A are hidden too (complementary suppression).
    expect(by['Duo pour l’Emploi Bruxelles']).toEqual<UmbrellaFigures>({
      duosFormed: 16,
      duosActive: null,
      duosCompleted: null,
      duosEndedEarly: 5,
      completionRate: null,
      meetingsHeld: null,
      mentoringHours: null,
      outcomesRecorded: null,
      outcomes: { ...none, job: null, training: null, searching: null }
    });
    expect(by['Team4Job Liège']).toEqual<UmbrellaFigures>({
      duosFormed: 0,
      duosActive: 0,
      duosCompleted: 0,
      duosEndedEarly: 0,
      completionRate: null,
      meetingsHeld: 0,
      mentoringHours: 0,
      outcomesRecorded: 0,
      outcomes: none
    });
    // The totals: 21 duos, 10 running, 6 completed, 5 ended early (6 / 11 completed); 16 meetings of 10 duos,
    // 12 h + 3 h; 11 outcomes, of which 6 in a job; training (4) and searching (1) stay hidden.
    expect(v.total).toEqual<UmbrellaFigures>({
      duosFormed: 21,
      duosActive: 10,
      duosCompleted: 6,
      duosEndedEarly: 5,
      completionRate: 0.545,
      meetingsHeld: 16,
      mentoringHours: 15,
      outcomesRecorded: 11,
      outcomes: { ...none, job: 6, training: null, searching: null }
    });
  });

  it('leaves nothing under 5 to find by subtracting shown cells from a shown total', async () => {
    const v = (await viewer.get('/api/umbrella/statistics')).body as UmbrellaView;
    // The true counts, to compute what an attacker could derive from what is shown.
    const truth: Record<string, Record<string, number>> = {
      'Duo pour l’Emploi Bruxelles': { duosFormed: 16, duosActive: 6, duosCompleted: 5, duosEndedEarly: 5 },
      'Mentoring Gent': { duosFormed: 5, duosActive: 4, duosCompleted: 1, duosEndedEarly: 0 },
      'Team4Job Liège': { duosFormed: 0, duosActive: 0, duosCompleted: 0, duosEndedEarly: 0 }
    };
    const keys = ['duosFormed', 'duosActive', 'duosCompleted', 'duosEndedEarly'] as const;
    for (const k of keys) {
      const shown = v.organisations.filter((o) => o.figures[k] !== null).reduce((s, o) => s + o.figures[k]!, 0);
      const residual = v.total[k]! - shown;
      expect(residual === 0 || residual >= 5, `${k}: ${residual}`).toBe(true);
    }
    for (const o of v.organisations) {
      const f = o.figures;
      const parts = (['duosActive', 'duosCompleted', 'duosEndedEarly'] as const).filter((k) => f[k] !== null);
      const residual = truth[o.name].duosFormed - parts.reduce((s, k) => s + f[k]!, 0);
      expect(residual === 0 || residual >= 5, `${o.name}: ${residual}`).toBe(true);
    }
  });

  it('holds no name, no email and no person id', async () => {
    const json = JSON.stringify((await viewer.get('/api/umbrella/statistics')).body);
    for (const name of names) expect(json).not.toContain(name);
    expect(json).not.toContain('@example.org');
  });

  it('gives the umbrella role nothing individual anywhere', async () => {
    expect((await viewer.get('/api/organisations')).body).toEqual([]);
    for (const path of [
      `/api/organisations/${orgA}`,
      `/api/organisations/${orgA}/members`,
      `/api/organisations/${orgA}/programmes`,
      `/api/organisations/${orgA}/companies`,
      `/api/organisations/${orgA}/workshops`,
      `/api/duos/${duoA}`,
      `/api/duos/${duoA}/cv/versions`,
      `/api/duos/${duoA}/meetings`,
      `/api/duos/${duoA}/journal`
    ]) {
      expect((await viewer.get(path)).status, path).toBe(404);
    }
    expect((await viewer.get('/api/duos')).body).toEqual([]);
    // Nor may it give the role to anyone.
    expect((await viewer.get('/api/umbrella/viewers')).status).toBe(403);
  });

  it('is given and taken by the instance admin only; a new address gets an account and a link to choose a password', async () => {
    const coordinator = await loginAs(t.url, await addMember(t.services, orgA, 'coordinator', { name: 'Inès Lambert' }));
    expect((await coordinator.get('/api/umbrella/statistics')).status).toBe(403);
    expect((await coordinator.post('/api/umbrella/viewers', { email: 'x@example.org', enabled: true })).status).toBe(403);

    const noName = await instanceAdmin.post('/api/umbrella/viewers', { email: 'mentoring.belgium@example.org', enabled: true });
    expect(noName.status).toBe(400);
    expect(noName.body.error.field).toBe('name');
    expect((await instanceAdmin.post('/api/umbrella/viewers', { email: 'nobody@example.org', enabled: false })).status).toBe(404);
    expect((await instanceAdmin.post('/api/umbrella/viewers', { email: 'not an address', enabled: true })).status).toBe(400);

    const made = await instanceAdmin.post('/api/umbrella/viewers', { email: 'mentoring.belgium@example.org', name: 'Mentoring Belgium', enabled: true });
    expect(made.status).toBe(200);
    const token = String(made.body.setPasswordUrl).split('/').pop();
    expect((await new TestClient(t.url).post('/api/auth/reset', { token, password: PASSWORD })).status).toBe(204);
    const federation = await loginAs(t.url, { email: 'mentoring.belgium@example.org', password: PASSWORD });
    expect((await federation.get('/api/umbrella/statistics')).status).toBe(200);
    expect((await federation.get('/api/me')).body.user.isUmbrellaViewer).toBe(true);
    expect(((await instanceAdmin.get('/api/umbrella/viewers')).body as { name: string }[]).map((u) => u.name)).toEqual(['Koen Verstraete', 'Mentoring Belgium']);

    expect((await instanceAdmin.post('/api/umbrella/viewers', { email: 'mentoring.belgium@example.org', enabled: false })).status).toBe(200);
    expect((await federation.get('/api/umbrella/statistics')).status).toBe(403);
  });
});
