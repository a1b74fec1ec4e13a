// A meeting held with live notes, in two browsers (the mentee on a 375 px phone): both write at the same time in
// different sections and see each other's text and caret, both add next steps, the mentee may tick the mentor's
// step but not delete it; the mentor marks the meeting done (the notes are sealed, later edits show against
// them); the next meeting's agenda shows the steps still open. A coordinator's browser never receives the notes.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays, wallClock, type MeetingView } from '../../src/lib/shared/meetings';
import type { DuoView } from '../../src/lib/shared/schemas';
import { toId } from '../../server/data/models';
import { addMember, createDuo, createOrganisation, createProgramme, type TestUser } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';
import { capture, captureFailure, launchBrowser, newPerson, until, type Person } from './harness';
import { logIn, shoot } from './cv-helpers';

const T = 'meeting-notes';
let server: TestServer;
let browser: Browser;
let mentor: Person;
let mentee: Person;
let coordinator: Person | undefined;
let duo: DuoView;
let plan: MeetingView[];
let users: Record<'mentor' | 'mentee' | 'coordinator', TestUser>;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const s = server.services;
  const org = await createOrganisation(s, 'Backstage Network Brussel');
  const programme = await createProgramme(s, org.id, { name: 'Lente 2027' });
  users = {
    coordinator: await addMember(s, org.id, 'coordinator', { name: 'Els Wouters', locale: 'fr' }),
    mentor: await addMember(s, org.id, 'mentor', { name: 'Thomas Lemaire', locale: 'fr', programmeIds: [programme.id] }),
    mentee: await addMember(s, org.id, 'mentee', { name: 'Aïcha Benali', locale: 'fr', programmeIds: [programme.id] })
  };
  duo = await createDuo(s, programme.id, users.mentor.id, users.mentee.id);
  // The first meeting began an hour ago (Brussels), the next in two weeks.
  const now = wallClock(new Date(Date.now() - 3_600_000));
  const duoDoc = (await s.repos.duos.findById(toId(duo.id)))!;
  plan = await s.meetings.meetings.plan(duoDoc, users.mentor.id, {
    date: now.date,
    time: now.time,
    durationMinutes: 90,
    mode: 'in_person',
    place: 'Café Belga, Ixelles',
    count: 12,
    intervalDays: 14
  });
  expect(plan[1].date).toBe(addDays(now.date, 14));
  // The programme's topics by week: the second meeting falls in the duo's second week.
  const programmeDoc = (await s.repos.programmes.findById(toId(programme.id)))!;
  await s.meetings.topics.set(programmeDoc, [
    { week: 1, text: 'Faire connaissance et écrire l’accord' },
    { week: 2, text: 'Préparer les entretiens d’embauche' }
  ]);
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

const sectionBox = (page: Page, name: string) => page.getByRole('textbox', { name, exact: true });
const online = (page: Page) => until('the notes are online', async () => (await page.locator('[data-status]').getAttribute('data-status')) === 'online', 15_000);
const steps = (page: Page) => page.getByTestId('next-steps').locator(':scope > li');

async function addStep(page: Page, text: string, owner: string, due?: string) {
  await page.getByLabel('Nouvelle étape').fill(text);
  await page.getByLabel('Qui s’en charge').or(page.getByLabel("Qui s'en charge")).selectOption({ label: owner });
  if (due) await page.getByLabel('Pour le (facultatif)').fill(due);
  await page.getByRole('button', { name: 'Ajouter l’étape' }).or(page.getByRole('button', { name: "Ajouter l'étape" })).click();
}

