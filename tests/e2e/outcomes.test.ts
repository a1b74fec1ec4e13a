// Outcomes as people handle them (issue 13): two duos have ended; the mentee of one opens the emailed link on a
// phone, without logging in, and answers in her own language (Dutch, while her browser speaks French); the
// coordinator sees that answer on the programme's page and records the other mentee's situation in a dialog.
// Then the coordinator chooses the reporting fields and the mentee answers them under her profile.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { toId } from '../../server/data/models';
import { startTestServer, type TestServer } from '../helpers/server';
import { addMember, createDuo, createOrganisation, createProgramme, type TestUser } from '../helpers/factories';
import { capture, captureFailure, launchBrowser, newPerson, until, type Person } from './harness';
import { expectFit } from './fit';
import { logIn } from './cv-helpers';

const T = 'outcomes';

let server: TestServer;
let browser: Browser;
let coordinator: Person | undefined;
let mentee: Person | undefined;
let users: Record<'coordinator' | 'amira' | 'yusuf', TestUser>;
let programmeId: string;
let orgId: string;
let yusufDuo: string;

beforeAll(async () => {
  server = await startTestServer({ mail: true });
  browser = await launchBrowser();
  const s = server.services;
  const org = await createOrganisation(s, 'Duo for a Job Bruxelles');
  orgId = org.id;
  const programme = await createProgramme(s, org.id, { name: 'Cohorte printemps 2026' });
  programmeId = programme.id;
  const mentor1 = await addMember(s, org.id, 'mentor', { name: 'Marc Dubois', programmeIds: [programme.id] });
  const mentor2 = await addMember(s, org.id, 'mentor', { name: 'Pieter Janssens', programmeIds: [programme.id] });
  users = {
    coordinator: await addMember(s, org.id, 'coordinator', { name: 'Nathalie Claes', locale: 'fr' }),
    amira: await addMember(s, org.id, 'mentee', { name: 'Amira Haddad', locale: 'nl', programmeIds: [programme.id] }),
    yusuf: await addMember(s, org.id, 'mentee', { name: 'Yusuf Demir', locale: 'fr', programmeIds: [programme.id] })
  };
  const d1 = await createDuo(s, programme.id, mentor1.id, users.amira.id);
  const d2 = await createDuo(s, programme.id, mentor2.id, users.yusuf.id);
  yusufDuo = d2.id;
  for (const d of [d1, d2]) await s.duos.update((await s.repos.duos.findById(toId(d.id)))!, 'completed');
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, { coordinator, mentee });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('outcomes', () => {
  it('the mentee answers through the emailed link on a phone, in her language, once', async () => {
    await server.services.outcomes.forms.run();
    const mail = server.outbox.find((m) => m.to === users.amira.email);
    expect(mail?.subject).toContain('Duo for a Job Bruxelles');
    const url = new URL(/https?:\/\/\S+\/outcome-form\/[\w-]+/.exec(mail!.text)![0]);

    mentee = await newPerson(browser, server.url, 'fr-BE');
    const page = mentee.page;
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(url.pathname);
    await page.getByRole('heading', { name: 'Hoe gaat het nu?' }).waitFor();
    await page.getByText('Hallo Amira!').waitFor();
    await capture(page, T, 'mentee-form');
    await page.setViewportSize({ width: 375, height: 812 });
    await expectFit(page, T, 'mentee-form', 375);

    // Sending nothing says what is missing, next to the question.
    await page.getByRole('button', { name: 'Mijn antwoord versturen' }).click();
    await page.getByText('Kies een antwoord.').waitFor();
    await page.getByRole('radio', { name: 'Werk', exact: true }).check();
    await page.getByLabel('Welk contract?').selectOption({ label: 'Contract van bepaalde duur' });
    await page.getByLabel('Sinds wanneer?').fill('2026-11-03');
    await page.getByRole('button', { name: 'Mijn antwoord versturen' }).click();
    await page.getByText('Bedankt! Je antwoord is goed aangekomen.').waitFor();
    await capture(page, T, 'mentee-form-sent');

    const stored = await server.services.outcomes.store.outcomes.findOne({ menteeId: toId(users.amira.id) }).lean().exec();
    expect(stored).toMatchObject({ moment: 'end', situation: 'job', contractType: 'fixed_term', date: '2026-11-03', source: 'mentee_form', recordedBy: null });

    // The link works once. A used link no longer tells whose it was, so the page speaks the browser's language.
    await page.reload();
    await page.getByText('Ce lien ne marche plus.', { exact: false }).waitFor();
    await capture(page, T, 'mentee-form-gone');
    expect(mentee.problems).toEqual([]);
  });

  it('the coordinator sees the answer and records the other situation in a dialog', async () => {
    coordinator = await newPerson(browser, server.url, 'fr-BE');
    const page = coordinator.page;
    await logIn(page, users.coordinator);
    await page.goto(`/programmes/${programmeId}`);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Suivi des mentoré·es' }) });
    await section.getByText('1 situation à noter').waitFor();
    await section.getByText('Réponse de la personne', { exact: false }).waitFor();
    await capture(page, T, 'coordinator-to-record');

    await section.getByRole('button', { name: /Noter la situation — Yusuf Demir/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Fin du duo : Yusuf Demir' }).waitFor();
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('Choisissez une réponse.').waitFor();
    await dialog.getByRole('radio', { name: 'Une formation', exact: true }).check();
    await dialog.getByLabel('Depuis quand ?').fill('2026-10-12');
    await capture(page, T, 'coordinator-dialog');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await section.getByText('Tout est noté').waitFor();
    await section.getByText('Noté par Nathalie Claes', { exact: false }).waitFor();
    await capture(page, T, 'coordinator-recorded');

    const stored = await server.services.outcomes.store.outcomes.findOne({ duoId: toId(yusufDuo) }).lean().exec();
    expect(stored).toMatchObject({ moment: 'end', situation: 'training', date: '2026-10-12', source: 'coordinator' });
    expect(String(stored!.recordedBy)).toBe(users.coordinator.id);
    expect(coordinator.problems).toEqual([]);
  });

  it('the coordinator chooses the reporting fields; the mentee answers them under her profile', async () => {
    const page = coordinator!.page;
    await page.goto('/members');
    await page.getByRole('link', { name: 'Champs pour les rapports' }).click();
    await page.getByRole('heading', { name: 'Champs pour les rapports' }).waitFor();
    await page.getByLabel('Demander : Tranche d\'âge').check();
    await page.getByLabel('Demander : Région').check();
    await page.getByRole('button', { name: 'Enregistrer les champs' }).click();
    await page.getByText('Ajoutez au moins un choix.').waitFor();
    await page.getByRole('button', { name: 'Ajouter un choix' }).click();
    await page.getByLabel('Choix 1', { exact: true }).fill('Région de Bruxelles-Capitale');
    await page.getByRole('button', { name: 'Ajouter un choix' }).click();
    await page.getByLabel('Choix 2', { exact: true }).fill('Vlaams Gewest');
    await page.getByRole('button', { name: 'Enregistrer les champs' }).click();
    await page.getByText('Champs enregistrés').waitFor();
    await capture(page, T, 'reporting-settings');
    const settings = await server.services.outcomes.reporting.settings(toId(orgId));
    expect(settings.find((f) => f.field === 'region')!.options.map((o) => o.code)).toEqual(['region-de-bruxelles-capitale', 'vlaams-gewest']);

    const m = mentee!.page;
    // The link's page spoke Dutch without changing the device's language: the login page is in French.
    await logIn(m, users.amira);
    await m.goto('/profile');
    await m.getByRole('link', { name: 'De vragen voor de verslagen beantwoorden' }).click();
    await m.getByText('Alleen de coördinatoren van de vereniging zien je antwoorden.', { exact: false }).waitFor();
    await m.getByLabel('Leeftijdsgroep').selectOption({ label: '26 tot 35 jaar' });
    await m.getByLabel('Regio').selectOption({ label: 'Vlaams Gewest' });
    await m.getByRole('button', { name: 'Opslaan' }).click();
    await m.getByText('Je antwoorden zijn opgeslagen.').waitFor();
    await capture(m, T, 'reporting-answers');
    await m.setViewportSize({ width: 375, height: 812 });
    await expectFit(m, T, 'reporting-answers', 375);
    const profile = await server.services.outcomes.store.reportingProfiles.findOne({ userId: toId(users.amira.id) }).lean().exec();
    expect(profile?.answers).toEqual({ ageBand: '26_35', region: 'vlaams-gewest' });

    await m.getByRole('button', { name: 'Alles wissen' }).click();
    await m.getByText('Je antwoorden zijn gewist.').waitFor();
    await until('answers cleared', async () => {
      const p = await server.services.outcomes.store.reportingProfiles.findOne({ userId: toId(users.amira.id) }).lean().exec();
      return Object.keys(p?.answers ?? {}).length === 0;
    });
    expect(mentee!.problems).toEqual([]);
  });
});
