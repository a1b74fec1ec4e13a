// The mentee's journal on a phone: from the duo page to the journal, the timeline with the meeting's notes and
// next step, a search with an inflected word and then without its accent (keyboard only), the PDF export read
// back; axe and the 375 px fit at each step (capture).
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { DuoView } from '../../src/lib/shared/schemas';
import { addDays, wallClock } from '../../src/lib/shared/meetings';
import { setPlainText } from '../../src/lib/shared/cv/rich';
import { addStep, notesDocName, section } from '../../src/lib/shared/notes/model';
import { toId } from '../../server/data/models';
import { startTestServer, type TestServer } from '../helpers/server';
import { addMember, createDuo, createOrganisation, createProgramme, type TestUser } from '../helpers/factories';
import { DAY } from '../../server/domain/clock';
import { readPdf } from '../helpers/pdf';
import { capture, captureFailure, launchBrowser, newPerson, until, type Person } from './harness';
import { logIn } from './cv-helpers';

const T = 'journal';
const NOTES = 'Nous avons préparé l’entretien d’embauche chez Colruyt, au Café Renard.';

let server: TestServer;
let browser: Browser;
let mentee: Person;
let duo: DuoView;
let programmeId: string;
let coordinatorUser: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const s = server.services;
  const org = await createOrganisation(s, 'Duo for a Job Bruxelles');
  const programme = await createProgramme(s, org.id, { name: 'Cohorte automne' });
  programmeId = programme.id;
  coordinatorUser = await addMember(s, org.id, 'coordinator', { name: 'Hanne Peeters', locale: 'fr' });
  const mentor = await addMember(s, org.id, 'mentor', { name: 'Wout De Smet', locale: 'fr', programmeIds: [programme.id] });
  const menteeUser = await addMember(s, org.id, 'mentee', { name: 'Samira Haddou', locale: 'fr', programmeIds: [programme.id] });
  duo = await createDuo(s, programme.id, mentor.id, menteeUser.id);
  // Yesterday's meeting, its notes written in the live document, marked done.
  const duoDoc = (await s.repos.duos.findById(toId(duo.id)))!;
  const date = addDays(wallClock(new Date()).date, -1);
  const m = await s.meetings.meetings.schedule(duoDoc, mentor.id, { date, time: '10:00', durationMinutes: 60, mode: 'in_person', place: 'Maison de l’emploi, Ixelles' });
  const meeting = (await s.meetings.meetings.find(m.id))!;
  await s.meetings.notes.open(duoDoc, meeting);
  await server.binome.collab.withDocument(notesDocName(m.id), (doc) => {
    setPlainText(section(doc, 'notes'), NOTES);
    addStep(doc, { text: 'Envoyer une lettre de remerciement', owner: 'mentee', due: null }, menteeUser.id, new Date());
  });
  await s.meetings.notes.markDone(duoDoc, meeting, mentor.id, 55);
  mentee = await newPerson(browser, server.url, 'fr-BE');
  await mentee.page.setViewportSize({ width: 375, height: 812 });
  await logIn(mentee.page, menteeUser);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, { mentee });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the mentee’s journal', () => {
  it('opens from the duo page and shows the meeting’s notes and next step', async () => {
    const page = mentee.page;
    await page.goto(`/duos/${duo.id}`);
    await page.getByRole('link', { name: 'Ouvrir le journal' }).click();
    await page.getByRole('heading', { name: 'Journal du binôme', level: 1 }).waitFor();
    await page.getByText(NOTES).waitFor();
    await page.getByText(/Envoyer une lettre de remerciement/).waitFor();
    await page.getByRole('heading', { name: 'Rencontre 1' }).waitFor();
    await capture(page, T, 'timeline');
  });

  it('finds the meeting with an inflected word, then without the accent, from the keyboard', async () => {
    const page = mentee.page;
    await page.setViewportSize({ width: 375, height: 812 });
    const box = page.getByLabel('Mots à chercher');
    for (const q of ['entretiens', 'cafe']) {
      await box.fill(q);
      await box.press('Enter');
      await page.getByText(`Une rencontre trouvée pour « ${q} ».`).waitFor();
    }
    const result = page.getByRole('search').locator('..').getByRole('listitem');
    await until('one result', async () => (await result.count()) === 1);
    expect(await result.textContent()).toContain('Café Renard');
    await box.fill('piscine');
    await box.press('Enter');
    await page.getByText('Aucune rencontre trouvée pour « piscine ».').waitFor();
    await box.fill('cafe');
    await box.press('Enter');
    await page.getByText('Une rencontre trouvée pour « cafe ».').waitFor();
    await capture(page, T, 'search');
  });

  it('exports the journal as a PDF whose text reads back', async () => {
    const page = mentee.page;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger en PDF' }).click()]);
    const path = await download.path();
    const pdf = await readPdf(new Uint8Array(readFileSync(path)));
    const text = pdf.text.replace(/\s+/g, ' ');
    expect(text).toContain('Journal du binôme');
    expect(text).toContain('Café Renard');
    expect(text).toContain('Envoyer une lettre de remerciement');
  });

  it('three weeks later, the coordinator sees the duo flagged, with the reason and none of its notes', async () => {
    server.clock.set(new Date(server.clock.now().getTime() + 22 * DAY));
    const coordinator = await newPerson(browser, server.url, 'fr-BE');
    try {
      await logIn(coordinator.page, coordinatorUser);
      await coordinator.page.goto(`/programmes/${programmeId}`);
      const flag = coordinator.page.getByTestId('duo-flag');
      await flag.waitFor();
      expect(await flag.textContent()).toMatch(/À suivre : aucune rencontre tenue depuis 2[23] jours\./);
      expect(await coordinator.page.content()).not.toContain('Colruyt');
      await capture(coordinator.page, T, 'coordinator-flags');
      // The dashboard's card lists it across programmes, with the reason and a link to the duo.
      await coordinator.page.goto('/');
      const card = coordinator.page.getByTestId('flagged-duos');
      await card.getByTestId('flagged-duo').first().waitFor();
      expect(await card.textContent()).toMatch(/aucune rencontre tenue depuis 2[23] jours/);
      expect(await card.locator(`a[href="/duos/${duo.id}"]`).count()).toBe(1);
      expect(await coordinator.page.content()).not.toContain('Colruyt');
      await capture(coordinator.page, T, 'dashboard-flags'); // axe and no sideways scroll at 1280 and 375 px
    } finally {
      await coordinator.context.close();
    }
  });
});
