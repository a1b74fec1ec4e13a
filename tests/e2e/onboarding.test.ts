// The foundation scenario, as people live it: an empty instance is set up by its first admin, who creates a
// programme and invites a mentor and a mentee by link; they sign up — one in French, one in Dutch — each in
// their own browser; the coordinator pairs them from the ranked suggestions; each sees the duo at home.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { capture, captureFailure, hasFocus, launchBrowser, newPerson, tabTo, until, waitForPath, type Person } from './harness';

const T = 'onboarding';
const PASSWORD = 'une phrase assez longue';

let server: TestServer;
let browser: Browser;
let admin: Person;
let mentor: Person;
let mentee: Person;
const links: { mentor?: string; mentee?: string } = {};
let programmePath = '';

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, { admin, mentor, mentee });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Reads what the page's copy button put on the clipboard, as the coordinator would paste it. */
async function copyLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Copier le lien' }).click();
  await page.getByText('Lien copié').first().waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/invite\/[^/]+$/);
  return link;
}

function noProblems(person: Person) {
  expect(person.problems).toEqual([]);
}

describe('onboarding: from an empty instance to a duo', () => {
  it('sends the first visitor to setup and creates the organisation and its admin', async () => {
    admin = await newPerson(browser, server.url, 'fr-BE');
    const { page } = admin;
    await page.goto('/');
    await waitForPath(page, '/setup');
    await page.getByRole('heading', { name: 'Bienvenue dans Binôme' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await capture(page, T, '01-setup');

    // The setup code is asked first, and where to find it is said next to the field.
    const codeField = page.getByLabel("Code d'installation");
    await page.getByText('le serveur l\'affiche dans sa console').waitFor();
    expect(await codeField.getAttribute('aria-describedby')).toContain('setup-setupCode-hint');
    // A wrong code is refused on the field, and nothing is created.
    await codeField.click();
    await page.keyboard.type('AAAAA-BBBBB-CCCCC-DDDDD');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Duo Bruxelles asbl');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Amina Diallo');
    await page.keyboard.press('Tab');
    await page.keyboard.type('amina@duo.example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText("Ce n'est pas le code affiché par le serveur").waitFor();
    await until('focus on the setup code', () => codeField.evaluate((el) => el === document.activeElement));
    expect(await server.services.repos.users.count()).toBe(0);

    // Keyboard only: the right code (as printed by `npm start`) replaces the wrong one, Enter submits.
    const code = server.setupCode();
    expect(code).toMatch(/^[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$/);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(code!);
    await page.keyboard.press('Enter');

    await waitForPath(page, '/');
    await page.getByRole('heading', { name: 'Bonjour Amina Diallo' }).waitFor();
    await page.getByText('Aucun programme pour l\'instant').waitFor();
    await capture(page, T, '02-admin-dashboard-empty');
    // Spent: the server holds no code any more.
    expect(server.setupCode()).toBeNull();
    noProblems(admin);
  });

  it('creates a programme with the default rhythm in an accessible dialog', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Programmes' }).click();
    await waitForPath(page, '/programmes');
    const create = page.getByRole('button', { name: 'Nouveau programme' }).first();
    await create.waitFor();
    await capture(page, T, '03-programmes-empty');

    // Tab reaches the button, Enter opens the dialog, Escape closes it and gives focus back to the button.
    await tabTo(page, create);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Nouveau programme' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await until('focus back on the trigger', () => create.evaluate((el) => el === document.activeElement));

    await create.click();
    await dialog.waitFor();
    expect(await dialog.getByLabel('Rencontres par mois').inputValue()).toBe('2');
    expect(await dialog.getByLabel('Durée (mois)').inputValue()).toBe('6');
    await dialog.getByLabel('Nom', { exact: true }).fill('Cohorte printemps');
    await dialog.getByLabel('Statut').selectOption('active');
    await capture(page, T, '04-programme-create-dialog');
    await dialog.getByRole('button', { name: 'Créer le programme' }).click();

    await waitForPath(page, /^\/programmes\/[0-9a-f]{24}$/);
    programmePath = new URL(page.url()).pathname;
    await page.getByRole('heading', { name: 'Cohorte printemps' }).waitFor();
    await page.getByText('Personne dans ce programme pour l\'instant').waitFor();
    await capture(page, T, '05-programme-empty');
    noProblems(admin);
  });

  it('invites a mentor in French and a mentee in Dutch, copying each link from the page', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Invitations' }).click();
    await waitForPath(page, '/invitations');
    const form = page.getByRole('region', { name: 'Inviter quelqu\'un' });
    await form.getByLabel('Rôle').waitFor();
    await capture(page, T, '06-invitations-empty');

    await form.getByLabel('Rôle').selectOption('mentor');
    expect(await form.getByLabel('Programme').locator('option:checked').textContent()).toBe('Cohorte printemps');
    await form.getByLabel('Langue de l\'invitation').selectOption('fr');
    await form.getByRole('button', { name: 'Créer l\'invitation' }).click();
    links.mentor = await copyLink(page);
    await capture(page, T, '07-invitation-created');

    await form.getByLabel('Rôle').selectOption('mentee');
    await form.getByLabel('Langue de l\'invitation').selectOption('nl');
    await form.getByRole('button', { name: 'Créer l\'invitation' }).click();
    await until('a second, different link', async () => (await page.locator('#invitation-link').inputValue()) !== links.mentor);
    links.mentee = await copyLink(page);
    expect(links.mentee).not.toBe(links.mentor);
    await page.getByRole('tab', { name: /En attente \(2\)/ }).waitFor();
    noProblems(admin);
  });

  it('lets the mentor sign up in French from the link, on a browser set to English', async () => {
    mentor = await newPerson(browser, server.url, 'en-GB');
    const { page } = mentor;
    await page.goto(links.mentor!);
    await page.getByRole('heading', { name: 'Duo Bruxelles asbl vous invite sur Binôme' }).waitFor();
    await page.getByText('Vous êtes invité·e comme mentor dans le programme « Cohorte printemps ».').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await capture(page, T, '08-invite-mentor-fr');

    await page.getByLabel('Votre nom').fill('Sophie Lambert');
    await page.getByLabel('Adresse e-mail').fill('sophie@example.org');
    await page.getByLabel('Choisissez un mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer mon compte et rejoindre' }).click();

    await waitForPath(page, '/');
    await page.getByRole('heading', { name: 'Bonjour Sophie Lambert' }).waitFor();
    await page.getByText('Pas encore de duo').waitFor();
    await capture(page, T, '09-mentor-dashboard-empty');
    noProblems(mentor);
  });

  it('lets the mentee sign up in Dutch from the link, on a browser set to French', async () => {
    mentee = await newPerson(browser, server.url, 'fr-BE');
    const { page } = mentee;
    await page.goto(links.mentee!);
    await page.getByRole('heading', { name: 'Duo Bruxelles asbl nodigt je uit op Binôme' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    await capture(page, T, '10-invite-mentee-nl');

    await page.getByLabel('Je naam').fill('Jan Peeters');
    await page.getByLabel('E-mailadres').fill('jan@example.org');
    // A too-short password is refused next to its field, in Dutch, before anything is sent.
    await page.getByLabel('Kies een wachtwoord').fill('kort');
    await page.getByRole('button', { name: 'Account aanmaken en deelnemen' }).click();
    await page.getByText('Het wachtwoord moet minstens 10 tekens hebben.').waitFor();
    await page.getByLabel('Kies een wachtwoord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Account aanmaken en deelnemen' }).click();

    await waitForPath(page, '/');
    await page.getByRole('heading', { name: 'Hallo Jan Peeters' }).waitFor();
    await page.getByText('Nog geen mentor').waitFor();
    await capture(page, T, '11-mentee-dashboard-empty');
    noProblems(mentee);
  });

  it('lets the mentor fill in her pairing profile from the user menu, with the keyboard', async () => {
    const { page } = mentor;
    // From the top of a page, Tab reaches the account menu; it opens with Enter on its first item, moves with
    // the arrow keys, closes with Escape back to its button, and follows the item chosen with Enter.
    // (The same origin as the page: she arrived through the link's host, which is not the test's base URL.)
    await page.goto(new URL('/', page.url()).href);
    await page.getByRole('heading', { name: 'Bonjour Sophie Lambert' }).waitFor();
    const trigger = page.getByRole('button', { name: 'Menu du compte de Sophie Lambert' });
    await tabTo(page, trigger);
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu');
    await menu.waitFor();
    const profile = menu.getByRole('menuitem', { name: 'Mon profil' });
    const language = (name: string) => menu.getByRole('menuitemradio', { name });
    await until('the first item has the keyboard', () => hasFocus(profile));
    await page.keyboard.press('ArrowDown');
    await until('ArrowDown moves to the first language', () => hasFocus(language('Français')));
    await page.keyboard.press('ArrowDown');
    await until('ArrowDown moves to the next language', () => hasFocus(language('Nederlands')));
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    await until('focus back on the account button', () => hasFocus(trigger));
    await page.keyboard.press('Enter');
    await until('the menu opens again on its first item', () => hasFocus(profile));
    await page.keyboard.press('ArrowDown');
    await until('down to a language', () => hasFocus(language('Français')));
    await page.keyboard.press('ArrowUp');
    await until('ArrowUp back to Mon profil', () => hasFocus(profile));
    await page.keyboard.press('Enter');
    await waitForPath(page, '/profile');
    // Enter chose the profile, not a language on the way.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');

    const section = page.getByRole('region', { name: 'Mon profil de jumelage' });
    await section.getByRole('checkbox', { name: 'français' }).check();
    await section.getByRole('checkbox', { name: 'néerlandais' }).check();
    await section.getByLabel('Secteur').fill('Logistique');
    await section.getByLabel('Commune').fill('Schaerbeek');
    await section.getByRole('checkbox', { name: 'en soirée en semaine' }).check();
    await capture(page, T, '12-mentor-profile');
    await section.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Profil de jumelage enregistré').waitFor();
    noProblems(mentor);
  });

  it('lets the coordinator complete the mentee\'s pairing profile from the members page', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Membres' }).click();
    await waitForPath(page, '/members');
    await page.getByText('jan@example.org').waitFor();
    await capture(page, T, '13-members');

    await page.getByRole('button', { name: 'Profil de jumelage — Jan Peeters' }).click();
    const dialog = page.getByRole('dialog', { name: 'Profil de jumelage de Jan Peeters' });
    await dialog.getByRole('checkbox', { name: 'néerlandais' }).check();
    await dialog.getByLabel('Autres langues').fill('arabe');
    await dialog.getByLabel('Secteur').fill('logistique');
    await dialog.getByLabel('Métier recherché').fill('Magasinier');
    await dialog.getByLabel('Commune').fill('Schaerbeek');
    await dialog.getByRole('checkbox', { name: 'en soirée en semaine' }).check();
    await capture(page, T, '14-member-profile-dialog');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Profil de jumelage enregistré').waitFor();
    noProblems(admin);
  });

  it('lets the coordinator pair them from the ranked suggestions', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Programmes' }).click();
    await page.getByRole('link', { name: 'Cohorte printemps' }).click();
    await waitForPath(page, programmePath);
    await page.getByRole('heading', { name: /Participants : 1 mentor, 1 mentoré/ }).waitFor();

    await page.getByLabel('Mentoré·e à associer').selectOption({ label: 'Jan Peeters' });
    const first = page.getByTestId('suggestion').first();
    await first.getByText('Sophie Lambert', { exact: true }).waitFor();
    await page.getByText('Mentors proposés pour Jan Peeters').waitFor();
    // The reasons come from both profiles, translated: the shared language, sector, commune and evening slot.
    const reasons = first.getByRole('list', { name: 'Pourquoi ce mentor' });
    for (const chip of ['Parle néerlandais', 'Même secteur : Logistique', 'Habite près : Schaerbeek', 'Disponible en soirée en semaine', 'A du temps pour un nouveau duo']) {
      await reasons.getByText(chip, { exact: true }).waitFor();
    }
    await capture(page, T, '15-pairing-suggestions');

    // The mentee's dashboard is open: mark the page, to show later that the duo arrived without a reload.
    await mentee.page.evaluate(() => Object.assign(window, { binomeNotReloaded: true }));
    await first.getByRole('button', { name: 'Associer à Sophie Lambert' }).click();
    await page.getByText('Sophie Lambert et Jan Peeters forment maintenant un duo').waitFor();
    // The mentee is told at once (Socket.IO access:changed); the notice goes after five seconds, so look now.
    await mentee.page.getByText('Je hebt een nieuw duo!').waitFor();
    const row = page.getByTestId('duo-row');
    await row.getByText('Jan Peeters', { exact: true }).waitFor();
    await page.getByText('Chaque mentoré·e a un·e mentor').waitFor();
    await capture(page, T, '16-programme-with-duo');

    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Vue d\'ensemble' }).click();
    await waitForPath(page, '/');
    await page.getByRole('region', { name: 'Duos récents' }).getByText('Jan Peeters', { exact: true }).waitFor();
    await capture(page, T, '17-admin-dashboard-with-duo');
    noProblems(admin);
  });

  it('shows the duo on the mentor\'s and the mentee\'s dashboards, each in their language', async () => {
    // The mentor is still on her profile page: she goes home through the navigation.
    await mentor.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mes duos' }).click();
    await waitForPath(mentor.page, '/');
    await mentor.page.getByText('Votre mentoré·e', { exact: true }).waitFor();
    await mentor.page.getByRole('heading', { name: /Jan Peeters/ }).waitFor();
    await capture(mentor.page, T, '18-mentor-dashboard-duo');
    noProblems(mentor);

    // The mentee's dashboard was open all along: the duo appears without reloading (Socket.IO access:changed).
    await mentee.page.getByText('Je mentor', { exact: true }).waitFor();
    expect(await mentee.page.evaluate(() => (window as unknown as { binomeNotReloaded?: boolean }).binomeNotReloaded)).toBe(true);
    await mentee.page.getByRole('heading', { name: /Sophie Lambert/ }).waitFor();
    await mentee.page.getByText('Nog geen afspraak gepland.').waitFor();
    await capture(mentee.page, T, '19-mentee-dashboard-duo');

    await mentee.page.getByRole('link', { name: 'Duo openen' }).click();
    await waitForPath(mentee.page, /^\/duos\/[0-9a-f]{24}$/);
    await mentee.page.getByRole('heading', { name: 'Sophie Lambert en Jan Peeters' }).waitFor();
    await capture(mentee.page, T, '20-mentee-duo-page');
    noProblems(mentee);
  });

  it('lets the instance admin host a second organisation and switch between them', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'Menu du compte de Amina Diallo' }).click();
    await page.getByRole('menuitem', { name: 'Nouvelle organisation…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouvelle organisation' });
    await dialog.getByLabel('Nom de votre organisation').fill('Team Antwerpen vzw');
    await dialog.getByRole('button', { name: 'Créer l\'organisation' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The new, empty organisation is the current one.
    await page.getByText('Administrateur·rice chez Team Antwerpen vzw').waitFor();
    await page.getByText('Aucun programme pour l\'instant').waitFor();

    const switcher = page.getByRole('button', { name: /^Organisation : Team Antwerpen vzw/ });
    await switcher.click();
    await page.getByRole('menuitemradio', { name: /Duo Bruxelles asbl/ }).waitFor();
    await capture(page, T, '21-organisation-switcher');
    await page.getByRole('menuitemradio', { name: /Duo Bruxelles asbl/ }).click();
    await page.getByText('Administrateur·rice chez Duo Bruxelles asbl').waitFor();
    await page.getByRole('link', { name: 'Cohorte printemps' }).waitFor();
    noProblems(admin);
  });
});
