// Every page and dialog at 320 and 375 px, as each person reaches it: nothing a person can touch sticks out of
// its card (fit.ts), nothing scrolls sideways; a screenshot of each at 320 px. New pages add a line here, or call
// `expectFit` from their own tests.
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DuoView, ProgrammeView } from '../../src/lib/shared/schemas';
import { startTestServer, type TestServer } from '../helpers/server';
import { addMember, createDuo, createOrganisation, createProgramme, invite, type TestUser } from '../helpers/factories';
import { captureFailure, launchBrowser, newPerson, until, type Person } from './harness';
import { caretAtEnd, field, logIn, waitOnline } from './cv-helpers';
import { expectFit } from './fit';

const T = 'phones-fit';

let server: TestServer;
let browser: Browser;
let people: Record<string, Person> = {};
let duo: DuoView;
let programme: ProgrammeView;
let users: Record<'coordinator' | 'mentor' | 'mentee', TestUser>;
let invitationToken = '';

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const s = server.services;
  const org = await createOrganisation(s, 'Duo pour un emploi Bruxelles');
  programme = await createProgramme(s, org.id, { name: 'Cohorte printemps Anderlecht–Molenbeek', partnerCompany: 'Société Générale de Belgique' });
  const coordinator = await addMember(s, org.id, 'coordinator', { name: 'Claire Dubois', locale: 'fr' });
  const mentor = await addMember(s, org.id, 'mentor', { name: 'Lotte Janssens', locale: 'fr', programmeIds: [programme.id] });
  const mentee = await addMember(s, org.id, 'mentee', { name: 'Aminata Diallo', locale: 'fr', programmeIds: [programme.id] });
  await addMember(s, org.id, 'mentee', { name: 'Jean-Baptiste Vandenbroucke-Lemaire', locale: 'fr', programmeIds: [programme.id] });
  duo = await createDuo(s, programme.id, mentor.id, mentee.id);
  users = { coordinator, mentor, mentee };
  invitationToken = (await invite(s, { orgId: org.id, by: coordinator.id, role: 'mentee', programmeId: programme.id })).token;
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, people);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens a page and waits until it has shown its content (its heading, no spinner left). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator('h1').first().waitFor();
  await until(`${path} has finished loading`, async () => (await page.getByRole('status').filter({ hasText: /Chargement/ }).count()) === 0);
}

