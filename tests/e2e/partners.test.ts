// Partner companies and the umbrella view in the browser (issue 13): a coordinator adds a company and links a
// mentor and the company's contact to it; the contact, on a phone, sees the participation figures of its
// volunteers and downloads them, and nothing about the people they support; the federation's account sees the
// cross-organisation statistics with small cells shown as "< 5". Screenshots at 1280 and 375 px, axe on each.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { addMember, createDuo, createOrganisation, createProgramme, createUser, type TestUser } from '../helpers/factories';
import { endDuo, heldMeeting } from '../helpers/partner-factories';
import { capture, captureFailure, launchBrowser, newPerson, until, type Person } from './harness';
import { logIn } from './cv-helpers';

const T = 'partners';
let server: TestServer;
let browser: Browser;
const people: Record<string, Person> = {};
let coordinator: TestUser;
let contact: TestUser;
let federation: TestUser;
const MENTEES = ['Aminata Diallo', 'Youssef Amrani', 'Elif Yılmaz', 'Jonas Peeters', 'Marie Lambert', 'Tom Claes'];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const s = server.services;
  const org = await createOrganisation(s, 'Duo pour l’Emploi Bruxelles');
  const p = await createProgramme(s, org.id, { name: 'Cohorte automne 2026' });
  coordinator = await addMember(s, org.id, 'coordinator', { name: 'Claire Dubois' });
  await addMember(s, org.id, 'mentor', { name: 'Marc Vandenberghe', programmeIds: [p.id] });
  contact = await addMember(s, org.id, 'company_contact', { name: 'Nathalie Lemaire' });
  // Six duos: five of other mentors (so the umbrella view shows some figures) and Marc's, made below in the UI run.
  const marc = (await s.repos.memberships.listActive(org.org._id, { role: 'mentor' }))[0];
  for (const [i, name] of MENTEES.entries()) {
    const mentee = await addMember(s, org.id, 'mentee', { name, programmeIds: [p.id] });
    const mentorId = i < 2 ? String(marc.userId) : (await addMember(s, org.id, 'mentor', { name: `Mentor ${i}`, programmeIds: [p.id] })).id;
    const duo = await createDuo(s, p.id, mentorId, mentee.id);
    await heldMeeting(s, duo.id, mentorId, { minutes: 75, daysAgo: 9 });
    if (i === 1) {
      await heldMeeting(s, duo.id, mentorId, { minutes: 60, daysAgo: 2 });
      await endDuo(s, duo.id, 'completed');
    }
  }
  // A second, small organisation: its cells are under five.
  const small = await createOrganisation(s, 'Mentorat Liège');
  const q = await createProgramme(s, small.id, { name: 'Cohorte Liège' });
  for (const name of ['Sofie Maes', 'Kevin Dupont']) {
    const mentor = await addMember(s, small.id, 'mentor', { name: `Mentor de ${name}`, programmeIds: [q.id] });
    const mentee = await addMember(s, small.id, 'mentee', { name, programmeIds: [q.id] });
    await createDuo(s, q.id, mentor.id, mentee.id);
  }
  federation = await createUser(s, { name: 'Koen Verstraete' });
  await s.umbrella.grant({ email: federation.email, enabled: true });
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, people);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('partner companies and the umbrella view', () => {
  it('a coordinator adds a company and links a mentor and the contact to it', async () => {
    const person = (people.coordinator = await newPerson(browser, server.url, 'fr-BE'));
    const page = person.page;
    await logIn(page, coordinator);
    await page.getByRole('link', { name: 'Entreprises partenaires' }).first().click();
    await page.getByRole('heading', { name: 'Entreprises partenaires', level: 1 }).waitFor();
    await page.getByLabel('Nom de l’entreprise').fill('STIB-MIVB');
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await page.getByText('Aucun·e mentor').waitFor();
    await capture(page, T, 'companies');

    await page.goto('/members');
    for (const name of ['Marc Vandenberghe', 'Nathalie Lemaire']) {
      await page.getByLabel(`Entreprise partenaire de ${name}`).selectOption({ label: 'STIB-MIVB' });
      await page.getByRole('button', { name: `Appliquer — ${name}` }).click();
      await page.getByText(`Entreprise de ${name} enregistrée`).waitFor();
    }
    await capture(page, T, 'members-company');
    await page.goto('/companies');
    await page.getByText('1 mentor', { exact: true }).waitFor();
    expect(person.problems).toEqual([]);
  });

  it("the company's contact sees its volunteers' figures on a phone, and downloads them", async () => {
    const person = (people.contact = await newPerson(browser, server.url, 'fr-BE'));
    const page = person.page;
    await page.setViewportSize({ width: 375, height: 812 });
    await logIn(page, contact);
    await page.getByRole('heading', { name: 'Bénévoles de STIB-MIVB' }).waitFor();
    const card = page.locator('li.card', { hasText: 'Marc Vandenberghe' });
    // Marc: one running duo and one completed; 3 meetings held of 75, 75 and 60 minutes: 3.5 hours.
    await until('Marc’s figures are shown', async () => (await card.innerText()).includes('3,5'));
    const text = await card.innerText();
    expect(text).toMatch(/Duos en cours\s*1/);
    expect(text).toMatch(/Duos terminés\s*1/);
    expect(text).toMatch(/Rencontres tenues\s*3/);
    const body = await page.locator('main').innerText();
    for (const name of MENTEES) expect(body).not.toContain(name);
    // The menu offers nothing but the overview.
    expect(await page.getByRole('link', { name: 'Programmes' }).count()).toBe(0);
    await capture(page, T, 'contact-figures');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le tableau (CSV)' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('Marc Vandenberghe,1,1,0,3,3.5,0,0');
    for (const name of MENTEES) expect(csv).not.toContain(name);
    expect(person.problems).toEqual([]);
  });

  it('the federation sees the statistics across organisations, small cells hidden', async () => {
    const person = (people.federation = await newPerson(browser, server.url, 'fr-BE'));
    const page = person.page;
    await logIn(page, federation);
    // An account of no organisation: its home page is the umbrella view, under its greeting.
    await page.getByRole('heading', { name: 'Statistiques du réseau', level: 2 }).waitFor();
    const liege = page.locator('section', { has: page.getByRole('heading', { name: 'Mentorat Liège' }) });
    await liege.waitFor();
    // Two duos in Liège: hidden, and said so to screen readers.
    expect(await liege.getByText('< 5').count()).toBeGreaterThan(0);
    expect(await liege.getByText('masqué, moins de 5 personnes').count()).toBeGreaterThan(0);
    // A rate computed from hidden cells says so in words, not as "< 5" (which would read as a percentage).
    expect(await liege.getByText('calculé sur moins de 5 personnes').count()).toBe(1);
    const total = page.locator('section', { has: page.getByRole('heading', { name: 'Toutes les organisations' }) });
    expect(await total.innerText()).toMatch(/Duos formés\s*8/);
    const body = await page.locator('main').innerText();
    for (const name of [...MENTEES, 'Marc Vandenberghe', 'Sofie Maes']) expect(body).not.toContain(name);
    await capture(page, T, 'umbrella');
    expect(person.problems).toEqual([]);
  });
});
