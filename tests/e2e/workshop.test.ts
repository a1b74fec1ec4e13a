// A whole group session as people run it, in Chromium: a coordinator prepares it from the CV strengths template
// and designates a mentor to facilitate; six participants (two on phones) join with the room's code; the
// facilitator runs every activity — check-in, private writing (nobody else's browser ever receives a draft),
// reveal, grouping by drag and by keyboard, votes within the budget (the 6th refused in the person's language),
// a timer that locks at zero, the lock, actions — then ends it; the summary's PDF is read back with pdfjs.
// Each board state is captured at 1280 and 375 px and checked with axe.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server';
import { addMember, createOrganisation, createProgramme } from '../helpers/factories';
import { readPdf } from '../helpers/pdf';
import { capture, captureFailure, hasFocus, launchBrowser, newPerson, tabTo, until, waitForPath, type Person } from './harness';
import { logIn } from './cv-helpers';
import { activityKind, card, domText, participant, shootAt, showColumn, waitActivity, type Participant } from './workshop-helpers';

const T = 'workshop';
const TITLE = 'Atelier CV : nos forces';

let server: TestServer;
let browser: Browser;
let coordinator: Person | undefined;
let lead: Participant;
let people: Participant[] = [];
let workshopId = '';
let code = '';
let userIds: string[] = [];

/** Each participant's private draft card: it must reach no one else before the reveal. */
const SECRETS = ['Je parle arabe et néerlandais', 'Ik heb tien jaar in de logistiek gewerkt', 'Bénévole à la Croix-Rouge', 'Permis C et CACES', 'Caissière polyvalente', 'Gestion de stock sur SAP'];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const s = server.services;
  const org = await createOrganisation(s, 'Duo for a Job Bruxelles');
  const programme = await createProgramme(s, org.id, { name: 'Cohorte automne' });
  const p = [programme.id];
  const coord = await addMember(s, org.id, 'coordinator', { name: 'Nadia Benali' });
  const mentor = await addMember(s, org.id, 'mentor', { name: 'Pieter De Smet', programmeIds: p });
  const who = [
    { name: 'Fatima El Amrani', role: 'mentee', locale: 'fr' },
    { name: 'Jonas Peeters', role: 'mentor', locale: 'nl' },
    { name: 'Amélie Dubois', role: 'mentee', locale: 'fr' },
    { name: 'Kwame Mensah', role: 'mentee', locale: 'fr' },
    { name: 'Sofie Vandenbroucke', role: 'mentor', locale: 'fr' },
    { name: 'Yasmina Haddad', role: 'mentee', locale: 'fr' }
  ] as const;
  const users = [];
  for (const w of who) users.push({ ...(await addMember(s, org.id, w.role, { name: w.name, locale: w.locale, programmeIds: p })), name: w.name });
  userIds = users.map((u) => u.id);
  coordinator = await newPerson(browser, server.url, 'fr-BE');
  await logIn(coordinator.page, coord);
  lead = await participant(browser, server.url, { ...mentor, name: 'Pieter De Smet' }, 1280);
  // Two of the six on phones.
  // One after the other: seven browsers starting at once on two cores would time out their first page.
  people = [];
  for (const [i, u] of users.entries()) people.push(await participant(browser, server.url, u, i >= 4 ? 375 : 1280));
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, { coordinator, lead, ...Object.fromEntries(people.map((p, i) => [`p${i}`, p])) });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const everyone = () => [lead, ...people];
const [FATIMA, JONAS, AMELIE, KWAME, SOFIE, YASMINA] = [0, 1, 2, 3, 4, 5];