describe('every page fits a 320 px phone', () => {
  it('public pages: login, forgotten password, reset link, invitation', async () => {
    const visitor = (people.visitor = await newPerson(browser, server.url, 'fr-BE'));
    for (const [name, path] of [
      ['login', '/login'],
      ['forgot', '/forgot'],
      ['reset', '/reset/not-a-real-token'],
      ['invite', `/invite/${invitationToken}`]
    ] as const) {
      await open(visitor.page, path);
      await expectFit(visitor.page, T, name);
    }
  });

  it("the mentee's pages: dashboard, duo, CV, profile", async () => {
    const mentee = (people.mentee = await newPerson(browser, server.url, 'fr-BE'));
    await logIn(mentee.page, users.mentee);
    await open(mentee.page, '/');
    await expectFit(mentee.page, T, 'mentee-dashboard');
    await open(mentee.page, `/duos/${duo.id}`);
    await expectFit(mentee.page, T, 'mentee-duo');
    await open(mentee.page, `/duos/${duo.id}/cv`);
    await waitOnline(mentee.page);
    // Long words are what push a field out of its card: an e-mail address, a double-barrelled name.
    for (const [label, text] of [
      ['Nom et prénom', 'Aminata Diallo-Vandenbroucke'],
      ['Titre du CV (métier recherché)', 'Aide-soignante, auxiliaire de vie'],
      ['Adresse e-mail', 'aminata.diallovandenbroucke@associationexemple.be']
    ]) {
      await field(mentee.page, label).click();
      await mentee.page.keyboard.type(text);
    }
    await expectFit(mentee.page, T, 'mentee-cv');
    await open(mentee.page, '/profile');
    await expectFit(mentee.page, T, 'mentee-profile');
  });

  it("the mentor's pages, with the account menu and the CV's versions dialog open", async () => {
    const mentor = (people.mentor = await newPerson(browser, server.url, 'fr-BE'));
    await logIn(mentor.page, users.mentor);
    await open(mentor.page, '/');
    await expectFit(mentor.page, T, 'mentor-dashboard');
    await mentor.page.setViewportSize({ width: 320, height: 720 });
    await mentor.page.getByRole('button', { name: /Menu du compte/ }).click();
    await mentor.page.getByRole('menu').waitFor();
    await expectFit(mentor.page, T, 'mentor-account-menu', 320);
    await mentor.page.keyboard.press('Escape');
    await open(mentor.page, `/duos/${duo.id}/cv`);
    await waitOnline(mentor.page);
    await mentor.page.getByRole('button', { name: /Versions/ }).first().click();
    await mentor.page.getByRole('dialog').waitFor();
    await expectFit(mentor.page, T, 'mentor-cv-versions', 320);
    await mentor.page.keyboard.press('Escape');
  });

  it("keeps the partner's caret label inside the field at 375 px, even at the end of a long line", async () => {
    const { mentor, mentee } = people;
    await mentee.page.goto(`/duos/${duo.id}/cv`);
    await waitOnline(mentee.page);
    await mentee.page.setViewportSize({ width: 375, height: 720 });
    // The mentor's caret at the very end of the headline, which fills the field's width on a phone.
    await caretAtEnd(mentor.page, 'Titre du CV (métier recherché)');
    const headline = field(mentee.page, 'Titre du CV (métier recherché)');
    const label = mentee.page.locator('[data-field="header/headline"] .collab-caret__label', { hasText: 'Lotte Janssens' });
    await label.waitFor();
    await until('the label is inside the field', async () => {
      const [l, f] = [await label.boundingBox(), await headline.boundingBox()];
      return !!l && !!f && l.width > 0 && l.x >= f.x && l.x + l.width <= f.x + f.width;
    });
    await expectFit(mentee.page, T, 'mentee-cv-with-caret', 375);
  });

  it("the coordinator's pages: dashboard, programmes, a programme, members, invitations, a duo", async () => {
    const coordinator = (people.coordinator = await newPerson(browser, server.url, 'fr-BE'));
    await logIn(coordinator.page, users.coordinator);
    for (const [name, path] of [
      ['coordinator-dashboard', '/'],
      ['coordinator-programmes', '/programmes'],
      ['coordinator-programme', `/programmes/${programme.id}`],
      ['coordinator-members', '/members'],
      ['coordinator-invitations', '/invitations'],
      ['coordinator-duo', `/duos/${duo.id}`],
      ['coordinator-cv', `/duos/${duo.id}/cv`]
    ] as const) {
      await open(coordinator.page, path);
      await expectFit(coordinator.page, T, name);
    }
  });

  it("the coordinator's dialogs: a new programme, a member's pairing profile, a reset link", async () => {
    const { page } = people.coordinator;
    const dialog = async (name: string, path: string, button: string) => {
      await open(page, path);
      await page.setViewportSize({ width: 320, height: 720 });
      await page.getByRole('button', { name: button }).first().click();
      await page.getByRole('dialog').waitFor();
      await expectFit(page, T, name, 320);
      await page.keyboard.press('Escape');
      await until('the dialog closed', async () => (await page.getByRole('dialog').count()) === 0);
    };
    await dialog('coordinator-new-programme', '/programmes', 'Nouveau programme');
    await dialog('coordinator-pairing-profile', '/members', 'Profil de jumelage');
    await dialog('coordinator-reset-link', '/members', 'Lien de nouveau mot de passe');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
