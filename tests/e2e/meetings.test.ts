// Meetings as a duo plans them, in two browsers: the mentor plans the six months in one step, the mentee (on a
// phone) sees the next meeting on their home page and in the plan, cancels one with a reason, the mentor marks
// the first one held and moves another to video; each gets the .ics and a private calendar address; the
// coordinator follows the plan without ever receiving where, links or reasons.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { DuoView } from '../../src/lib/shared/schemas';
import { addDays, wallClock } from '../../src/lib/shared/meetings';
import { toId } from '../../server/data/models';
import { startTestServer, type TestServer } from '../helpers/server';
import { addMember, createDuo, createOrganisation, createProgramme, type TestUser } from '../helpers/factories';
import { capture, captureFailure, launchBrowser, newPerson, until, type Person } from './harness';
import { logIn } from './cv-helpers';

const T = 'meetings';
const PLACE = 'Maison de l’emploi de Saint-Gilles';
const REASON = 'Entretien chez Bruxelles-Propreté ce matin-là';
const VIDEO = 'https://meet.jit.si/binome-samira-wout';

let server: TestServer;
let browser: Browser;
let mentor: Person;
let mentee: Person;
let coordinator: Person | undefined;
let duo: DuoView;
let users: Record<'mentor' | 'mentee' | 'coordinator', TestUser>;
/** Yesterday on Brussels' clock: the first meeting has taken place, the second is in thirteen days. */
const firstDay = addDays(wallClock(new Date()).date, -1);

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const s = server.services;
  const org = await createOrganisation(s, 'Duo for a Job Brussel');
  const programme = await createProgramme(s, org.id, { name: 'Cohorte automne' });
  users = {
    coordinator: await addMember(s, org.id, 'coordinator', { name: 'Hanne Peeters', locale: 'en' }),
    mentor: await addMember(s, org.id, 'mentor', { name: 'Wout De Smet', locale: 'fr', programmeIds: [programme.id] }),
    mentee: await addMember(s, org.id, 'mentee', { name: 'Samira Haddou', locale: 'fr', programmeIds: [programme.id] })
  };
  duo = await createDuo(s, programme.id, users.mentor.id, users.mentee.id);
  mentor = await newPerson(browser, server.url, 'fr-BE');
  mentee = await newPerson(browser, server.url, 'fr-BE');
  await Promise.all([logIn(mentor.page, users.mentor), logIn(mentee.page, users.mentee)]);
  await mentee.page.setViewportSize({ width: 375, height: 812 });
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, { mentor, mentee, coordinator });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const plan = (page: Page) => page.getByTestId('meeting-plan').locator(':scope > li');
const item = (page: Page, n: number): Locator => plan(page).nth(n - 1);