describe('a group session from preparation to summary', () => {
  it('the coordinator prepares it from a template and asks a mentor to facilitate', async () => {
    const { page } = coordinator!;
    await page.goto('/workshops');
    await page.getByRole('link', { name: 'Nouvel atelier collectif' }).click();
    await waitForPath(page, '/workshops/new');
    await page.getByLabel('Titre', { exact: true }).fill(TITLE);
    await page.getByLabel('Date et heure').fill('2026-12-10T09:30');
    await page.getByLabel('Lieu').fill('Rue du Marché 12, 1000 Bruxelles');
    await page.getByLabel('Programme').selectOption({ label: 'Cohorte automne' });
    await page.getByRole('radio', { name: /Inventaire des forces du CV/ }).check();
    await capture(page, T, '01-new');
    await page.getByRole('button', { name: 'Créer l’atelier' }).click();
    await waitForPath(page, /^\/workshops\/[0-9a-f]{24}\/edit$/);
    workshopId = new URL(page.url()).pathname.split('/')[2];
    code = (await page.getByTestId('join-code').innerText()).trim();
    expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
    // The run-sheet of the template, in French.
    expect(await page.getByLabel('Titre de la colonne').first().inputValue()).toBe('Tour de table');
    await page.getByLabel('Confier l’animation à un·e mentor').selectOption({ label: 'Pieter De Smet' });
    await page.getByRole('button', { name: 'Ajouter à l’animation' }).click();
    await page.locator('li.chip', { hasText: 'Pieter De Smet' }).waitFor();
    await capture(page, T, '02-prepare');
    // The projector page: the code in large letters and the QR code drawn by the server.
    await page.goto(`/workshops/${workshopId}/code`);
    await page.getByTestId('projector').waitFor();
    await until('the QR code is drawn', () => page.locator('img[src*="join-code.svg"]').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0));
    await capture(page, T, '03-projector');
    await coordinator!.context.close();
    coordinator = undefined;
  });

  it('six participants join with the code (one through the QR code’s address), on desktops and phones', async () => {
    // The QR code opens /workshops/join/<code>: joined at once.
    await people[FATIMA].page.goto(`/workshops/join/${code}`);
    // The others type it, as read on the projector (spaces and lower case are fine).
    await Promise.all(
      people.slice(1).map(async (p, i) => {
        await p.page.goto('/workshops/join');
        const typed = i % 2 ? `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}` : code;
        await p.page.locator('#join-code-input').fill(typed);
        await p.page.locator('#join-code-input').press('Enter');
      })
    );
    await Promise.all(people.map((p) => waitForPath(p.page, `/workshops/${workshopId}`, 15_000)));
    await lead.page.goto(`/workshops/${workshopId}`);
    for (const p of everyone()) await p.page.getByTestId('activity').waitFor();
    await people[FATIMA].page.getByText('L’atelier n’a pas encore commencé').waitFor();
    await people[JONAS].page.getByText('Het groepsatelier is nog niet begonnen').waitFor();
  });

  it('the facilitator starts; every screen follows the check-in, and people see who is writing where', async () => {
    await lead.page.getByRole('button', { name: 'Démarrer l’atelier' }).click();
    await waitActivity(everyone(), 'checkin');
    const page = people[AMELIE].page;
    const field = page.getByLabel('Nouvelle carte dans « Tour de table »');
    await field.click();
    await field.pressSequentially('Motivée', { delay: 10 });
    // The facilitator sees who is writing in that column.
    await lead.page.locator('[data-column]', { hasText: 'Tour de table' }).getByTestId('typing').getByText('Amélie Dubois écrit ici').waitFor();
    await page.getByRole('button', { name: 'Ajouter la carte' }).first().click();
    for (const p of everyone()) {
      await showColumn(p, /Tour de table/);
      await card(p.page, 'Motivée').waitFor();
    }
    await capture(lead.page, T, '04-checkin-facilitator');
    await shootAt(people[SOFIE].page, T, '04-checkin-phone');
  });

  it('private writing: each writes a draft that no other browser ever receives, until the reveal', async () => {
    await lead.page.getByRole('button', { name: /^Suivant : Écriture personnelle/ }).click();
    await waitActivity(everyone(), 'private_writing');
    await Promise.all(
      people.map(async (p, i) => {
        const column = p.page.getByTestId('draft');
        // The columns are in the workshop's language (French), the interface in each person's.
        const label = i === JONAS ? 'Een idee voor „Compétences”' : 'Une idée pour « Compétences »';
        const form = column.locator('form').filter({ has: p.page.getByLabel(label) });
        await form.getByLabel(label).fill(SECRETS[i]);
        await form.getByRole('button', { name: i === JONAS ? 'Aan mijn klad toevoegen' : 'Ajouter à mon brouillon' }).click();
        await column.getByTestId('draft-card').getByText(SECRETS[i]).waitFor();
      })
    );
    // The facilitator has no draft of their own here and sees nobody's.
    await capture(lead.page, T, '05-private-writing-facilitator');
    await capture(people[FATIMA].page, T, '05-private-writing-participant');
    await people[FATIMA].page.setViewportSize({ width: 1280, height: 800 });
    // Give any leak the time to arrive: the drafts are stored (the server has them) before looking.
    await until('the server holds every draft', async () => {
      const texts = await Promise.all(
        people.map((_p, i) => server.binome.collab.withDocument(`draft:${workshopId}:${userIds[i]}`, (doc) => JSON.stringify(doc.getMap('draft').toJSON())).catch(() => ''))
      );
      return texts.every((t, i) => t.includes(SECRETS[i]));
    });
    for (const [i, owner] of people.entries()) {
      for (const other of everyone()) {
        if (other === owner) continue;
        expect(await domText(other.page), `${owner.name}'s draft in ${other.name}'s page`).not.toContain(SECRETS[i]);
        expect(other.frames.some((f) => f.includes(SECRETS[i])), `${owner.name}'s draft in ${other.name}'s WebSocket traffic`).toBe(false);
      }
    }
  });

  it('the reveal puts every draft on the board, anonymous for everyone, the facilitator included', async () => {
    await lead.page.getByRole('button', { name: /^Suivant : Révélation/ }).click();
    await waitActivity(everyone(), 'reveal');
    await lead.page.getByRole('button', { name: 'Tout mettre en commun' }).click();
    for (const p of everyone()) {
      await showColumn(p, /Compétences/);
      for (const secret of SECRETS) await card(p.page, secret).waitFor();
    }
    for (const [i, owner] of people.entries()) {
      for (const p of everyone()) {
        const text = await card(p.page, SECRETS[i]).innerText();
        expect(text, `${owner.name}'s card as ${p.name} sees it`).not.toContain(owner.name);
        expect(text).toMatch(p === owner ? /ma carte|mijn kaart/ : /Anonyme|Anoniem/);
      }
    }
    // The frame check of private writing is able to fail: once revealed, the cards do reach everyone's traffic.
    await until('the revealed card reached another browser', () => people[JONAS].frames.some((f) => f.includes(SECRETS[FATIMA])));
    await capture(lead.page, T, '06-revealed');
    await shootAt(people[YASMINA].page, T, '06-revealed-phone');
  });

  it('grouping: by keyboard with the "move to…" menu (announced), and by dragging with the mouse', async () => {
    await lead.page.getByRole('button', { name: /^Suivant : Regroupement/ }).click();
    await waitActivity(everyone(), 'group');
    const { page } = people[KWAME];
    const announcer = page.getByTestId('announcer');
    // Keyboard only: Tab to the card's menu, open it, last item "into a new group".
    await tabTo(page, card(page, SECRETS[FATIMA]).getByTestId('move-menu'), { max: 80 });
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem').first().waitFor();
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Dans un nouveau groupe');
    await page.keyboard.press('Enter');
    await until('the move is announced', async () => /en position 1 sur 1 dans le groupe Groupe sans titre, colonne Compétences/.test(await announcer.innerText()));
    const title = page.getByLabel('Titre du groupe dans « Compétences »');
    await tabTo(page, title, { max: 80 });
    await page.keyboard.type('Langues et parcours');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    // The second card joins the group through its menu, found with the arrow keys.
    await tabTo(page, card(page, SECRETS[JONAS]).getByTestId('move-menu'), { max: 80 });
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem').first().waitFor();
    for (let i = 0; i < 12; i++) {
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
      if (focused === 'Dans le groupe « Langues et parcours » (Compétences)') break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await until('announced in the group', async () => /en position 2 sur 2 dans le groupe Langues et parcours/.test(await announcer.innerText()));

    // With the mouse: Amélie drags her card into the group.
    const drag = people[AMELIE].page;
    const group = drag.locator('[data-group]', { hasText: 'Langues et parcours' });
    await group.waitFor();
    // Both the card and the group on screen at once (the mouse acts within the window).
    await drag.setViewportSize({ width: 1280, height: 1600 });
    await drag.evaluate(() => window.scrollTo(0, 0));
    const from = (await card(drag, SECRETS[AMELIE]).boundingBox())!;
    const to = (await group.locator('ul').boundingBox())!;
    const start = { x: from.x + from.width / 2, y: from.y + 14 };
    const end = { x: to.x + to.width / 2, y: to.y + to.height - 12 };
    await drag.mouse.move(start.x, start.y);
    await drag.mouse.down();
    for (let step = 1; step <= 20; step++) await drag.mouse.move(start.x + ((end.x - start.x) * step) / 20, start.y + ((end.y - start.y) * step) / 20);
    // svelte-dnd-action finds the zone under the card on its own timer: let go once the group shows where it lands
    // (the list under the cursor then holds a stand-in of the dragged card).
    await until('the dragged card is over the group', async () => (await group.locator('[data-card]', { hasText: SECRETS[AMELIE] }).count()) > 0);
    await drag.mouse.up();
    await drag.setViewportSize({ width: 1280, height: 800 });
    for (const p of everyone()) {
      await showColumn(p, /Compétences/);
      const g = p.page.locator('[data-group]', { hasText: 'Langues et parcours' });
      for (const i of [FATIMA, JONAS, AMELIE]) await g.locator('[data-card]', { hasText: SECRETS[i] }).waitFor();
    }
    // Nothing was duplicated by the moves.
    for (const i of [FATIMA, JONAS, AMELIE]) expect(await card(lead.page, SECRETS[i]).count()).toBe(1);
    await capture(lead.page, T, '07-grouped');
    await shootAt(people[SOFIE].page, T, '07-grouped-phone');
  });

  it('the lock makes the board read-only for participants, clearly, until it is lifted', async () => {
    await lead.page.getByRole('button', { name: 'Verrouiller le tableau' }).click();
    for (const p of people) await p.page.locator('[data-testid="read-only"][data-reason="locked"]').waitFor();
    expect(await people[KWAME].page.getByTestId('move-menu').count()).toBe(0);
    await shootAt(people[KWAME].page, T, '08-locked');
    await lead.page.getByRole('button', { name: 'Déverrouiller le tableau' }).click();
    await until('moves offered again', async () => (await people[KWAME].page.getByTestId('move-menu').count()) > 0);
  });

  it('votes within the budget: the cap and the 6th vote refused in each person’s language; keyboard only', async () => {
    await lead.page.getByRole('button', { name: /^Suivant : Vote/ }).click();
    await waitActivity(everyone(), 'vote');
    // Jonas, in Dutch, with the mouse: 3 on the group (the cap), a 4th refused.
    const nl = people[JONAS].page;
    const addNl = (label: string) => nl.getByRole('button', { name: `Een stem geven aan „${label}”` });
    for (let i = 0; i < 3; i++) {
      await addNl('Langues et parcours').click();
      await until(`vote ${i + 1} counted`, async () => (await nl.getByTestId('votes-left').innerText()).includes(`Nog ${4 - i} stemmen van 5`));
    }
    await until('3 votes on the group', async () => (await nl.locator('[data-group]').getByTestId('my-votes').innerText()) === '3 stemmen');
    await addNl('Langues et parcours').click();
    await nl.getByTestId('refusal').getByText('Hoogstens 3 stemmen op één kaart of groep.').waitFor();
    await addNl(SECRETS[KWAME]).click();
    await addNl(SECRETS[SOFIE]).click();
    await until('no votes left', async () => (await nl.getByTestId('votes-left').innerText()).startsWith('Geen stemmen meer van 5'));
    await addNl(SECRETS[YASMINA]).click();
    await nl.getByTestId('refusal').getByText('Je hebt je 5 stemmen gebruikt. Neem er een terug om elders te stemmen.').waitFor();

    // Fatima, in French, with the keyboard only.
    const fr = people[FATIMA].page;
    const addFr = (label: string) => fr.getByRole('button', { name: `Ajouter un vote pour « ${label} »` });
    await tabTo(fr, addFr('Langues et parcours'), { max: 80 });
    for (let i = 0; i < 3; i++) {
      await fr.keyboard.press('Enter');
      await until(`vote ${i + 1} announced`, async () => (await fr.getByTestId('announcer').innerText()).includes(`Il vous reste ${4 - i} vote`));
    }
    await tabTo(fr, addFr(SECRETS[KWAME]), { max: 40 });
    await fr.keyboard.press('Enter');
    await until('vote 4', async () => (await fr.getByTestId('votes-left').innerText()).includes('Il vous reste 1 vote sur 5'));
    await tabTo(fr, addFr(SECRETS[SOFIE]), { max: 40 });
    await fr.keyboard.press('Enter');
    await until('vote 5', async () => (await fr.getByTestId('votes-left').innerText()).includes('Plus aucun vote sur 5'));
    await tabTo(fr, addFr(SECRETS[YASMINA]), { max: 40 });
    await fr.keyboard.press('Enter');
    await fr.getByTestId('refusal').getByText('Vous avez utilisé vos 5 votes. Retirez-en un pour voter ailleurs.').waitFor();
    expect(await hasFocus(addFr(SECRETS[YASMINA]))).toBe(true);
    await shootAt(fr, T, '09-vote-refused');
    await shootAt(people[YASMINA].page, T, '09-vote-phone');

    // Tallies are hidden until the facilitator shows them, then everyone sees the counts (never who voted).
    expect(await lead.page.getByTestId('group-tally').count()).toBe(0);
    await lead.page.getByRole('button', { name: 'Montrer les votes' }).click();
    for (const p of everyone()) {
      await showColumn(p, /Compétences/);
      await until(`${p.name} sees the tally`, async () => /^(6 votes|6 stemmen)$/.test((await p.page.getByTestId('group-tally').innerText().catch(() => '')).trim()));
    }
    await capture(lead.page, T, '10-tallies');
  });

  it('the timer: announced at one minute and at zero, and locking input at zero', async () => {
    const fr = people[FATIMA].page;
    await lead.page.getByLabel('Minutes', { exact: true }).fill('1.05');
    await lead.page.getByRole('button', { name: 'Lancer le minuteur' }).click();
    await fr.getByTestId('timer-value').waitFor();
    await until('one minute announced', async () => (await fr.getByTestId('announcer').innerText()) === 'Plus qu’une minute.', 15_000);
    await lead.page.getByRole('button', { name: 'Arrêter' }).click();
    await until('timer gone', async () => (await fr.getByTestId('timer').count()) === 0);
    await lead.page.getByLabel('Minutes', { exact: true }).fill('0.1');
    await lead.page.getByLabel('Verrouiller à zéro').check();
    await lead.page.getByRole('button', { name: 'Lancer le minuteur' }).click();
    await until('zero announced', async () => (await fr.getByTestId('announcer').innerText()) === 'Le temps est écoulé.', 15_000);
    await fr.getByText('Temps écoulé : saisie verrouillée').waitFor();
    await fr.locator('[data-testid="read-only"][data-reason="locked"]').waitFor();
    // Input is locked: no vote buttons are offered any more, and the server refuses anyway.
    expect(await fr.getByRole('button', { name: /Ajouter un vote/ }).count()).toBe(0);
    await shootAt(fr, T, '11-time-up');
  });

  it('actions: written during the actions activity, with an owner and a due date, seen by all', async () => {
    await lead.page.getByRole('button', { name: /^Suivant : Discussion/ }).click();
    await waitActivity(everyone(), 'discuss');
    await lead.page.getByRole('button', { name: /^Suivant : Actions/ }).click();
    await waitActivity(everyone(), 'actions');
    const { page } = people[KWAME];
    await page.getByLabel('Action', { exact: true }).fill('Mettre les langues en haut du CV');
    await page.getByLabel('Qui s’en charge').selectOption({ label: 'Fatima El Amrani' });
    await page.getByLabel('Pour le', { exact: true }).fill('2026-12-20');
    await page.getByRole('button', { name: 'Ajouter l’action' }).click();
    for (const p of everyone()) await p.page.getByTestId('actions').getByText('Mettre les langues en haut du CV', { exact: true }).waitFor();
    await capture(page, T, '12-actions');
  });

  it('the end: the board turns read-only for everyone, the summary reads back from its PDF', async () => {
    await lead.page.getByRole('button', { name: 'Terminer l’atelier' }).click();
    await lead.page.getByRole('dialog').getByRole('button', { name: 'Terminer l’atelier' }).click();
    for (const p of people) await p.page.locator('[data-testid="read-only"][data-reason="ended"]').waitFor();
    await shootAt(people[SOFIE].page, T, '13-ended-phone');
    const { page } = people[FATIMA];
    await page.getByRole('link', { name: 'Résumé' }).click();
    await waitForPath(page, `/workshops/${workshopId}/summary`);
    await page.getByTestId('summary-actions').getByText('Mettre les langues en haut du CV').waitFor();
    await capture(page, T, '14-summary');
    const href = await page.getByTestId('export-pdf').getAttribute('href');
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    const pdf = await readPdf(new Uint8Array(await response.body()));
    const text = pdf.text.replace(/\s+/g, ' ');
    for (const expected of [TITLE, 'Langues et parcours', 'Mettre les langues en haut du CV', 'Fatima El Amrani', SECRETS[KWAME]]) expect(text).toContain(expected);
    // Everyone who was in the room is recorded present, those who waited before the start included.
    await page.getByRole('heading', { name: 'Présences : 6 sur 6' }).waitFor();
    // What Fatima keeps: her card and her action in "my workshops".
    await page.goto('/workshops');
    await page.getByTestId('my-workshops').getByText(SECRETS[FATIMA]).waitFor();
    await page.getByTestId('my-workshops').getByText('Mettre les langues en haut du CV').waitFor();
    await capture(page, T, '15-my-workshops');
    // The facilitator corrects the attendance afterwards: Kwame had to leave early.
    await lead.page.goto(`/workshops/${workshopId}/edit`);
    await lead.page.getByTestId('attendance').getByRole('checkbox', { name: /Kwame Mensah/ }).uncheck();
    await lead.page.getByRole('heading', { name: 'Présences : 5 sur 6' }).waitFor();
    await capture(lead.page, T, '16-attendance');
    for (const p of everyone()) expect(p.problems, p.name).toEqual([]);
  });
});
