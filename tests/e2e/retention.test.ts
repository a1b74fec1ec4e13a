// What the organisation sets around a duo's life, as people use it: the admin sets how long an ended duo is kept
// (a wrong value is explained next to the field), the coordinator writes the programme's topics by week on a
// phone, and the mentee of an ended duo is told until when she can reread everything, then that it was erased.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { DuoView } from '../../src/lib/shared/schemas';
import { toId } from '../../server/data/models';
import { DAY } from '../../server/domain/clock';
import { addMember, createDuo, createOrganisation, createProgramme, type TestUser } from '../helpers/factories';
import { startTestServer, type TestServer } from '../helpers/server';
import { capture, captureFailure, launchBrowser, newPerson, until, type Person } from './harness';
import { logIn } from './cv-helpers';

const T = 'retention';
let server: TestServer;
let browser: Browser;
let orgId: string;
let programmeId: string;
let duo: DuoView;
let users: Record<'admin' | 'coordinator' | 'mentor' | 'mentee', TestUser>;
const people: Record<string, Person | undefined> = {};

async function person(name: string, who: TestUser, width = 375): Promise<Person> {
  await people[name]?.context.close();
  const p = await newPerson(browser, server.url, 'fr-BE');
  await p.page.setViewportSize({ width, height: 812 });
  await logIn(p.page, who);
  people[name] = p;
  return p;
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const s = server.services;
  const org = await createOrganisation(s, 'Mentor Ensemble Namur');
  orgId = org.id;
  programmeId = (await createProgramme(s, orgId, { name: 'Cohorte printemps', months: 6 })).id;
  users = {
    admin: org.admin,
    coordinator: await addMember(s, orgId, 'coordinator', { name: 'Julie Lambert', locale: 'fr' }),
    mentor: await addMember(s, orgId, 'mentor', { name: 'Marc Dupont', locale: 'fr', programmeIds: [programmeId] }),
    mentee: await addMember(s, orgId, 'mentee', { name: 'Awa Traoré', locale: 'fr', programmeIds: [programmeId] })
  };
  duo = await createDuo(s, programmeId, users.mentor.id, users.mentee.id);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, people);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('around a duo’s life', () => {
  it('the admin sets the retention period on a phone; a wrong value is explained next to the field', async () => {
    const { page } = await person('admin', users.admin);
    await page.goto('/members');
    const field = page.getByLabel('Durée de conservation après la fin d’un duo (en mois)').or(page.getByLabel("Durée de conservation après la fin d'un duo (en mois)"));
    await until('the current period', async () => (await field.inputValue()) === '12');
    await field.fill('0');
    await field.press('Enter');
    await page.getByText('Indiquez un nombre entier de mois, de 1 à 120.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect((await server.services.repos.organisations.findById(toId(orgId)))!.retentionMonths).toBe(12);
    await field.fill('6');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Durée de conservation enregistrée').waitFor();
    expect((await server.services.repos.organisations.findById(toId(orgId)))!.retentionMonths).toBe(6);
    await capture(page, T, 'members-retention');
  });

  it('the coordinator writes the programme’s topics by week on a phone', async () => {
    const { page } = await person('coordinator', users.coordinator);
    await page.goto(`/programmes/${programmeId}`);
    const topics = page.getByTestId('programme-topics');
    await topics.getByText('Aucun thème pour l’instant.').or(topics.getByText("Aucun thème pour l'instant.")).waitFor();
    await topics.getByRole('button', { name: 'Ajouter un thème' }).click();
    await topics.getByLabel('Thème').last().fill('Faire connaissance et écrire l’accord');
    await topics.getByRole('button', { name: 'Ajouter un thème' }).click();
    await topics.getByLabel('Semaine').last().fill('5');
    await topics.getByLabel('Thème').last().fill('Préparer les entretiens');
    await topics.getByRole('button', { name: 'Enregistrer les thèmes' }).click();
    await page.getByText('Thèmes enregistrés').waitFor();
    const saved = await server.services.meetings.topics.get((await server.services.repos.programmes.findById(toId(programmeId)))!);
    expect(saved.topics).toEqual([
      { week: 1, text: 'Faire connaissance et écrire l’accord' },
      { week: 5, text: 'Préparer les entretiens' }
    ]);
    await capture(page, T, 'programme-topics');
  });

  it('once the duo ended, the mentee is told until when she can reread everything', async () => {
    server.clock.set(new Date('2027-01-15T09:00:00Z'));
    const doc = (await server.services.repos.duos.findById(toId(duo.id)))!;
    await server.services.duos.update(doc, 'completed');
    const { page } = await person('mentee', users.mentee);
    await page.goto(`/duos/${duo.id}`);
    const notice = page.getByTestId('retention-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Vous pouvez tout relire et exporter jusqu'au 15 juillet 2027.");
    expect(await page.getByRole('link', { name: 'Ouvrir le journal' }).count()).toBe(1);
    await capture(page, T, 'duo-ended');
  });

  it('after the period, the content is erased and the page says so', async () => {
    server.clock.set(new Date('2027-07-15T09:00:01Z'));
    expect(await server.services.meetings.retention.run()).toBe(1);
    server.clock.advance(DAY);
    const { page } = await person('mentee', users.mentee);
    await page.goto(`/duos/${duo.id}`);
    const notice = page.getByTestId('retention-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Son contenu a été effacé le 15 juillet 2027');
    expect(await page.getByRole('link', { name: 'Ouvrir le journal' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'CV' }).count()).toBe(0);
    await capture(page, T, 'duo-erased');
  });
});
