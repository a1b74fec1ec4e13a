// THE AUTHORISATION MATRIX. For every route of the registry, a user of each role in the right organisation,
// programme and duo, in another programme/duo of the same organisation, and in another organisation, with the
// expected status. The first test compares the table's keys with the registry: a route added without a row
// here (or a row left for a route that is gone) fails the suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../helpers/client.ts';
import { addMember, createDuo, createOrganisation, createProgramme, createUser, invite, loginAs, PASSWORD, uniqueEmail, type TestUser } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { toId } from '../../server/data/models.ts';
import { workshopBody } from '../../src/lib/shared/workshops/schemas.ts';
import { newToken, sha256 } from '../../server/domain/tokens.ts';

const ACTORS = [
  'anon',
  'admin', // admin of organisation A
  'coordinator', // coordinator of A
  'mentor', // mentor of duo D in programme P of A
  'mentee', // mentee of duo D
  'otherMentor', // mentor in A, in programme P2 with duo D2 (another programme and duo, same organisation)
  'otherMentee', // mentee of D2
  'foreignAdmin', // admin of organisation B
  'foreignCoordinator',
  'foreignMentor',
  'foreignMentee',
  'instanceAdmin', // administers the instance, member of neither A nor B
  'companyContact', // contact of partner company C of A (C lends D's mentor)
  'umbrella' // the umbrella role of the instance, member of no organisation
] as const;
type ActorName = (typeof ACTORS)[number];
type Expect = Record<ActorName, number>;

/**
 * Expected statuses by group; `others` are A's mentor and mentee outside P/D, `foreign` all of B. The company
 * contact meets 404 on everything of A but its own company's figures (`contact`); the umbrella role is a
 * stranger to every organisation (`umbrella`, by default as `foreign`).
 */
function x(g: {
  anon?: number;
  staff: number;
  people: number;
  others?: number;
  foreign?: number;
  instanceAdmin?: number;
  admin?: number;
  coordinator?: number;
  contact?: number;
  umbrella?: number;
}): Expect {
  const others = g.others ?? g.people;
  const foreign = g.foreign ?? 404;
  return {
    anon: g.anon ?? 401,
    admin: g.admin ?? g.staff,
    coordinator: g.coordinator ?? g.staff,
    mentor: g.people,
    mentee: g.people,
    otherMentor: others,
    otherMentee: others,
    foreignAdmin: foreign,
    foreignCoordinator: foreign,
    foreignMentor: foreign,
    foreignMentee: foreign,
    instanceAdmin: g.instanceAdmin ?? foreign,
    companyContact: g.contact ?? 404,
    umbrella: g.umbrella ?? foreign
  };
}
const all = (status: number, anon = status): Expect => ({ ...x({ staff: status, people: status, foreign: status, instanceAdmin: status, contact: status }), anon });

interface Fixture {
  t: TestServer;
  orgA: string;
  orgB: string;
  p: string;
  p2: string;
  duo: string;
  /** Partner company C of A (the mentor of D volunteers through it), and C2 of A. */
  company: string;
  company2: string;
  users: Record<Exclude<ActorName, 'anon'>, TestUser & { membershipId?: string }>;
}
interface Req {
  method?: string;
  path: string;
  body?: unknown;
  /** Use a new session of the actor (the call ends or replaces the session). */
  fresh?: boolean;
}
interface Case {
  label: string;
  req: (f: Fixture) => Promise<Req> | Req;
  expect: Expect;
}

/** A saved version of D's CV, made by its mentor. */
const version = async (f: Fixture) => {
  const duo = (await f.t.services.repos.duos.findById(toId(f.duo)))!;
  return (await f.t.services.cv.saveVersion(duo, f.users.mentor.id, 'Version')).id;
};

/** A meeting of D, planned by its mentor; `past`: it started yesterday (so it may be marked held or missed). */
const meeting = async (f: Fixture, past = false) => {
  const duo = (await f.t.services.repos.duos.findById(toId(f.duo)))!;
  const day = new Date(f.t.clock.now().getTime() + (past ? -1 : 7) * 86_400_000).toISOString().slice(0, 10);
  const input = { date: day, time: '10:00', durationMinutes: 60, mode: 'in_person' as const, place: 'Maison de quartier Molenbeek' };
  return (await f.t.services.meetings.meetings.schedule(duo, f.users.mentor.id, input)).id;
};
/** One meeting of D for the rows that leave it planned (a duo keeps at most 100: fresh ones only where needed). */
let shared: Promise<string> | null = null;
const sharedMeeting = (f: Fixture) => (shared ??= meeting(f));
const MEETING = { date: '2027-01-12', time: '18:00', durationMinutes: 60, mode: 'video', videoUrl: 'https://meet.jit.si/duo-d' };

/** A fresh mentee membership of A, for routes that change or remove the member they act on. */
const freshMentee = async (f: Fixture) => addMember(f.t.services, f.orgA, 'mentee', { programmeIds: [f.p] });

/** A planned workshop of A in programme P, with D's mentor and mentee invited. */
const workshop = async (f: Fixture, extra: string[] = []) => {
  const s = f.t.services;
  const input = workshopBody.parse({ title: 'Atelier CV', startsAt: '2026-12-10T09:30:00.000Z', locale: 'fr', programmeId: f.p, templateId: 'cv_strengths' });
  const w = await s.workshops.create(toId(f.orgA), input, f.users.coordinator.id);
  return s.workshops.addParticipants(w, { userIds: [f.users.mentor.id, f.users.mentee.id, ...extra] });
};
const workshopId = async (f: Fixture) => String((await workshop(f))._id);
/** The same, started and ended at once. */
const endedWorkshop = async (f: Fixture) => {
  const s = f.t.services;
  const w = await workshop(f);
  await s.workshopLive.start(w);
  await s.workshopLive.end(await s.workshops.load(w._id));
  return String(w._id);
};

