// Accounts as people meet them: the login page in their language, a wrong password, "forgot my password"
// without reliable email (the coordinator passes a reset link), a new password, the profile and the
// erasure explanation, an unknown page. The organisation is set up through the factories.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { addMember, createDuo, createOrganisation, createProgramme, invite } from '../helpers/factories';
import { capture, captureFailure, launchBrowser, newPerson, until, waitForPath, type Person } from './harness';

const T = 'account';
const NEW_PASSWORD = 'a brand new sentence';

let server: TestServer;
let browser: Browser;
let coordinator: Person;
let mentee: Person;
type Credentials = { email: string; password: string };
let people: { coordinator: Credentials; mentee: Credentials; mentor: Credentials };
let secondOrgInvitation = '';
let resetLink = '';

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const s = server.services;
  const org = await createOrganisation(s, 'Maison de l\'emploi');
  const c = await addMember(s, org.id, 'coordinator', { name: 'Claire Dubois', locale: 'fr' });
  const programme = await createProgramme(s, org.id, { name: 'Cohorte automne' });
  const mentor = await addMember(s, org.id, 'mentor', { name: 'Lotte Janssens', locale: 'nl', programmeIds: [programme.id] });
  const m = await addMember(s, org.id, 'mentee', { name: 'Youssef El Amrani', locale: 'en', programmeIds: [programme.id] });
  await createDuo(s, programme.id, mentor.id, m.id);
  people = { coordinator: c, mentee: m, mentor };
  // A second association invites the same mentor: she joins it with her existing account.
  const other = await createOrganisation(s, 'Mentor Antwerpen vzw');
  const invitation = await invite(s, { orgId: other.id, by: other.admin.id, role: 'mentor', locale: 'nl' });
  secondOrgInvitation = new URL(invitation.url!).pathname;
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, { coordinator, mentee });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('accounts: login, password reset through the coordinator, profile', () => {
  it('shows the login page in the browser\'s language, switches language and explains a wrong password', async () => {
    mentee = await newPerson(browser, server.url, 'fr-BE');
    const { page } = mentee;
    await page.goto('/');
    await waitForPath(page, '/login');
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();

    await page.getByRole('group', { name: 'Langue' }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await capture(page, T, '01-login-en');

    await page.getByLabel('Email address').fill(people.mentee.email);
    await page.getByLabel('Password').fill('not my password');
    await page.getByLabel('Password').press('Enter');
    await page.getByText('Email address or password is not correct.').waitFor();
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await capture(page, T, '02-login-wrong-password');
  });

  it('asks for a reset link and says that a coordinator can give one too', async () => {
    const { page } = mentee;
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await waitForPath(page, '/forgot');
    await page.getByLabel('Email address').fill(people.mentee.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByText('If this address belongs to an account and this server sends email, a link is on its way.', { exact: false }).waitFor();
    await capture(page, T, '03-forgot-sent');
  });

  it('lets the coordinator create a reset link on the members page and copy it', async () => {
    coordinator = await newPerson(browser, server.url, 'fr-BE');
    const { page } = coordinator;
    await page.goto('/members');
    await waitForPath(page, '/login');
    await page.getByLabel('Adresse e-mail').fill(people.coordinator.email);
    await page.getByLabel('Mot de passe').fill(people.coordinator.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // Back where she wanted to go.
    await waitForPath(page, '/members');
    await page.getByText('Youssef El Amrani', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Lien de nouveau mot de passe — Youssef El Amrani' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau mot de passe pour Youssef El Amrani' });
    await dialog.getByRole('button', { name: 'Copier le lien' }).click();
    await page.getByText('Lien copié').first().waitFor();
    resetLink = await page.evaluate(() => navigator.clipboard.readText());
    expect(resetLink).toMatch(/\/reset\/[^/]+$/);
    await capture(page, T, '04-reset-link-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('lets the coordinator invite by email and revoke the invitation', async () => {
    const { page } = coordinator;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Invitations' }).click();
    await waitForPath(page, '/invitations');
    const form = page.getByRole('region', { name: 'Inviter quelqu\'un' });
    await form.getByLabel('Rôle').selectOption('mentor');
    // A mistyped address is caught before anything is sent.
    await form.getByLabel('Adresse e-mail (facultatif)').fill('pieter@');
    await form.getByRole('button', { name: 'Créer l\'invitation' }).click();
    await form.getByText('Indiquez une adresse e-mail valide').waitFor();
    await form.getByLabel('Adresse e-mail (facultatif)').fill('pieter@example.org');
    await form.getByRole('button', { name: 'Créer l\'invitation' }).click();
    await form.getByText('Invitation créée pour pieter@example.org.', { exact: false }).waitFor();

    const revoke = page.getByRole('button', { name: 'Révoquer — pieter@example.org' });
    await revoke.click();
    await page.getByText('Invitation révoquée', { exact: false }).waitFor();
    await revoke.waitFor({ state: 'detached' });
    await capture(page, T, '05-invitation-revoked');
  });

  it('lets the coordinator end a duo early, with a reason', async () => {
    const { page } = coordinator;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Programmes' }).click();
    await page.getByRole('link', { name: 'Cohorte automne' }).click();
    await waitForPath(page, /^\/programmes\/[0-9a-f]{24}$/);
    // Details first: three meetings a month instead of two.
    await page.getByRole('button', { name: 'Modifier' }).click();
    const details = page.getByRole('dialog', { name: 'Détails du programme' });
    await details.getByLabel('Rencontres par mois').fill('3');
    await details.getByRole('button', { name: 'Enregistrer' }).click();
    await details.waitFor({ state: 'hidden' });
    await page.getByText('3 rencontres par mois pendant 6 mois').waitFor();

    const status = page.getByLabel('Statut du duo Lotte Janssens et Youssef El Amrani');
    await status.selectOption('ended_early');
    const dialog = page.getByRole('dialog', { name: 'Arrêter ce duo avant terme' });
    await dialog.getByRole('button', { name: 'Arrêter le duo' }).click();
    await dialog.getByText('Choisissez une raison.').waitFor();
    await capture(page, T, '06-end-duo-dialog');
    // Changing one's mind: Escape leaves the duo as it was.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await status.inputValue()).toBe('active');

    await status.selectOption('ended_early');
    // A reason funders can count (issue 13), and the coordinator's words beside it.
    await dialog.getByLabel('Raison', { exact: true }).selectOption({ label: 'A trouvé un emploi' });
    await dialog.getByLabel('Précisions (facultatif)').fill('magasinier chez Colruyt');
    await dialog.getByRole('button', { name: 'Arrêter le duo' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Raison : A trouvé un emploi — magasinier chez Colruyt').waitFor();
    // A duo ended early is final: no more status choice.
    await status.waitFor({ state: 'detached' });
    await capture(page, T, '07-duo-ended-early');
    expect(coordinator.problems).toEqual([]);
  });

  it('lets the coordinator use the menu button on a phone', async () => {
    const { page } = coordinator;
    await page.setViewportSize({ width: 375, height: 812 });
    const menuButton = page.getByRole('button', { name: 'Menu', exact: true });
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    await menuButton.click();
    const mobileNav = page.locator('#mobile-nav');
    await mobileNav.getByRole('link', { name: 'Membres' }).waitFor();
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    await capture(page, T, '07b-phone-menu-open');
    await page.setViewportSize({ width: 375, height: 812 });
    await mobileNav.getByRole('link', { name: 'Membres' }).click();
    await waitForPath(page, '/members');
    // Arriving on the new page closes the menu.
    await mobileNav.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('lets the mentee choose a new password with the link, then log in and see the duo', async () => {
    const { page } = mentee;
    // The link names the server's PUBLIC_URL (localhost here); he opens it where he browses Binôme.
    await page.goto(new URL(resetLink).pathname);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill('something else entirely');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('The two passwords are not the same.').waitFor();
    await capture(page, T, '08a-reset-mismatch');
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('Your password has been changed.', { exact: false }).waitFor();

    await page.getByRole('link', { name: 'Log in' }).click();
    await waitForPath(page, '/login');
    await page.getByLabel('Email address').fill(people.mentee.email);
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await waitForPath(page, '/');
    // His account's language (English) now leads.
    await page.getByRole('heading', { name: 'Hello Youssef El Amrani' }).waitFor();
    await page.getByText('Your mentor', { exact: true }).waitFor();
    await page.getByRole('heading', { name: /Lotte Janssens/ }).waitFor();
    await page.getByText('Ended early', { exact: true }).waitFor();
    await capture(page, T, '08b-mentee-dashboard');
  });

  it('refuses a reset link used twice, with a way out', async () => {
    const other = await newPerson(browser, server.url, 'en-GB');
    await other.page.goto(new URL(resetLink).pathname);
    await other.page.getByLabel('New password', { exact: true }).fill('yet another sentence');
    await other.page.getByLabel('New password again').fill('yet another sentence');
    await other.page.getByRole('button', { name: 'Save the new password' }).click();
    await other.page.getByText('This link has expired or has already been used.').first().waitFor();
    await other.page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
    await capture(other.page, T, '09-reset-used');
    await other.context.close();
  });

  it('lets the mentee change language from the account menu and read the erasure policy', async () => {
    const { page } = mentee;
    await page.getByRole('button', { name: 'Account menu of Youssef El Amrani' }).click();
    await page.getByRole('menuitemradio', { name: 'Nederlands' }).click();
    await page.getByRole('heading', { name: 'Hallo Youssef El Amrani' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');

    await page.getByRole('button', { name: 'Accountmenu van Youssef El Amrani' }).click();
    await page.getByRole('menuitem', { name: 'Mijn profiel' }).click();
    await waitForPath(page, '/profile');
    expect(await page.getByLabel('Taal').inputValue()).toBe('nl');
    await capture(page, T, '10-profile-nl');

    const open = page.getByRole('button', { name: 'Mijn account verwijderen…' });
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'Je account verwijderen?' });
    await dialog.getByText('Dit kan niet ongedaan worden gemaakt.').waitFor();
    await capture(page, T, '11-delete-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await until('focus back on the delete button', () => open.evaluate((el) => el === document.activeElement));
  });

  it('shows a friendly page for an unknown address and for a page that is not for mentees', async () => {
    const { page } = mentee;
    await page.goto('/nowhere');
    await page.getByRole('heading', { name: 'Pagina niet gevonden' }).waitFor();
    await capture(page, T, '12-not-found');
    await page.goto('/programmes');
    await page.getByText('Deze pagina is voor coördinatoren').waitFor();
    await capture(page, T, '13-not-for-mentees');

    await page.getByRole('button', { name: 'Accountmenu van Youssef El Amrani' }).click();
    await page.getByRole('menuitem', { name: 'Afmelden' }).click();
    await waitForPath(page, '/login');
    await page.goto('/profile');
    await waitForPath(page, '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/profile');
    expect(mentee.problems).toEqual([]);
    expect(coordinator.problems).toEqual([]);
  });

  it('lets a mentor already on Binôme join a second organisation with her account', async () => {
    const mentor = await newPerson(browser, server.url, 'nl-BE');
    const { page } = mentor;
    await page.goto(secondOrgInvitation);
    await page.getByRole('heading', { name: 'Mentor Antwerpen vzw nodigt je uit op Binôme' }).waitFor();
    await page.getByRole('link', { name: 'Aanmelden' }).click();
    await waitForPath(page, '/login');
    await page.getByLabel('E-mailadres').fill(people.mentor.email);
    await page.getByLabel('Wachtwoord').fill(people.mentor.password);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    // Back on the invitation, now offered to join with the account.
    await waitForPath(page, secondOrgInvitation);
    await page.getByText('Je bent aangemeld als Lotte Janssens', { exact: false }).waitFor();
    await capture(page, T, '14-invite-join-existing');
    await page.getByRole('button', { name: 'Deelnemen met dit account' }).click();
    await waitForPath(page, '/');
    await page.getByText('Mentor bij Mentor Antwerpen vzw').waitFor();
    await page.getByRole('button', { name: /^Organisatie: Mentor Antwerpen vzw/ }).waitFor();
    expect(mentor.problems).toEqual([]);
    await mentor.context.close();
  });

  it('changes a role only when the admin confirms it with the button, not on choosing in the list', async () => {
    const s = server.services;
    const org = await createOrganisation(s, 'Backstage Network Brussels');
    const member = await addMember(s, org.id, 'mentee', { name: 'Aminata Diallo', locale: 'fr' });
    const admin = await newPerson(browser, server.url, 'fr-BE');
    const { page } = admin;
    await page.goto('/members');
    await waitForPath(page, '/login');
    await page.getByLabel('Adresse e-mail').fill(org.admin.email);
    await page.getByLabel('Mot de passe').fill(org.admin.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await waitForPath(page, '/members');
    const role = () => s.repos.memberships.findById(member.membership._id).then((m) => m!.role);

    await page.getByLabel('Rôle de Aminata Diallo').selectOption('mentor');
    const apply = page.getByRole('button', { name: 'Changer le rôle — Aminata Diallo' });
    await apply.waitFor();
    expect(await role()).toBe('mentee');
    await apply.click();
    await page.getByText('Rôle de Aminata Diallo enregistré').waitFor();
    expect(await role()).toBe('mentor');
    await apply.waitFor({ state: 'detached' });
    await admin.context.close();
  });
});