describe('holding a meeting with live notes', () => {
  it('both open the first meeting’s notes and see each other', async () => {
    await mentor.page.goto(`/duos/${duo.id}`);
    await mentor.page.getByRole('link', { name: /^Notes de la rencontre du/ }).first().click();
    await mentee.page.goto(`/duos/${duo.id}/meetings/${plan[0].id}`);
    await Promise.all([online(mentor.page), online(mentee.page)]);
    await mentor.page.getByRole('heading', { name: 'Notes de la rencontre 1' }).waitFor();
    await until('each sees the other here', async () =>
      (await mentor.page.getByTestId('presence').textContent())!.includes('Aïcha Benali') && (await mentee.page.getByTestId('presence').textContent())!.includes('Thomas Lemaire')
    );
  });

  it('both write at the same time, each in a section, and see the other’s text and caret', async () => {
    await sectionBox(mentor.page, 'Notes').click();
    await sectionBox(mentee.page, 'Décisions').click();
    await Promise.all([
      mentor.page.keyboard.type('Simulation d’entretien pour le poste de réceptionniste.', { delay: 15 }),
      mentee.page.keyboard.type('Je postule chez Brussels Airport avant vendredi.', { delay: 15 })
    ]);
    await until('the mentee sees the mentor’s notes', async () => (await sectionBox(mentee.page, 'Notes').textContent())!.includes('réceptionniste.'));
    await until('the mentor sees the mentee’s decision', async () => (await sectionBox(mentor.page, 'Décisions').textContent())!.includes('avant vendredi.'));
    await until('the mentee sees the mentor’s caret with his name', async () =>
      (await mentee.page.locator('[data-section="notes"] .collab-caret__label', { hasText: 'Thomas Lemaire' }).count()) === 1
    );
  });

  it('both add next steps; the mentee may tick the mentor’s step but has no way to delete it', async () => {
    await addStep(mentor.page, 'Relire la lettre de motivation', 'Thomas Lemaire', addDays(plan[0].date, 7));
    await addStep(mentee.page, 'Appeler Actiris pour la formation', 'Aïcha Benali');
    for (const page of [mentor.page, mentee.page]) await until('both steps', async () => (await steps(page).count()) === 2);
    expect(await mentee.page.getByRole('button', { name: /^Supprimer l’étape|^Supprimer l'étape/ }).count()).toBe(1);
    // An empty step is refused with a message next to the field.
    await mentee.page.getByRole('button', { name: 'Ajouter l’étape' }).or(mentee.page.getByRole('button', { name: "Ajouter l'étape" })).click();
    await mentee.page.getByText('Décrivez l’étape.').or(mentee.page.getByText("Décrivez l'étape.")).waitFor();
    // Ticked by the mentee, seen ticked by the mentor; unticked again (it stays open for the next meeting).
    await mentee.page.getByRole('checkbox', { name: 'Relire la lettre de motivation' }).check();
    await until('the mentor sees it ticked', () => mentor.page.getByRole('checkbox', { name: 'Relire la lettre de motivation' }).isChecked());
    await mentee.page.getByRole('checkbox', { name: 'Relire la lettre de motivation' }).uncheck();
    await until('the mentor sees it open again', async () => !(await mentor.page.getByRole('checkbox', { name: 'Relire la lettre de motivation' }).isChecked()));
    await capture(mentor.page, T, 'notes-mentor');
    await shoot(mentee.page, T, 'notes-mentee', 375);
  });

  it('the mentor marks the meeting done; later edits show against the sealed notes', async () => {
    const page = mentor.page;
    await page.getByRole('button', { name: 'Marquer la rencontre comme faite' }).click();
    const dialog = page.getByRole('dialog', { name: 'Marquer la rencontre comme faite' });
    await dialog.getByLabel('Durée réelle (minutes)').fill('80');
    await dialog.getByRole('button', { name: 'Marquer comme faite' }).click();
    await page.getByTestId('sealed').waitFor();
    const meeting = await server.services.meetings.meetings.find(plan[0].id);
    expect(meeting).toMatchObject({ status: 'held', actualMinutes: 80 });
    expect(meeting!.sealedAt).toBeInstanceOf(Date);
    expect(meeting!.cvVersionId).not.toBeNull();

    await sectionBox(page, 'Notes').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Prochaine fois : le salaire.');
    await page.getByRole('button', { name: 'Voir les changements depuis' }).click();
    await until('the change shows', async () => (await page.locator('#sealed-changes ins').textContent())?.includes('salaire') ?? false);
    await capture(page, T, 'notes-sealed');
  });

  it('the next meeting’s agenda shows the week’s topic and the steps still open', async () => {
    const page = mentee.page;
    await page.goto(`/duos/${duo.id}/meetings/${plan[1].id}`);
    await online(page);
    const agenda = sectionBox(page, 'Ordre du jour');
    await until('open steps in the agenda', async () => {
      const text = (await agenda.textContent()) ?? '';
      return text.includes('Étapes encore ouvertes') && text.includes('Relire la lettre de motivation (mentor') && text.includes('Appeler Actiris pour la formation (mentoré·e)');
    });
    const text = (await agenda.textContent()) ?? '';
    expect(text).toContain('Thème de la semaine : Préparer les entretiens d’embauche');
    expect(text).not.toContain('Faire connaissance');
    await shoot(page, T, 'next-agenda', 375);
  });

  it('a coordinator cannot open the notes, and their browser never receives them', async () => {
    coordinator = await newPerson(browser, server.url, 'fr-BE');
    const bodies: string[] = [];
    coordinator.page.on('response', async (response) => bodies.push(await response.text().catch(() => '')));
    coordinator.page.on('websocket', (ws) => ws.on('framereceived', (frame) => bodies.push(String(frame.payload))));
    await logIn(coordinator.page, users.coordinator);
    await coordinator.page.goto(`/duos/${duo.id}/meetings/${plan[0].id}`);
    await coordinator.page.getByRole('heading', { name: 'Duo introuvable' }).waitFor();
    await coordinator.page.goto(`/duos/${duo.id}`);
    await until('the plan', async () => (await coordinator!.page.getByTestId('meeting-plan').locator(':scope > li').count()) === 12);
    expect(await coordinator.page.getByRole('link', { name: /^Notes de la rencontre/ }).count()).toBe(0);
    const received = bodies.join('\n');
    for (const secret of ['réceptionniste', 'Brussels Airport', 'Actiris', 'lettre de motivation', 'Café Belga']) expect(received).not.toContain(secret);
  });
});