describe('planning and holding meetings', () => {
  it('the mentor plans the six months in one step', async () => {
    const page = mentor.page;
    await page.goto(`/duos/${duo.id}`);
    await page.getByRole('heading', { name: 'Planifier les six mois' }).waitFor();
    await page.getByLabel('Date de la première rencontre').fill(firstDay);
    await page.getByLabel('Heure', { exact: true }).fill('18:00');
    // Without a place the form says what is missing, next to the field, and sends nothing.
    await page.getByRole('button', { name: 'Créer les 12 rencontres' }).click();
    await page.getByText('Indiquez où vous vous rencontrez.').waitFor();
    expect(await server.services.meetings.store.meetings.countForDuo(toId(duo.id))).toBe(0);
    await page.getByLabel('Lieu').fill(PLACE);
    await page.getByRole('button', { name: 'Créer les 12 rencontres' }).click();
    await until('twelve meetings in the plan', async () => (await plan(page).count()) === 12);
    expect(await item(page, 12).textContent()).toContain('Rencontre 12');
    expect(await item(page, 2).textContent()).toContain(PLACE);
    await capture(page, T, 'mentor-plan');
  });

  it('the mentee sees the next meeting on their phone, at home and on the duo page', async () => {
    const page = mentee.page;
    await page.goto('/');
    const second = await server.services.meetings.meetings.list((await server.services.repos.duos.findById(toId(duo.id)))!, true);
    const expected = new Intl.DateTimeFormat('fr-BE', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Brussels' }).format(new Date(second[1].startsAt));
    await until('the next meeting on the home page', async () => (await page.getByTestId('next-meeting').textContent()) === expected);
    await page.goto(`/duos/${duo.id}`);
    await until('the plan', async () => (await plan(page).count()) === 12);
    expect(await page.getByTestId('next-meeting').textContent()).toBe(expected);
  });

  it('the mentee cancels the third meeting with a reason; the mentor sees why', async () => {
    const page = mentee.page;
    await item(page, 3).getByRole('button', { name: 'Annuler' }).click();
    const dialog = page.getByRole('dialog', { name: 'Annuler la rencontre' });
    await dialog.getByRole('button', { name: 'Annuler la rencontre' }).click();
    await dialog.getByText('Indiquez pourquoi la rencontre est annulée.').waitFor();
    await dialog.getByLabel('Raison').fill(REASON);
    await dialog.getByRole('button', { name: 'Annuler la rencontre' }).click();
    await until('the meeting cancelled', async () => (await item(page, 3).textContent())?.includes('Annulée') ?? false);
    await mentor.page.reload();
    await until('the mentor sees the reason', async () => (await item(mentor.page, 3).textContent())?.includes(`Annulée : ${REASON}`) ?? false);
    // The numbers close up: the fourth meeting of the plan is now the third.
    expect(await item(mentor.page, 4).textContent()).toContain('Rencontre 3');
  });

  it('the mentor marks the first meeting held with its real duration, and moves another to video', async () => {
    const page = mentor.page;
    await item(page, 1).getByRole('button', { name: 'Elle a eu lieu' }).click();
    const held = page.getByRole('dialog', { name: 'La rencontre a eu lieu' });
    await held.getByLabel('Durée réelle (minutes)').fill('75');
    await held.getByRole('button', { name: 'Enregistrer' }).click();
    await until('held for 75 minutes', async () => (await item(page, 1).textContent())?.includes('75 min de rencontre') ?? false);
    expect(await item(page, 1).textContent()).toContain('Tenue');
    // Only the first has started: no other meeting offers "it took place".
    expect(await page.getByRole('button', { name: 'Elle a eu lieu' }).count()).toBe(0);

    await item(page, 4).getByRole('button', { name: 'Déplacer' }).click();
    const move = page.getByRole('dialog', { name: 'Déplacer la rencontre' });
    await move.getByLabel('Heure', { exact: true }).fill('12:30');
    await move.getByText('Par vidéo').click();
    await move.getByLabel('Lien de la vidéo').fill(VIDEO);
    await move.getByRole('button', { name: 'Enregistrer' }).click();
    await until('moved to video', async () => (await item(page, 4).getByRole('link', { name: 'Rejoindre la vidéo' }).getAttribute('href').catch(() => null)) === VIDEO);
    expect(await item(page, 4).textContent()).toContain('12:30');
    await capture(page, T, 'mentor-after-changes');
  });

  it('each meeting downloads as .ics, and the mentee subscribes a calendar to a private address', async () => {
    const page = mentee.page;
    await page.reload();
    await until('the plan', async () => (await plan(page).count()) === 12);
    const href = await item(page, 2).getByRole('link', { name: 'Ajouter à mon agenda' }).getAttribute('href');
    const ics = await mentee.context.request.get(href!);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    expect(await ics.text()).toContain(`LOCATION:${PLACE}`);

    await page.getByRole('button', { name: 'Créer mon adresse d’agenda' }).or(page.getByRole('button', { name: "Créer mon adresse d'agenda" })).click();
    const address = page.getByLabel('Votre adresse d’agenda privée').or(page.getByLabel("Votre adresse d'agenda privée"));
    await address.waitFor();
    const url = await address.inputValue();
    // A calendar app: no cookie at all.
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    const text = await feed.text();
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(12);
    expect(text).toContain('SUMMARY:Binôme : réunion avec Wout De Smet');
    await capture(page, T, 'mentee-duo-page');
  });

  it('both write the agreement, each their own part, and check in after the first meeting', async () => {
    await mentee.page.reload();
    await mentee.page.getByLabel('Objectifs (dans les mots de la personne mentorée)').fill('Travailler dans la logistique, près de chez moi.');
    await mentee.page.getByRole('button', { name: 'Enregistrer l’accord' }).or(mentee.page.getByRole('button', { name: "Enregistrer l'accord" })).click();
    await mentee.page.getByText('Accord enregistré').waitFor();
    await mentor.page.reload();
    const goals = mentor.page.getByLabel('Objectifs (dans les mots de la personne mentorée)');
    await until('the mentor reads the goals', async () => (await goals.inputValue()) === 'Travailler dans la logistique, près de chez moi.');
    expect(await goals.getAttribute('readonly')).not.toBeNull();
    // One tap after the meeting that took place.
    await item(mentor.page, 1).getByText('4', { exact: true }).click();
    await item(mentor.page, 1).getByRole('button', { name: 'Envoyer' }).click();
    await until('thanked', async () => ((await item(mentor.page, 1).getByTestId('checkin-given').textContent().catch(() => '')) ?? '').includes('4/5'));
  });

  it('each keeps private notes; the mentee shares a reflection the mentor reads', async () => {
    const page = mentee.page;
    await page.getByLabel('Mes notes privées').fill('Mon objectif secret : un CDI avant l’été.');
    await page.getByRole('button', { name: 'Enregistrer mes notes' }).click();
    await page.getByText('Notes privées enregistrées').waitFor();
    await page.getByRole('button', { name: 'Partager avec mon mentor' }).click();
    await page.getByText('Écrivez votre réflexion.').waitFor();
    await page.getByLabel('Une réflexion à partager avec votre mentor').fill('J’ose enfin appeler les employeurs.');
    await page.getByRole('button', { name: 'Partager avec mon mentor' }).click();
    await until('shared', async () => ((await page.getByTestId('reflections').textContent()) ?? '').includes('J’ose enfin'));
    await mentor.page.reload();
    await until('the mentor reads the reflection', async () => ((await mentor.page.getByTestId('reflections').textContent().catch(() => '')) ?? '').includes('J’ose enfin'));
    expect(await mentor.page.getByLabel('Mes notes privées').inputValue()).toBe('');
    expect(await mentor.page.getByRole('button', { name: 'Partager avec mon mentor' }).count()).toBe(0);
  });

  it('the coordinator follows the plan and never receives where, links or reasons', async () => {
    coordinator = await newPerson(browser, server.url, 'en-GB');
    const bodies: string[] = [];
    coordinator.page.on('response', async (response) => {
      if (response.url().includes('/api/')) bodies.push(await response.text().catch(() => ''));
    });
    await logIn(coordinator.page, users.coordinator, { email: 'Email address', password: 'Password', submit: 'Log in' });
    const page = coordinator.page;
    await page.goto(`/duos/${duo.id}`);
    await until('the plan', async () => (await plan(page).count()) === 12);
    const shown = (await page.getByTestId('meeting-plan').textContent()) ?? '';
    expect(shown).toContain('Held');
    expect(shown).toContain('75 min meeting');
    expect(shown).toContain('Cancelled');
    expect(await page.getByRole('button', { name: 'Schedule a meeting' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Move' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'In your calendar' }).count()).toBe(0);
    const received = bodies.join('\n');
    for (const secret of ['Saint-Gilles', 'jit.si', 'Bruxelles-Propreté', 'objectif secret', 'J’ose enfin']) expect(received).not.toContain(secret);
    expect(await page.getByRole('heading', { name: 'My private space' }).count()).toBe(0);
    await capture(page, T, 'coordinator-duo-page');
  });
});