/** A one-use outcome form link for a fresh ended duo of P (with D's mentor), as the emailed form would carry. */
const formToken = async (f: Fixture) => {
  const s = f.t.services;
  const mentee = await freshMentee(f);
  const view = await createDuo(s, f.p, f.users.mentor.id, mentee.id);
  const duo = (await s.repos.duos.findById(toId(view.id)))!;
  await s.duos.update(duo, 'completed');
  const token = newToken();
  const now = f.t.clock.now();
  await s.outcomes.requests.claim({ organisationId: duo.organisationId, duoId: duo._id, menteeId: duo.menteeId, moment: 'end', tokenHash: sha256(token), sentAt: now, expiresAt: new Date(now.getTime() + 86_400_000), usedAt: null });
  return token;
};

const ROWS: Record<string, Case[]> = {
  'GET /health': [{ label: 'health', req: () => ({ path: '/api/health' }), expect: all(200) }],
  'GET /setup': [{ label: 'setup needed?', req: () => ({ path: '/api/setup' }), expect: all(200) }],
  'POST /setup': [
    {
      label: 'setup once set up',
      req: () => ({ path: '/api/setup', body: { setupCode: 'ABCDE-FGHJK-MNPQR-STVWX', organisationName: 'X', name: 'X', email: uniqueEmail(), password: PASSWORD, locale: 'fr' } }),
      expect: all(409)
    }
  ],
  'POST /auth/login': [
    {
      label: 'login of a valid account',
      req: async (f) => {
        const u = await createUser(f.t.services);
        return { path: '/api/auth/login', body: { email: u.email, password: PASSWORD }, fresh: true };
      },
      expect: all(200)
    }
  ],
  'POST /auth/logout': [{ label: 'logout', req: () => ({ path: '/api/auth/logout', fresh: true }), expect: all(204, 401) }],
  'POST /auth/reset-request': [{ label: 'reset request', req: () => ({ path: '/api/auth/reset-request', body: { email: uniqueEmail() } }), expect: all(202) }],
  'POST /auth/reset': [
    {
      label: 'reset with a valid link',
      req: async (f) => {
        const u = await createUser(f.t.services);
        const { url } = await f.t.services.resets.createLink(u.user._id, null);
        return { path: '/api/auth/reset', body: { token: url.split('/').pop(), password: 'a new long password' } };
      },
      expect: all(204)
    }
  ],
  'GET /me': [{ label: 'me', req: () => ({ path: '/api/me' }), expect: all(200, 401) }],
  'PATCH /me': [{ label: 'own profile', req: () => ({ method: 'PATCH', path: '/api/me', body: { locale: 'fr' } }), expect: all(200, 401) }],
  'POST /me/password': [
    { label: 'own password', req: () => ({ path: '/api/me/password', body: { currentPassword: PASSWORD, newPassword: PASSWORD } }), expect: all(204, 401) }
  ],
  'DELETE /me': [
    // A wrong password proves the route let the actor through (400) without deleting the fixture's people.
    { label: 'own account (wrong password)', req: () => ({ method: 'DELETE', path: '/api/me', body: { password: 'not the password' } }), expect: all(400, 401) }
  ],
  'GET /organisations': [{ label: 'my organisations', req: () => ({ path: '/api/organisations' }), expect: all(200, 401) }],
  'POST /organisations': [
    { label: 'create organisation', req: () => ({ path: '/api/organisations', body: { name: 'New org' } }), expect: { ...all(403, 401), instanceAdmin: 201 } }
  ],
  'GET /organisations/:orgId': [
    { label: 'organisation A', req: (f) => ({ path: `/api/organisations/${f.orgA}` }), expect: x({ staff: 200, people: 200, instanceAdmin: 200, contact: 200 }) }
  ],
  'GET /organisations/:orgId/settings': [
    { label: 'settings of A', req: (f) => ({ path: `/api/organisations/${f.orgA}/settings` }), expect: x({ staff: 200, people: 200, instanceAdmin: 200, contact: 200 }) }
  ],
  'PATCH /organisations/:orgId/settings': [
    {
      label: 'retention period of A',
      req: (f) => ({ method: 'PATCH', path: `/api/organisations/${f.orgA}/settings`, body: { retentionMonths: 12 } }),
      expect: x({ staff: 200, coordinator: 403, people: 403, contact: 403 })
    }
  ],
  'GET /organisations/:orgId/members': [
    { label: 'members of A', req: (f) => ({ path: `/api/organisations/${f.orgA}/members` }), expect: x({ staff: 200, people: 403, contact: 403 }) }
  ],
  'PATCH /organisations/:orgId/members/:membershipId': [
    {
      label: "another member's profile",
      req: async (f) => ({ method: 'PATCH', path: `/api/organisations/${f.orgA}/members/${(await freshMentee(f)).membershipId}`, body: { profile: { commune: 'Ixelles' } } }),
      expect: x({ staff: 200, people: 403 })
    },
    {
      label: "another member's role",
      req: async (f) => ({ method: 'PATCH', path: `/api/organisations/${f.orgA}/members/${(await freshMentee(f)).membershipId}`, body: { role: 'mentor' } }),
      expect: x({ staff: 200, coordinator: 403, people: 403 })
    },
    {
      label: "the mentor's own profile",
      req: (f) => ({ method: 'PATCH', path: `/api/organisations/${f.orgA}/members/${f.users.mentor.membershipId}`, body: { profile: { sector: 'Logistique' } } }),
      expect: { ...x({ staff: 200, people: 403 }), mentor: 200 }
    }
  ],
  'DELETE /organisations/:orgId/members/:membershipId': [
    {
      label: 'remove a mentee',
      req: async (f) => ({ method: 'DELETE', path: `/api/organisations/${f.orgA}/members/${(await freshMentee(f)).membershipId}` }),
      expect: x({ staff: 204, people: 403 })
    }
  ],
  'POST /organisations/:orgId/members/:membershipId/reset-link': [
    {
      label: 'reset link for a mentee',
      req: async (f) => ({ path: `/api/organisations/${f.orgA}/members/${(await freshMentee(f)).membershipId}/reset-link` }),
      expect: x({ staff: 201, people: 403 })
    },
    {
      label: 'reset link for the admin',
      req: (f) => ({ path: `/api/organisations/${f.orgA}/members/${f.users.admin.membershipId}/reset-link` }),
      expect: x({ staff: 403, people: 403 })
    }
  ],
  'GET /organisations/:orgId/programmes': [
    { label: 'programmes of A', req: (f) => ({ path: `/api/organisations/${f.orgA}/programmes` }), expect: x({ staff: 200, people: 200, contact: 403 }) }
  ],
  'POST /organisations/:orgId/programmes': [
    {
      label: 'create programme in A',
      req: (f) => ({ path: `/api/organisations/${f.orgA}/programmes`, body: { name: 'Autumn', startDate: '2026-09-01', endDate: '2027-02-28' } }),
      expect: x({ staff: 201, people: 403, contact: 403 })
    }
  ],
  // The programme dashboard and the funder's report (issue 13): the organisation's admins and coordinators only.
  'GET /organisations/:orgId/reports/options': [
    { label: 'report filters of A', req: (f) => ({ path: `/api/organisations/${f.orgA}/reports/options` }), expect: x({ staff: 200, people: 403, contact: 403 }) }
  ],
  'GET /organisations/:orgId/reports/figures': [
    { label: 'figures of A', req: (f) => ({ path: `/api/organisations/${f.orgA}/reports/figures?programmes=${f.p}` }), expect: x({ staff: 200, people: 403, contact: 403 }) },
    {
      label: 'figures of A filtered by a programme of B',
      req: async (f) => ({ path: `/api/organisations/${f.orgA}/reports/figures?programmes=${(await createProgramme(f.t.services, f.orgB, { name: 'Q' })).id}` }),
      expect: x({ staff: 400, people: 403, contact: 403 })
    }
  ],
  'GET /organisations/:orgId/reports/report.pdf': [
    { label: 'funder report of A', req: (f) => ({ path: `/api/organisations/${f.orgA}/reports/report.pdf?from=2026-01-01&to=2026-12-31` }), expect: x({ staff: 200, people: 403, contact: 403 }) }
  ],
  'GET /organisations/:orgId/reports/report.csv': [
    { label: 'anonymised rows of A (CSV)', req: (f) => ({ path: `/api/organisations/${f.orgA}/reports/report.csv` }), expect: x({ staff: 200, people: 403, contact: 403 }) }
  ],
  'GET /organisations/:orgId/reports/report.xlsx': [
    { label: 'anonymised rows of A (XLSX)', req: (f) => ({ path: `/api/organisations/${f.orgA}/reports/report.xlsx` }), expect: x({ staff: 200, people: 403, contact: 403 }) }
  ],
  'GET /programmes/:id': [{ label: 'programme P', req: (f) => ({ path: `/api/programmes/${f.p}` }), expect: x({ staff: 200, people: 200, others: 404 }) }],
  'PATCH /programmes/:id': [
    { label: 'change P', req: (f) => ({ method: 'PATCH', path: `/api/programmes/${f.p}`, body: { meetingsPerMonth: 2 } }), expect: x({ staff: 200, people: 403, others: 404 }) }
  ],
  'GET /programmes/:id/topics': [{ label: 'topics of P', req: (f) => ({ path: `/api/programmes/${f.p}/topics` }), expect: x({ staff: 200, people: 200, others: 404 }) }],
  'PATCH /programmes/:id/topics': [
    {
      label: 'set the topics of P',
      req: (f) => ({ method: 'PATCH', path: `/api/programmes/${f.p}/topics`, body: { topics: [{ week: 1, text: 'Faire connaissance' }] } }),
      expect: x({ staff: 200, people: 403, others: 404 })
    }
  ],
  'GET /programmes/:id/duo-flags': [{ label: 'flags of P', req: (f) => ({ path: `/api/programmes/${f.p}/duo-flags` }), expect: x({ staff: 200, people: 403, others: 404 }) }],
  'GET /programmes/:id/duos': [{ label: 'duos of P', req: (f) => ({ path: `/api/programmes/${f.p}/duos` }), expect: x({ staff: 200, people: 403, others: 404 }) }],
  'POST /programmes/:id/duos': [
    {
      label: 'pair in P',
      req: async (f) => {
        const m = await addMember(f.t.services, f.orgA, 'mentor', { programmeIds: [f.p] });
        const e = await freshMentee(f);
        return { path: `/api/programmes/${f.p}/duos`, body: { mentorId: m.id, menteeId: e.id } };
      },
      expect: x({ staff: 201, people: 403, others: 404 })
    }
  ],
  'GET /programmes/:id/suggestions': [
    {
      label: 'suggestions in P',
      req: (f) => ({ path: `/api/programmes/${f.p}/suggestions?menteeId=${f.users.mentee.id}` }),
      expect: x({ staff: 200, people: 403, others: 404 })
    }
  ],
  'GET /programmes/:id/participants': [
    { label: 'participants of P', req: (f) => ({ path: `/api/programmes/${f.p}/participants` }), expect: x({ staff: 200, people: 403, others: 404 }) }
  ],
  'GET /duos': [{ label: 'my duos', req: () => ({ path: '/api/duos' }), expect: all(200, 401) }],
  'GET /duos/:id': [{ label: 'duo D', req: (f) => ({ path: `/api/duos/${f.duo}` }), expect: x({ staff: 200, people: 200, others: 404 }) }],
  'PATCH /duos/:id': [
    // Setting the status it already has changes nothing, so every actor meets the same duo.
    { label: 'change D', req: (f) => ({ method: 'PATCH', path: `/api/duos/${f.duo}`, body: { status: 'active' } }), expect: x({ staff: 200, people: 403, others: 404 }) }
  ],
  // The CV: its people read and write (while the duo runs), the organisation's staff only read.
  'GET /duos/:id/cv/versions': [
    { label: 'versions of D', req: (f) => ({ path: `/api/duos/${f.duo}/cv/versions` }), expect: x({ staff: 200, people: 200, others: 404 }) }
  ],
  'POST /duos/:id/cv/versions': [
    { label: 'save a version of D', req: (f) => ({ path: `/api/duos/${f.duo}/cv/versions`, body: { name: 'Après la réunion 3' } }), expect: x({ staff: 403, people: 201, others: 404 }) }
  ],
  'GET /duos/:id/cv/versions/:versionId': [
    { label: 'one version of D', req: async (f) => ({ path: `/api/duos/${f.duo}/cv/versions/${await version(f)}` }), expect: x({ staff: 200, people: 200, others: 404 }) }
  ],
  'POST /duos/:id/cv/versions/:versionId/restore': [
    {
      label: 'restore a version of D',
      req: async (f) => ({ path: `/api/duos/${f.duo}/cv/versions/${await version(f)}/restore` }),
      expect: x({ staff: 403, people: 200, others: 404 })
    }
  ],
  'GET /duos/:id/cv/export.pdf': [
    { label: 'PDF of D', req: (f) => ({ path: `/api/duos/${f.duo}/cv/export.pdf` }), expect: x({ staff: 200, people: 200, others: 404 }) }
  ],
  'GET /duos/:id/cv/export.json': [
    { label: 'JSON Resume of D', req: (f) => ({ path: `/api/duos/${f.duo}/cv/export.json` }), expect: x({ staff: 200, people: 200, others: 404 }) }
  ],
  'POST /duos/:id/cv/import': [
    {
      label: 'import into D',
      req: (f) => ({ path: `/api/duos/${f.duo}/cv/import`, body: { resume: JSON.stringify({ basics: { name: 'Sofie Vandenbroucke' } }) } }),
      expect: x({ staff: 403, people: 204, others: 404 })
    }
  ],
  // Workshops: the organisation's staff lead them, D's mentor and mentee take part, A's others do not see them.
  'GET /organisations/:orgId/workshops': [
    { label: 'workshops of A', req: (f) => ({ path: `/api/organisations/${f.orgA}/workshops` }), expect: x({ staff: 200, people: 403, contact: 403 }) }
  ],
  'POST /organisations/:orgId/workshops': [
    {
      label: 'plan a workshop in A',
      req: (f) => ({ path: `/api/organisations/${f.orgA}/workshops`, body: { title: 'Atelier entretien', startsAt: '2026-12-12T13:00:00.000Z', locale: 'nl', templateId: 'interview_questions', programmeId: f.p } }),
      expect: x({ staff: 201, people: 403, contact: 403 })
    }
  ],
  'GET /workshops': [{ label: 'my upcoming workshops', req: () => ({ path: '/api/workshops' }), expect: all(200, 401) }],
  'GET /workshops/mine': [{ label: 'my past workshops', req: () => ({ path: '/api/workshops/mine' }), expect: all(200, 401) }],
  'POST /workshops/join': [
    {
      label: 'join a workshop of P by its code',
      req: async (f) => ({ path: '/api/workshops/join', body: { code: (await workshop(f)).joinCode } }),
      expect: x({ staff: 200, people: 200, others: 404 })
    }
  ],
  'GET /workshops/:id': [{ label: 'a workshop of P', req: async (f) => ({ path: `/api/workshops/${await workshopId(f)}` }), expect: x({ staff: 200, people: 200, others: 404 }) }],
  'PATCH /workshops/:id': [
    {
      label: 'rename a workshop',
      req: async (f) => ({ method: 'PATCH', path: `/api/workshops/${await workshopId(f)}`, body: { title: 'Atelier CV (salle 2)' } }),
      expect: x({ staff: 200, people: 403, others: 404 })
    }
  ],
  'DELETE /workshops/:id': [
    { label: 'delete a planned workshop', req: async (f) => ({ method: 'DELETE', path: `/api/workshops/${await workshopId(f)}` }), expect: x({ staff: 204, people: 403, others: 404 }) }
  ],
  'POST /workshops/:id/participants': [
    {
      label: 'invite a mentee of P',
      req: async (f) => ({ path: `/api/workshops/${await workshopId(f)}/participants`, body: { userIds: [(await freshMentee(f)).id] } }),
      expect: x({ staff: 200, people: 403, others: 404 })
    }
  ],
  'DELETE /workshops/:id/participants/:userId': [
    {
      label: 'take a participant out',
      req: async (f) => {
        const extra = (await freshMentee(f)).id;
        return { method: 'DELETE', path: `/api/workshops/${String((await workshop(f, [extra]))._id)}/participants/${extra}` };
      },
      expect: x({ staff: 204, people: 403, others: 404 })
    }
  ],
  'POST /workshops/:id/facilitators': [
    {
      label: 'designate the mentor as facilitator',
      req: async (f) => ({ path: `/api/workshops/${await workshopId(f)}/facilitators`, body: { userIds: [f.users.mentor.id] } }),
      expect: x({ staff: 200, people: 403, others: 404 })
    }
  ],
  'PATCH /workshops/:id/attendance': [
    {
      label: 'correct attendance',
      req: async (f) => ({ method: 'PATCH', path: `/api/workshops/${await workshopId(f)}/attendance`, body: { userId: f.users.mentee.id, present: true } }),
      expect: x({ staff: 200, people: 403, others: 404 })
    }
  ],
  'POST /workshops/:id/join-code': [
    { label: 'a new join code', req: async (f) => ({ path: `/api/workshops/${await workshopId(f)}/join-code` }), expect: x({ staff: 200, people: 403, others: 404 }) }
  ],
  'GET /workshops/:id/join-code.svg': [
    { label: 'the QR code', req: async (f) => ({ path: `/api/workshops/${await workshopId(f)}/join-code.svg` }), expect: x({ staff: 200, people: 403, others: 404 }) }
  ],
  // Before the end only the leads read the summary; afterwards its participants too.
  'GET /workshops/:id/summary': [
    { label: 'summary of a planned workshop', req: async (f) => ({ path: `/api/workshops/${await workshopId(f)}/summary` }), expect: x({ staff: 200, people: 403, others: 404 }) },
    { label: 'summary of an ended workshop', req: async (f) => ({ path: `/api/workshops/${await endedWorkshop(f)}/summary` }), expect: x({ staff: 200, people: 200, others: 404 }) }
  ],
  'GET /workshops/:id/export.pdf': [
    { label: 'PDF of an ended workshop', req: async (f) => ({ path: `/api/workshops/${await endedWorkshop(f)}/export.pdf?locale=en` }), expect: x({ staff: 200, people: 200, others: 404 }) }
  ],
  'GET /workshops/:id/export.md': [
    { label: 'Markdown of a planned workshop', req: async (f) => ({ path: `/api/workshops/${await workshopId(f)}/export.md` }), expect: x({ staff: 200, people: 403, others: 404 }) }
  ],
  'GET /workshops/:id/export.csv': [
    { label: 'CSV of an ended workshop', req: async (f) => ({ path: `/api/workshops/${await endedWorkshop(f)}/export.csv` }), expect: x({ staff: 200, people: 200, others: 404 }) }
  ],
  // Anonymity holds against coordinators: only an admin looks behind an anonymous card.
  'GET /workshops/:id/cards/:cardId/author': [
    {
      label: 'author of an anonymous card',
      req: async (f) => {
        const w = await workshop(f);
        const s = f.t.services;
        await s.workshopsRepo.recordCard({ workshopId: w._id, cardId: 'anon1', authorId: toId(f.users.mentee.id), anonymous: true, draftCardId: null, createdAt: s.clock.now() });
        return { path: `/api/workshops/${String(w._id)}/cards/anon1/author` };
      },
      expect: x({ staff: 200, coordinator: 403, people: 403, others: 404 })
    }
  ],
  // Meetings: the duo plans and changes them while it runs; coordinators see them (metadata only), never change them.
  'GET /duos/:id/meetings': [{ label: 'meetings of D', req: (f) => ({ path: `/api/duos/${f.duo}/meetings` }), expect: x({ staff: 200, people: 200, others: 404 }) }],
  'POST /duos/:id/meetings': [
    { label: 'schedule a meeting of D', req: (f) => ({ path: `/api/duos/${f.duo}/meetings`, body: MEETING }), expect: x({ staff: 403, people: 201, others: 404 }) }
  ],
  'POST /duos/:id/meetings/plan': [
    {
      label: 'plan the meetings of D',
      req: (f) => ({ path: `/api/duos/${f.duo}/meetings/plan`, body: { ...MEETING, count: 2 } }),
      expect: x({ staff: 403, people: 201, others: 404 })
    }
  ],
  'PATCH /meetings/:id': [
    { label: 'reschedule a meeting of D', req: async (f) => ({ method: 'PATCH', path: `/api/meetings/${await sharedMeeting(f)}`, body: { time: '19:00' } }), expect: x({ staff: 403, people: 200, others: 404 }) }
  ],
  'POST /meetings/:id/cancel': [
    { label: 'cancel a meeting of D', req: async (f) => ({ path: `/api/meetings/${await meeting(f)}/cancel`, body: { reason: 'Grève STIB' } }), expect: x({ staff: 403, people: 200, others: 404 }) }
  ],
  'POST /meetings/:id/held': [
    { label: 'a meeting of D held', req: async (f) => ({ path: `/api/meetings/${await meeting(f, true)}/held`, body: { actualMinutes: 50 } }), expect: x({ staff: 403, people: 200, others: 404 }) }
  ],
  'POST /meetings/:id/missed': [
    { label: 'a meeting of D missed', req: async (f) => ({ path: `/api/meetings/${await meeting(f, true)}/missed` }), expect: x({ staff: 403, people: 200, others: 404 }) }
  ],
  'GET /meetings/:id/calendar.ics': [
    // Where and the video link are the duo's own: coordinators are refused the .ics.
    { label: '.ics of a meeting of D', req: async (f) => ({ path: `/api/meetings/${await sharedMeeting(f)}/calendar.ics` }), expect: x({ staff: 403, people: 200, others: 404 }) }
  ],
  'POST /meetings/:id/notes/open': [
    // The notes are the duo's own: its coordinators and admins are refused them.
    { label: 'open the notes of a meeting of D', req: async (f) => ({ path: `/api/meetings/${await sharedMeeting(f)}/notes/open` }), expect: x({ staff: 403, people: 200, others: 404 }) }
  ],
  'POST /meetings/:id/done': [
    { label: 'mark a meeting of D done', req: async (f) => ({ path: `/api/meetings/${await meeting(f, true)}/done`, body: { actualMinutes: 60 } }), expect: x({ staff: 403, people: 200, others: 404 }) }
  ],
  'GET /meetings/:id/notes/sealed': [
    {
      label: 'the sealed notes of a meeting of D',
      req: async (f) => {
        const id = await meeting(f, true);
        const m = (await f.t.services.meetings.meetings.find(id))!;
        const duo = (await f.t.services.repos.duos.findById(m.duoId))!;
        await f.t.services.meetings.notes.markDone(duo, m, f.users.mentor.id, 50);
        return { path: `/api/meetings/${id}/notes/sealed` };
      },
      expect: x({ staff: 403, people: 200, others: 404 })
    }
  ],
  // The journal is the duo's own (notes:read): coordinators and admins are refused it, its search and exports.
  'GET /duos/:id/journal': [{ label: 'journal of D', req: (f) => ({ path: `/api/duos/${f.duo}/journal` }), expect: x({ staff: 403, people: 200, others: 404 }) }],
  'GET /duos/:id/journal/search': [
    { label: 'search the journal of D', req: (f) => ({ path: `/api/duos/${f.duo}/journal/search?q=entretien` }), expect: x({ staff: 403, people: 200, others: 404 }) }
  ],
  'GET /duos/:id/journal.md': [{ label: 'journal of D as Markdown', req: (f) => ({ path: `/api/duos/${f.duo}/journal.md` }), expect: x({ staff: 403, people: 200, others: 404 }) }],
  'GET /duos/:id/journal.pdf': [{ label: 'journal of D as PDF', req: (f) => ({ path: `/api/duos/${f.duo}/journal.pdf` }), expect: x({ staff: 403, people: 200, others: 404 }) }],
  // The private space: one's own note (coordinators refused), reflections the mentee shares with the mentor.
  'GET /duos/:id/private-note': [{ label: 'my private note on D', req: (f) => ({ path: `/api/duos/${f.duo}/private-note` }), expect: x({ staff: 403, people: 200, others: 404 }) }],
  'PATCH /duos/:id/private-note': [
    { label: 'write my private note on D', req: (f) => ({ method: 'PATCH', path: `/api/duos/${f.duo}/private-note`, body: { text: 'À moi seul·e' } }), expect: x({ staff: 403, people: 200, others: 404 }) }
  ],
  'GET /duos/:id/reflections': [{ label: 'reflections of D', req: (f) => ({ path: `/api/duos/${f.duo}/reflections` }), expect: x({ staff: 403, people: 200, others: 404 }) }],
  'POST /duos/:id/reflections': [
    {
      label: 'share a reflection in D',
      req: (f) => ({ path: `/api/duos/${f.duo}/reflections`, body: { text: 'Je me sens plus prête pour les entretiens.' } }),
      expect: { ...x({ staff: 403, people: 403, others: 404 }), mentee: 201 }
    }
  ],
  // The agreement, self-assessments and check-ins: the duo's own.
  'GET /duos/:id/agreement': [{ label: 'agreement of D', req: (f) => ({ path: `/api/duos/${f.duo}/agreement` }), expect: x({ staff: 403, people: 200, others: 404 }) }],
  'PATCH /duos/:id/agreement': [
    { label: 'how to reach each other in D', req: (f) => ({ method: 'PATCH', path: `/api/duos/${f.duo}/agreement`, body: { contact: 'WhatsApp en semaine' } }), expect: x({ staff: 403, people: 200, others: 404 }) },
    {
      label: 'the goals of D (the mentee’s words)',
      req: (f) => ({ method: 'PATCH', path: `/api/duos/${f.duo}/agreement`, body: { goals: 'Un emploi de magasinier' } }),
      expect: { ...x({ staff: 403, people: 403, others: 404 }), mentee: 200 }
    }
  ],
  'GET /duos/:id/assessments': [{ label: 'self-assessments of D', req: (f) => ({ path: `/api/duos/${f.duo}/assessments` }), expect: x({ staff: 403, people: 200, others: 404 }) }],
  'POST /duos/:id/assessments': [
    // Not due yet for a duo made today: the mentee passes the policy and meets the rule (409); the others are refused.
    { label: 'self-assessment in D', req: (f) => ({ path: `/api/duos/${f.duo}/assessments`, body: { milestone: 'month3', progress: 4 } }), expect: { ...x({ staff: 403, people: 403, others: 404 }), mentee: 409 } }
  ],
  'GET /duos/:id/checkins/mine': [{ label: 'my check-ins in D', req: (f) => ({ path: `/api/duos/${f.duo}/checkins/mine` }), expect: x({ staff: 403, people: 200, others: 404 }) }],
  'POST /meetings/:id/checkin': [
    {
      label: 'check in after a meeting of D',
      req: async (f) => {
        const id = await meeting(f, true);
        const m = (await f.t.services.meetings.meetings.find(id))!;
        await f.t.services.meetings.meetings.markHeld((await f.t.services.repos.duos.findById(m.duoId))!, m, 60);
        return { path: `/api/meetings/${id}/checkin`, body: { score: 4 } };
      },
      expect: x({ staff: 403, people: 200, others: 404 })
    }
  ],
  // Outcomes (issue 13): the organisation's coordinators and admins read and record them, never the duo's people.
  'GET /duos/:id/outcomes': [{ label: 'outcomes of D', req: (f) => ({ path: `/api/duos/${f.duo}/outcomes` }), expect: x({ staff: 200, people: 403, others: 404 }) }],
  'POST /duos/:id/outcomes/:moment': [
    {
      // D runs and started today: staff pass the policy and meet "not due yet" (recording itself: outcomes.test.ts).
      label: "D's 6-month outcome",
      req: (f) => ({ path: `/api/duos/${f.duo}/outcomes/month_6`, body: { situation: 'job', contractType: 'permanent', date: '2026-12-01' } }),
      expect: x({ staff: 409, people: 403, others: 404 })
    }
  ],
  'GET /programmes/:id/outcomes-due': [
    { label: 'outcomes to record in P', req: (f) => ({ path: `/api/programmes/${f.p}/outcomes-due` }), expect: x({ staff: 200, people: 403, others: 404 }) }
  ],
  // The emailed form: the one-use token is the right to answer, with or without a session.
  'GET /outcome-forms/by-token/:token': [{ label: 'an outcome form', req: async (f) => ({ path: `/api/outcome-forms/by-token/${await formToken(f)}` }), expect: all(200) }],
  'POST /outcome-forms/by-token/:token': [
    {
      label: 'answer an outcome form',
      req: async (f) => ({ path: `/api/outcome-forms/by-token/${await formToken(f)}`, body: { situation: 'training', date: '2026-12-01' } }),
      expect: all(204)
    }
  ],
  'GET /organisations/:orgId/reporting-fields': [
    { label: "A's reporting fields", req: (f) => ({ path: `/api/organisations/${f.orgA}/reporting-fields` }), expect: x({ staff: 200, people: 403, contact: 403 }) }
  ],
  'PATCH /organisations/:orgId/reporting-fields': [
    { label: "change A's reporting fields", req: (f) => ({ method: 'PATCH', path: `/api/organisations/${f.orgA}/reporting-fields`, body: { fields: [] } }), expect: x({ staff: 200, people: 403, contact: 403 }) }
  ],
  // A mentee's answers: the mentee and the organisation's staff; never the mentor, another mentee or anyone outside.
  'GET /organisations/:orgId/members/:membershipId/reporting': [
    {
      label: "the mentee's answers",
      req: (f) => ({ path: `/api/organisations/${f.orgA}/members/${f.users.mentee.membershipId}/reporting` }),
      expect: { ...x({ staff: 200, people: 403 }), mentee: 200 }
    }
  ],
  'PATCH /organisations/:orgId/members/:membershipId/reporting': [
    {
      label: "change the mentee's answers",
      req: (f) => ({ method: 'PATCH', path: `/api/organisations/${f.orgA}/members/${f.users.mentee.membershipId}/reporting`, body: { answers: {} } }),
      expect: { ...x({ staff: 200, people: 403 }), mentee: 200 }
    },
    {
      label: "a mentor's answers (mentors have none)",
      req: (f) => ({ method: 'PATCH', path: `/api/organisations/${f.orgA}/members/${f.users.mentor.membershipId}/reporting`, body: { answers: {} } }),
      expect: x({ staff: 403, people: 403 })
    }
  ],
  'GET /me/reporting': [{ label: 'my reporting answers', req: () => ({ path: '/api/me/reporting' }), expect: all(200, 401) }],
  'GET /me/calendar-feed': [{ label: 'my calendar feed', req: () => ({ path: '/api/me/calendar-feed' }), expect: all(200, 401) }],
  'POST /me/calendar-feed': [{ label: 'a new calendar feed', req: () => ({ path: '/api/me/calendar-feed' }), expect: all(201, 401) }],
  'DELETE /me/calendar-feed': [{ label: 'stop my calendar feed', req: () => ({ method: 'DELETE', path: '/api/me/calendar-feed' }), expect: all(204, 401) }],
  'GET /calendar/:token.ics': [
    {
      // The token is the key: whoever holds it reads that one person's feed, with or without a session.
      label: "the mentee's calendar feed",
      req: async (f) => ({ path: new URL((await f.t.services.meetings.calendar.renewFeed(f.users.mentee.id)).url!).pathname }),
      expect: all(200)
    }
  ],
  'GET /organisations/:orgId/invitations': [
    { label: 'invitations of A', req: (f) => ({ path: `/api/organisations/${f.orgA}/invitations` }), expect: x({ staff: 200, people: 403, contact: 403 }) }
  ],
  'POST /organisations/:orgId/invitations': [
    {
      label: 'invite a mentee to P',
      req: (f) => ({ path: `/api/organisations/${f.orgA}/invitations`, body: { role: 'mentee', programmeId: f.p, locale: 'nl' } }),
      expect: x({ staff: 201, people: 403, contact: 403 })
    },
    {
      label: 'invite an admin',
      req: (f) => ({ path: `/api/organisations/${f.orgA}/invitations`, body: { role: 'admin', locale: 'fr' } }),
      expect: x({ staff: 201, coordinator: 403, people: 403, contact: 403 })
    }
  ],
  'DELETE /invitations/:id': [
    {
      label: 'revoke an invitation of A',
      req: async (f) => ({ method: 'DELETE', path: `/api/invitations/${(await invite(f.t.services, { orgId: f.orgA, by: f.users.coordinator.id, role: 'mentor' })).id}` }),
      expect: x({ staff: 204, people: 403, contact: 403 })
    }
  ],
  'GET /invitations/by-token/:token': [
    {
      label: 'preview an invitation',
      req: async (f) => ({ path: `/api/invitations/by-token/${(await invite(f.t.services, { orgId: f.orgA, by: f.users.coordinator.id, role: 'mentor' })).token}` }),
      expect: all(200)
    }
  ],
  'POST /invitations/by-token/:token/accept': [
    {
      label: 'accept with a new account',
      req: async (f) => {
        const inv = await invite(f.t.services, { orgId: f.orgA, by: f.users.coordinator.id, role: 'mentee', programmeId: f.p });
        return { path: `/api/invitations/by-token/${inv.token}/accept`, body: { name: 'New Person', email: uniqueEmail(), password: PASSWORD }, fresh: true };
      },
      expect: all(201)
    }
  ],
  // Partner companies (issue 13): staff manage them; a company's contact reads its own figures and nothing else.
  'GET /organisations/:orgId/companies': [
    { label: 'companies of A', req: (f) => ({ path: `/api/organisations/${f.orgA}/companies` }), expect: x({ staff: 200, people: 403, contact: 403 }) }
  ],
  'POST /organisations/:orgId/companies': [
    {
      label: 'a new company of A',
      req: (f) => ({ path: `/api/organisations/${f.orgA}/companies`, body: { name: `Bpost ${uniqueEmail()}` } }),
      expect: x({ staff: 201, people: 403, contact: 403 })
    }
  ],
  'PATCH /organisations/:orgId/companies/:companyId': [
    {
      label: 'rename C2 (to its own name)',
      req: (f) => ({ method: 'PATCH', path: `/api/organisations/${f.orgA}/companies/${f.company2}`, body: { name: 'Proximus' } }),
      expect: x({ staff: 200, people: 403, contact: 403 })
    },
    {
      label: "B's company under A",
      req: async (f) => ({ method: 'PATCH', path: `/api/organisations/${f.orgA}/companies/${(await f.t.services.partners.create(toId(f.orgB), `Colruyt ${uniqueEmail()}`)).id}`, body: { name: 'Mine' } }),
      expect: all(404, 401)
    }
  ],
  'DELETE /organisations/:orgId/companies/:companyId': [
    {
      label: 'remove a company of A',
      req: async (f) => ({ method: 'DELETE', path: `/api/organisations/${f.orgA}/companies/${(await f.t.services.partners.create(toId(f.orgA), `Engie ${uniqueEmail()}`)).id}` }),
      expect: x({ staff: 204, people: 403, contact: 403 })
    }
  ],
  'PATCH /organisations/:orgId/members/:membershipId/company': [
    {
      label: 'attach a mentor to C2',
      req: async (f) => ({
        method: 'PATCH',
        path: `/api/organisations/${f.orgA}/members/${(await addMember(f.t.services, f.orgA, 'mentor')).membershipId}/company`,
        body: { companyId: f.company2 }
      }),
      expect: x({ staff: 200, people: 403 })
    }
  ],
  'GET /organisations/:orgId/companies/:companyId/figures': [
    { label: "C's figures", req: (f) => ({ path: `/api/organisations/${f.orgA}/companies/${f.company}/figures` }), expect: x({ staff: 200, people: 403, contact: 200 }) },
    { label: "C2's figures", req: (f) => ({ path: `/api/organisations/${f.orgA}/companies/${f.company2}/figures` }), expect: x({ staff: 200, people: 403, contact: 404 }) }
  ],
  'GET /organisations/:orgId/companies/:companyId/figures.csv': [
    { label: "C's figures as CSV", req: (f) => ({ path: `/api/organisations/${f.orgA}/companies/${f.company}/figures.csv` }), expect: x({ staff: 200, people: 403, contact: 200 }) },
    { label: "C2's figures as CSV", req: (f) => ({ path: `/api/organisations/${f.orgA}/companies/${f.company2}/figures.csv?locale=en` }), expect: x({ staff: 200, people: 403, contact: 404 }) }
  ],
  // The umbrella role reads anonymised statistics (and nothing else: see every row above); the instance admin gives it.
  'GET /umbrella/statistics': [{ label: 'umbrella statistics', req: () => ({ path: '/api/umbrella/statistics' }), expect: { ...all(403, 401), instanceAdmin: 200, umbrella: 200 } }],
  'GET /umbrella/viewers': [{ label: 'who holds the umbrella role', req: () => ({ path: '/api/umbrella/viewers' }), expect: { ...all(403, 401), instanceAdmin: 200 } }],
  'POST /umbrella/viewers': [
    {
      label: 'give the umbrella role',
      req: async (f) => ({ path: '/api/umbrella/viewers', body: { email: (await createUser(f.t.services)).email, enabled: true } }),
      expect: { ...all(403, 401), instanceAdmin: 200 }
    }
  ]
};

let f: Fixture;
const clients = new Map<ActorName, TestClient>();

beforeAll(async () => {
  const t = await startTestServer({ limits: { failuresPerAccount: 5, lockoutSeconds: 900, attemptsPerIp: 10_000, ipWindowSeconds: 900 } });
  const s = t.services;
  // Set up first, so that POST /setup meets an instance that is set up.
  await s.accounts.setup({ organisationName: 'Root', name: 'Root Admin', email: uniqueEmail('root'), password: PASSWORD, locale: 'en' });
  const a = await createOrganisation(s, 'A');
  const b = await createOrganisation(s, 'B');
  const p = await createProgramme(s, a.id, { name: 'P' });
  const p2 = await createProgramme(s, a.id, { name: 'P2' });
  const adminA = { ...a.admin, membershipId: String((await s.repos.memberships.findByOrgAndUser(a.org._id, a.admin.user._id))!._id) };
  const users: Fixture['users'] = {
    admin: adminA,
    coordinator: await addMember(s, a.id, 'coordinator'),
    mentor: await addMember(s, a.id, 'mentor', { programmeIds: [p.id] }),
    mentee: await addMember(s, a.id, 'mentee', { programmeIds: [p.id] }),
    otherMentor: await addMember(s, a.id, 'mentor', { programmeIds: [p2.id] }),
    otherMentee: await addMember(s, a.id, 'mentee', { programmeIds: [p2.id] }),
    foreignAdmin: b.admin,
    foreignCoordinator: await addMember(s, b.id, 'coordinator'),
    foreignMentor: await addMember(s, b.id, 'mentor'),
    foreignMentee: await addMember(s, b.id, 'mentee'),
    instanceAdmin: await createUser(s, { name: 'Instance Admin', isInstanceAdmin: true }),
    companyContact: await addMember(s, a.id, 'company_contact', { name: 'Nathalie Lemaire' }),
    umbrella: await createUser(s, { name: 'Koen Verstraete' })
  };
  const company = await s.partners.create(a.org._id, 'STIB-MIVB');
  const company2 = await s.partners.create(a.org._id, 'Proximus');
  for (const m of [users.mentor, users.companyContact]) {
    await s.partners.setMemberCompany((await s.repos.memberships.findById(toId(m.membershipId!)))!, company.id);
  }
  await s.umbrella.grant({ email: users.umbrella.email, enabled: true });
  const duo = await createDuo(s, p.id, users.mentor.id, users.mentee.id);
  await createDuo(s, p2.id, users.otherMentor.id, users.otherMentee.id);
  f = { t, orgA: a.id, orgB: b.id, p: p.id, p2: p2.id, duo: duo.id, company: company.id, company2: company2.id, users };
  for (const name of ACTORS) if (name !== 'anon') clients.set(name, await loginAs(t.url, users[name]));
});
afterAll(async () => f?.t.stop());

describe('authorisation matrix', () => {
  it('has a row for every registered route, and none for a route that does not exist', () => {
    expect(Object.keys(ROWS).sort()).toEqual(f.t.binome.registry.keys().sort());
  });

  for (const [key, cases] of Object.entries(ROWS)) {
    it(key, async () => {
      const [method] = key.split(' ');
      const mismatches: string[] = [];
      for (const c of cases) {
        for (const actor of ACTORS) {
          const r = await c.req(f);
          // Anonymous means no cookie at all: a fresh client each time (a login row would otherwise log it in).
          let client = actor === 'anon' ? new TestClient(f.t.url) : clients.get(actor)!;
          if (r.fresh && actor !== 'anon') client = await loginAs(f.t.url, f.users[actor]);
          const answer = await client.request(r.method ?? method, r.path, r.body);
          if (answer.status !== c.expect[actor]) {
            mismatches.push(`${c.label} as ${actor}: expected ${c.expect[actor]}, got ${answer.status} ${JSON.stringify(answer.body)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
