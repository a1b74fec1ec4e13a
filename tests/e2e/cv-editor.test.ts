// The live CV as a duo uses it: the mentor and the mentee (two browsers) type in the same field at once, see
// each other's caret with a name, comment and resolve, keep working while one of them is offline, save a
// version, compare and restore it, export a PDF with a Dutch name; a coordinator reads without editing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { DuoView } from '../../src/lib/shared/schemas';
import { toId } from '../../server/data/models';
import { startTestServer, type TestServer } from '../helpers/server';
import { addMember, createDuo, createOrganisation, createProgramme, type TestUser } from '../helpers/factories';
import { readPdf } from '../helpers/pdf';
import { SCREENSHOT_DIR, capture, captureFailure, hasFocus, launchBrowser, newPerson, tabTo, until, type Person } from './harness';
import { caretAtEnd, field, fieldText, fieldTextIn, logIn, openCv, serverText, shoot, waitOnline } from './cv-helpers';
import { COMMENTS_ROOT, cvDocName } from '../../src/lib/shared/cv/index.ts';

const T = 'cv-editor';
const HEADLINE = 'Titre du CV (métier recherché)';
const NAME = 'Nom et prénom';
const SUMMARY = 'Quelques lignes sur vous';
const PHONE = 'Téléphone';
const COMMUNE = 'Commune';

let server: TestServer;
let browser: Browser;
let mentor: Person;
let mentee: Person;
let coordinator: Person | undefined;
let duo: DuoView;
let users: { mentor: Awaited<ReturnType<typeof addMember>>; mentee: TestUser; coordinator: TestUser };

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const s = server.services;
  const org = await createOrganisation(s, 'Duo pour un emploi Bruxelles');
  const programme = await createProgramme(s, org.id, { name: 'Cohorte printemps' });
  const coord = await addMember(s, org.id, 'coordinator', { name: 'Claire Dubois', locale: 'en' });
  const m = await addMember(s, org.id, 'mentor', { name: 'Lotte Janssens', locale: 'fr', programmeIds: [programme.id] });
  const e = await addMember(s, org.id, 'mentee', { name: 'Zoë Van Rijckeghem', locale: 'fr', programmeIds: [programme.id] });
  duo = await createDuo(s, programme.id, m.id, e.id);
  users = { mentor: m, mentee: e, coordinator: coord };
  mentor = await newPerson(browser, server.url, 'fr-BE');
  mentee = await newPerson(browser, server.url, 'fr-BE');
  await Promise.all([logIn(mentor.page, m), logIn(mentee.page, e)]);
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(T, ctx.task.name, { mentor, mentee, coordinator });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('live CV co-editing', () => {
  it('opens the CV from the duo page for both, online', async () => {
    for (const person of [mentor, mentee]) {
      await person.page.goto(`/duos/${duo.id}`);
      await person.page.getByRole('link', { name: 'Ouvrir le CV' }).click();
      await person.page.getByRole('heading', { name: 'CV de Zoë Van Rijckeghem' }).waitFor();
      await waitOnline(person.page);
      await field(person.page, HEADLINE).waitFor();
    }
    // Each sees the other here.
    await mentor.page.locator('.cv-peer', { hasText: 'Zoë Van Rijckeghem' }).waitFor();
    await mentee.page.locator('.cv-peer', { hasText: 'Lotte Janssens' }).waitFor();
  });

  it('merges two people typing in the same field at the same time, everywhere', async () => {
    await Promise.all([openCv(mentor.page, duo.id), openCv(mentee.page, duo.id)]);
    await field(mentee.page, NAME).click();
    await mentee.page.keyboard.type('Zoë Van Rijckeghem');
    await field(mentee.page, HEADLINE).click();
    await mentee.page.keyboard.type('Employée');
    await until('the mentor sees the headline', async () => (await fieldText(mentor.page, HEADLINE)) === 'Employée');
    // Both at the very same spot, the end of the word, typing at once. Both words begin with the same two
    // characters (" p"): where a binding loses track of whose letter is whose, those are the letters that stray.
    await caretAtEnd(mentor.page, HEADLINE);
    await mentee.page.keyboard.press('End');
    const mentorWord = ' polyvalente';
    const menteeWord = ' passionnée';
    await Promise.all([mentor.page.keyboard.type(mentorWord, { delay: 20 }), mentee.page.keyboard.type(menteeWord, { delay: 20 })]);
    // Yjs orders the two runs typed at one spot by client, so either may come first; each stays whole.
    const possible = [`Employée${mentorWord}${menteeWord}`, `Employée${menteeWord}${mentorWord}`];
    let merged = '';
    await until('both pages show the same merged headline', async () => {
      const texts = [await fieldText(mentor.page, HEADLINE), await fieldText(mentee.page, HEADLINE)];
      merged = texts[0];
      return texts[0] === texts[1] && texts[0].length >= possible[0].length;
    });
    expect(merged.length, `no letter doubled or lost: ${merged}`).toBe(possible[0].length);
    expect(merged, 'each word whole').toContain(mentorWord);
    expect(merged, 'each word whole').toContain(menteeWord);
    expect(possible).toContain(merged);
    await until('the server holds the same headline', async () => (await serverText(server, duo.id, 'header/headline')) === merged);
    expect(await serverText(server, duo.id, 'header/name')).toBe('Zoë Van Rijckeghem');

    // Undo takes back only the mentor's own words, never the mentee's; redo brings them back.
    // (Typing is undone in chunks, as in any editor: press until there is nothing of hers left to undo.)
    const undo = mentor.page.getByRole('button', { name: 'Annuler ma dernière modification' });
    const redo = mentor.page.getByRole('button', { name: 'Rétablir ma modification' });
    for (let i = 0; i < 20 && (await undo.isEnabled()); i++) await undo.click();
    expect(await undo.isEnabled()).toBe(false);
    for (const person of [mentor, mentee]) {
      await until("the mentor's words are undone everywhere", async () => (await fieldText(person.page, HEADLINE)) === `Employée${menteeWord}`);
    }
    for (let i = 0; i < 20 && (await redo.isEnabled()); i++) await redo.click();
    for (const person of [mentor, mentee]) {
      await until('redone everywhere', async () => (await fieldText(person.page, HEADLINE)) === merged);
    }
    await field(mentor.page, HEADLINE).click({ position: { x: 8, y: 12 } });
  });

  it("shows each person the other's caret with their name, and the section they are in", async () => {
    const label = (page: typeof mentor.page, name: string) =>
      page.locator('[data-field="header/headline"] .collab-caret__label', { hasText: name });
    await label(mentor.page, 'Zoë Van Rijckeghem').waitFor();
    await label(mentee.page, 'Lotte Janssens').waitFor();
    await mentor.page.locator('.cv-peer', { hasText: 'Zoë Van Rijckeghem' }).getByText('Coordonnées').waitFor();
    await capture(mentor.page, T, '01-editor-with-caret');
    // The phone layout keeps the form and the caret, its label at the field and within the screen (capture leaves
    // the page at 1280 px: this is checked at 375).
    await mentor.page.setViewportSize({ width: 375, height: 812 });
    try {
      await field(mentor.page, HEADLINE).scrollIntoViewIfNeeded();
      await until('the caret label is shown in the field on a phone', async () => {
        const [caret, box] = [await label(mentor.page, 'Zoë Van Rijckeghem').boundingBox(), await field(mentor.page, HEADLINE).boundingBox()];
        // Inside the field sideways (a label near the right edge is moved back: caret-clamp.ts) and at the field.
        return !!caret && !!box && caret.width > 0 && caret.x >= box.x && caret.x + caret.width <= box.x + box.width && caret.y + caret.height >= box.y - 30 && caret.y <= box.y + box.height;
      });
      await shoot(mentor.page, T, '01a-caret-phone', 375);
    } finally {
      // Back to the desktop width whatever happened: the next tests are written for it.
      await mentor.page.setViewportSize({ width: 1280, height: 800 });
    }
    expect(mentor.problems).toEqual([]);
    expect(mentee.problems).toEqual([]);
  });

  it('fills sections from the schema: entries, rich text, levels, reordering, removal; the other sees the preview', async () => {
    const { page } = mentor;
    const experience = page.locator('#cv-section-experience li.cv-entry');
    const box = (entry: ReturnType<typeof experience.nth>, label: string) => entry.getByRole('textbox', { name: label, exact: true });

    await page.getByRole('button', { name: 'Ajouter une expérience' }).click();
    // The new entry's first field has the keyboard.
    await page.keyboard.type('Caissière');
    const first = experience.nth(0);
    await box(first, 'Employeur').click();
    await page.keyboard.type('Supermarché Delhaize');
    await box(first, 'Début').click();
    await page.keyboard.type('2019');
    await box(first, 'Fin').click();
    await page.keyboard.type('2023');
    await box(first, 'Description').click();
    await first.getByRole('button', { name: 'Liste à puces' }).click();
    await page.keyboard.type('Encaissement et accueil');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Gestion des réclamations');

    await page.getByRole('button', { name: 'Ajouter une expérience' }).click();
    await page.keyboard.type('Vendeuse');
    await box(experience.nth(1), 'Employeur').click();
    await page.keyboard.type('Bakkerij Ghijsels');
    await page.getByRole('button', { name: 'Ajouter une expérience' }).click();
    await page.keyboard.type('Stage');
    await until('three experiences', async () => (await experience.count()) === 3);

    // Reorder with the keyboard: from the last entry's first field, Shift+Tab back to the button that moves
    // Vendeuse up, Enter; the keyboard stays on the moved entry (now first, so on its "down" button).
    await tabTo(page, page.getByRole('button', { name: 'Monter : Expérience 2 — Vendeuse' }), { backwards: true });
    await page.keyboard.press('Enter');
    await until('the keyboard follows Vendeuse to the top', () => hasFocus(page.getByRole('button', { name: 'Descendre : Expérience 1 — Vendeuse' })));
    // Remove one after confirming.
    await page.getByRole('button', { name: 'Supprimer : Expérience 3 — Stage' }).click();
    const confirm = page.getByRole('dialog', { name: 'Supprimer cet élément ?' });
    await confirm.getByRole('button', { name: 'Supprimer', exact: true }).click();
    await until('two experiences, Vendeuse first', async () =>
      (await experience.count()) === 2 && (await fieldTextIn(experience.nth(0), 'Fonction')) === 'Vendeuse'
    );

    await page.getByRole('button', { name: 'Ajouter une compétence' }).click();
    await page.keyboard.type('Caisse enregistreuse');
    await page.locator('#cv-section-skills').getByLabel('Niveau', { exact: true }).selectOption('5');
    await page.getByRole('button', { name: 'Ajouter une langue' }).click();
    await page.keyboard.type('Nederlands');
    await page.locator('#cv-section-languages').getByLabel('Niveau (CECR)').selectOption('B2');
    await page.getByLabel('Modèle').selectOption('modern');

    // The mentee sees all of it, in order, in the modern template of her preview.
    const preview = mentee.page.getByRole('document', { name: 'Aperçu du CV' });
    await preview.locator('.pv-modern').waitFor();
    await preview.locator('li', { hasText: 'Gestion des réclamations' }).waitFor();
    await preview.getByText('Caisse enregistreuse — expert', { exact: false }).waitFor();
    await preview.getByText('Nederlands', { exact: false }).waitFor();
    const titles = await preview.locator('.pv-title').allInnerTexts();
    expect(titles.slice(0, 2)).toEqual(['Vendeuse', 'Caissière']);
    expect(await mentee.page.locator('#cv-section-experience li.cv-entry').count()).toBe(2);

    // Whole sections move too, for both: languages before skills.
    const order = (p: typeof page) => p.locator('section[id^="cv-section-"]').evaluateAll((els) => els.map((e) => e.id));
    expect((await order(mentee.page)).indexOf('cv-section-languages')).toBeGreaterThan((await order(mentee.page)).indexOf('cv-section-skills'));
    // With the keyboard again: from the language's field, Shift+Tab back to the section's "up" button, Enter;
    // the keyboard stays on that button, now one section higher.
    await box(page.locator('#cv-section-languages li.cv-entry').nth(0), 'Langue').click();
    const languagesUp = page.getByRole('button', { name: 'Monter la rubrique : Langues' });
    await tabTo(page, languagesUp, { backwards: true });
    await page.keyboard.press('Enter');
    await until('the keyboard stays on the moved section', () => hasFocus(languagesUp));
    await until('the mentee sees languages before skills', async () => {
      const ids = await order(mentee.page);
      return ids.indexOf('cv-section-languages') < ids.indexOf('cv-section-skills');
    });
    await capture(mentee.page, T, '01b-sections-and-preview');
    await mentee.page.setViewportSize({ width: 375, height: 812 });
    await mentee.page.getByRole('tab', { name: 'Aperçu' }).click();
    await shoot(mentee.page, T, '01c-preview-phone', 375);
    await mentee.page.getByRole('tab', { name: 'Modifier' }).click();
    await mentee.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('lets the mentor comment a selected word; the mentee sees it and resolves it; the mentor sees it resolved', async () => {
    const summary = field(mentor.page, SUMMARY);
    await summary.click();
    await mentor.page.keyboard.type('Souriante et fiable');
    // Keyboard only: select the last word, then the comment shortcut.
    for (let i = 0; i < 'fiable'.length; i++) await mentor.page.keyboard.press('Shift+ArrowLeft');
    await mentor.page.getByRole('button', { name: 'Commenter — Quelques lignes sur vous' }).waitFor();
    await mentor.page.keyboard.press('Control+Alt+m');
    const draft = mentor.page.getByLabel('Votre commentaire');
    await draft.waitFor();
    expect(await mentor.page.locator('.cv-thread--active .cv-quote').innerText()).toContain('fiable');
    await draft.fill('Un exemple concret ?');
    await mentor.page.getByRole('button', { name: 'Publier le commentaire' }).click();
    await mentor.page.locator('.cv-thread', { hasText: 'Un exemple concret ?' }).waitFor();
    await mentor.page.locator('[data-field="summary"] .cv-comment', { hasText: 'fiable' }).waitFor();

    // The mentee sees the highlight in the text and the thread in the margin.
    await mentee.page.locator('[data-field="summary"] .cv-comment', { hasText: 'fiable' }).waitFor();
    await mentee.page.getByRole('tab', { name: 'Commentaires (1)' }).click();
    const thread = mentee.page.locator('.cv-thread', { hasText: 'Un exemple concret ?' });
    await thread.getByText('Lotte Janssens', { exact: true }).waitFor();
    await thread.getByLabel('Répondre à Lotte Janssens').fill('Oui : 4 ans sans erreur de caisse.');
    await thread.getByRole('button', { name: 'Répondre' }).click();
    await thread.getByText('Oui : 4 ans sans erreur de caisse.').waitFor();
    await capture(mentee.page, T, '02-comments');
    await mentee.page.getByRole('button', { name: /^✓ Résolu/ }).click();
    await mentee.page.getByRole('button', { name: '1 commentaire résolu' }).waitFor();

    // The mentor sees it resolved: no longer open, no highlight, listed under resolved.
    await mentor.page.getByRole('button', { name: '1 commentaire résolu' }).waitFor();
    await mentor.page.locator('[data-field="summary"] .cv-comment').waitFor({ state: 'detached' });
    await mentor.page.getByRole('button', { name: '1 commentaire résolu' }).click();
    await mentor.page.getByRole('list', { name: 'Commentaires résolus' }).getByText('Oui : 4 ans sans erreur de caisse.').waitFor();

    // A comment whose words are deleted stays, marked as orphaned; its author may delete it.
    await field(mentor.page, SUMMARY).click();
    await mentor.page.keyboard.press('Control+a');
    await mentor.page.keyboard.press('Control+Alt+m');
    await mentor.page.getByLabel('Votre commentaire').fill('Trop court ?');
    await mentor.page.getByRole('button', { name: 'Publier le commentaire' }).click();
    await mentee.page.locator('.cv-thread', { hasText: 'Trop court ?' }).waitFor();
    await field(mentee.page, SUMMARY).click();
    await mentee.page.keyboard.press('Control+a');
    await mentee.page.keyboard.press('Delete');
    await mentee.page.keyboard.type('Ponctuelle et fiable');
    const orphan = mentor.page.locator('.cv-thread', { hasText: 'Trop court ?' });
    await orphan.getByText('Le texte commenté a été supprimé.').waitFor();
    await orphan.getByRole('button', { name: /^Supprimer/ }).click();
    await orphan.waitFor({ state: 'detached' });
    await mentee.page.locator('.cv-thread', { hasText: 'Trop court ?' }).waitFor({ state: 'detached' });

    // On a phone the comments open in a drawer.
    await mentor.page.setViewportSize({ width: 375, height: 812 });
    await mentor.page.getByRole('button', { name: 'Commentaires (0)' }).click();
    await mentor.page.getByRole('dialog', { name: 'Commentaires' }).waitFor();
    await shoot(mentor.page, T, '02b-comments-drawer', 375);
    await mentor.page.keyboard.press('Escape');
    await mentor.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('keeps edits made offline and merges them with the other person\'s on reconnect', async () => {
    await mentee.context.setOffline(true);
    await until('the mentee sees that she is offline', async () => (await mentee.page.locator('[data-status]').getAttribute('data-status')) === 'offline');
    await mentee.page.getByText('vos modifications restent sur cet appareil', { exact: false }).waitFor();
    await field(mentee.page, PHONE).click();
    await mentee.page.keyboard.type('+32 470 12 34 56');
    await field(mentor.page, COMMUNE).click();
    await mentor.page.keyboard.type('Molenbeek-Saint-Jean');
    await until('the server has the mentor\'s commune', async () => (await serverText(server, duo.id, 'header/commune')) === 'Molenbeek-Saint-Jean');
    // Nothing of the mentee's reached anyone yet.
    expect(await serverText(server, duo.id, 'header/phone')).toBe('');
    expect(await fieldText(mentee.page, COMMUNE)).toBe('');

    await mentee.context.setOffline(false);
    await waitOnline(mentee.page);
    for (const person of [mentor, mentee]) {
      await until('both edits on both pages', async () =>
        (await fieldText(person.page, PHONE)) === '+32 470 12 34 56' && (await fieldText(person.page, COMMUNE)) === 'Molenbeek-Saint-Jean'
      );
    }
    await until('the server has the phone typed offline', async () => (await serverText(server, duo.id, 'header/phone')) === '+32 470 12 34 56');
  });

  it('saves a version, compares it after a change, and restores it for both', async () => {
    const { page } = mentor;
    const before = await fieldText(page, HEADLINE);
    await page.getByRole('button', { name: 'Enregistrer une version' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enregistrer une version' });
    await dialog.getByLabel('Nom de la version').fill('Après la réunion 3');
    await dialog.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Version « Après la réunion 3 » enregistrée.').waitFor();

    // A change: the headline becomes another job.
    await field(page, HEADLINE).click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('Vendeuse en boulangerie');
    await until('the mentee sees the new headline', async () => (await fieldText(mentee.page, HEADLINE)) === 'Vendeuse en boulangerie');

    await page.getByRole('button', { name: 'Versions', exact: true }).click();
    const versions = page.getByRole('dialog', { name: 'Versions du CV' });
    await versions.getByRole('list', { name: 'Versions enregistrées' }).getByText('Après la réunion 3', { exact: true }).waitFor();
    await capture(page, T, '03-versions');
    // One version read-only, in the template it was saved with.
    await versions.getByRole('button', { name: 'Voir — Après la réunion 3' }).click();
    const viewed = page.getByRole('dialog', { name: 'Version « Après la réunion 3 »' });
    await viewed.getByRole('document', { name: 'Aperçu de la version « Après la réunion 3 »' }).getByText(before, { exact: true }).waitFor();
    await capture(page, T, '03b-version-view');
    await viewed.getByRole('button', { name: 'Toutes les versions' }).click();
    await versions.getByRole('button', { name: 'Comparer — Après la réunion 3' }).click();
    const compare = page.getByRole('dialog', { name: 'Comparer « Après la réunion 3 » avec le CV actuel' });
    await compare.locator('ins', { hasText: 'Vendeuse' }).waitFor();
    expect(await compare.locator('del').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining(before.split(/\s/)[0].slice(0, 5))]));
    await capture(page, T, '04-compare');

    await compare.getByRole('button', { name: 'Restaurer cette version' }).click();
    const confirm = page.getByRole('dialog', { name: 'Restaurer cette version ?' });
    await confirm.getByText('Rien n’est perdu', { exact: false }).waitFor();
    await confirm.getByRole('button', { name: 'Restaurer', exact: true }).click();
    for (const person of [mentor, mentee]) {
      await until('the old headline is back', async () => (await fieldText(person.page, HEADLINE)) === before);
    }
    expect(await serverText(server, duo.id, 'header/headline')).toBe(before);
    // Nothing is lost: what was replaced is a version too.
    await page.getByRole('button', { name: 'Versions', exact: true }).click();
    await page.getByRole('list', { name: 'Versions enregistrées' }).getByText('Avant de restaurer « Après la réunion 3 »', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('exports a PDF whose text holds the Dutch name with its diaeresis', async () => {
    const { page } = mentor;
    await page.getByRole('button', { name: /^Fichier/ }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Télécharger en PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('CV Zoë Van Rijckeghem.pdf');
    const file = join(SCREENSHOT_DIR, T, 'cv-download.pdf');
    await download.saveAs(file);
    const { text } = await readPdf(readFileSync(file));
    expect(text.normalize('NFC')).toContain('Zoë Van Rijckeghem');
    expect(text).toContain('Molenbeek-Saint-Jean');
  });

  it('lets a coordinator read the CV and comments without editing', async () => {
    coordinator = await newPerson(browser, server.url, 'en-GB');
    const { page } = coordinator;
    await logIn(page, users.coordinator, { email: 'Email address', password: 'Password', submit: 'Log in' });
    await page.goto(`/duos/${duo.id}/cv`);
    await page.getByRole('heading', { name: 'Zoë Van Rijckeghem’s CV' }).waitFor();
    await page.getByText('You are viewing this CV read-only', { exact: false }).waitFor();
    const name = page.getByRole('textbox', { name: 'Full name', exact: true });
    await until('the content is shown', async () => (await name.innerText()).includes('Zoë Van Rijckeghem'));
    expect(await name.getAttribute('contenteditable')).toBe('false');
    await name.click();
    await page.keyboard.type('XYZ');
    expect(await name.innerText()).toBe('Zoë Van Rijckeghem');
    expect(await serverText(server, duo.id, 'header/name')).toBe('Zoë Van Rijckeghem');
    expect(await page.getByRole('button', { name: 'Save a version' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Add / }).count()).toBe(0);
    await capture(page, T, '05-coordinator-read-only');
    expect(coordinator.problems).toEqual([]);
  });

  it('imports a JSON Resume after saying it replaces the CV; a bad file changes nothing; the replaced CV is a version', async () => {
    const { page } = mentor;
    const openImport = async () => {
      await page.getByRole('button', { name: /^Fichier/ }).click();
      await page.getByRole('menuitem', { name: 'Importer un JSON Resume…' }).click();
      return page.getByRole('dialog', { name: 'Importer un CV JSON Resume' });
    };
    const dialog = await openImport();
    await dialog.getByText('le CV actuel est d’abord gardé comme version', { exact: false }).waitFor();
    await dialog.getByLabel('Fichier JSON Resume (.json)').setInputFiles({ name: 'cv.json', mimeType: 'application/json', buffer: Buffer.from('{"basics": 5}') });
    await dialog.getByRole('button', { name: 'Remplacer par ce fichier' }).click();
    await dialog.getByText('Ce fichier n’est pas un JSON Resume valable', { exact: false }).waitFor();
    expect(await serverText(server, duo.id, 'header/name')).toBe('Zoë Van Rijckeghem');

    const resume = {
      basics: { name: 'Joëlle Vanderstraeten-Ĳzerman', label: 'Magasinière', email: 'joelle@example.org' },
      work: [{ name: 'Colruyt', position: 'Magasinière', startDate: '2020-01', highlights: ['Réception des marchandises'] }],
      volunteer: [],
      hobbies: ['Jardinage']
    };
    await dialog.getByLabel('Fichier JSON Resume (.json)').setInputFiles({ name: 'cv.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(resume)) });
    await dialog.getByRole('button', { name: 'Remplacer par ce fichier' }).click();
    await dialog.waitFor({ state: 'detached' });
    for (const person of [mentor, mentee]) {
      await until('the imported name on both pages', async () => (await fieldText(person.page, NAME)) === 'Joëlle Vanderstraeten-Ĳzerman');
    }
    await page.getByRole('button', { name: 'Versions', exact: true }).click();
    await page.getByRole('list', { name: 'Versions enregistrées' }).getByText('Avant l’import JSON Resume', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('refuses a comment forged in the other person\'s name, says so, and reloads the CV as the server has it', async () => {
    // The page cannot make such a change; a tampered client can, through the page's own Yjs document (reached
    // here the way a person with the browser's developer tools would: from the editor element).
    const { page } = mentee;
    await openCv(page, duo.id);
    const forgedOnServer = () =>
      server.binome.collab.withDocument(cvDocName(duo.id), (doc) => doc.getMap(COMMENTS_ROOT).has('forged-by-zoe'));
    const headline = await fieldText(page, HEADLINE);
    await page.evaluate(
      ({ root, author }) => {
        type YMapLike = { set(key: string, value: unknown): void; constructor: new () => YMapLike };
        type YDocLike = { getMap(name: string): YMapLike; transact(f: () => void): void };
        const element = document.querySelector('.ProseMirror') as (Element & { editor?: { state: { plugins: { key: string; getState(s: unknown): { doc: YDocLike } }[] } } }) | null;
        const state = element?.editor?.state;
        const sync = state?.plugins.find((p) => p.key.startsWith('y-sync'));
        const ydoc = sync!.getState(state).doc;
        const comments = ydoc.getMap(root);
        const forged = new comments.constructor();
        forged.set('authorId', author);
        forged.set('authorName', 'Lotte Janssens');
        forged.set('text', 'Écrit au nom de quelqu’un d’autre');
        forged.set('resolved', false);
        ydoc.transact(() => comments.set('forged-by-zoe', forged));
      },
      { root: COMMENTS_ROOT, author: String(users.mentor.user._id) }
    );
    const alert = page.getByTestId('cv-refused');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Une modification a été refusée');
    // later edits would build on the refused one: the fields stop editing until the reload
    await until('the fields no longer edit', async () => (await field(page, NAME).getAttribute('contenteditable')) === 'false');
    // deep in the form, the alert stays in view at the bottom of the screen, its button within reach
    await page.setViewportSize({ width: 375, height: 812 });
    await field(page, PHONE).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 600));
    const box = await alert.boundingBox();
    expect(box && box.y >= 50 && box.y + box.height <= 812).toBe(true);
    await page.getByRole('button', { name: 'Recharger le CV' }).focus();
    await shoot(page, T, '06-change-refused', 375);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await forgedOnServer()).toBe(false);

    await page.getByRole('button', { name: 'Recharger le CV' }).click();
    await waitOnline(page);
    expect(await page.getByTestId('cv-refused').count()).toBe(0);
    // the refused change is gone from this device too, and the CV edits again
    const stillForged = await page.evaluate((root) => {
      const element = document.querySelector('.ProseMirror') as (Element & { editor?: { state: { plugins: { key: string; getState(s: unknown): { doc: { getMap(n: string): { has(k: string): boolean } } } }[] } } }) | null;
      const state = element?.editor?.state;
      return state?.plugins.find((p) => p.key.startsWith('y-sync'))?.getState(state).doc.getMap(root).has('forged-by-zoe');
    }, COMMENTS_ROOT);
    expect(stillForged).toBe(false);
    expect(await fieldText(page, HEADLINE)).toBe(headline);
    await caretAtEnd(page, HEADLINE);
    await page.keyboard.type(' !');
    await until('the edit after the reload reaches the server', async () => (await serverText(server, duo.id, 'header/headline')) === `${headline} !`);
    expect(await forgedOnServer()).toBe(false);
  });

  it('turns the open CV read-only for both when the duo is completed, and says why', async () => {
    const doc = await server.services.repos.duos.findById(toId(duo.id));
    await server.services.duos.update(doc!, 'completed');
    for (const person of [mentor, mentee]) {
      await person.page.getByText('Ce duo ne se poursuit plus', { exact: false }).waitFor();
      await until('the fields no longer edit', async () => (await field(person.page, NAME).getAttribute('contenteditable')) === 'false');
    }
    expect(await mentor.page.getByRole('button', { name: 'Enregistrer une version' }).count()).toBe(0);
  });

  it('closes the open CV and says so when the mentor is removed from the organisation', async () => {
    const { page } = mentor;
    await field(page, NAME).waitFor();
    await server.services.members.remove(users.mentor.membership);
    // The collaboration server closes the socket with its "access revoked" code; the page explains it.
    await page.getByText('Votre accès à ce CV a pris fin', { exact: false }).waitFor();
    await until('the fields no longer edit', async () => (await field(page, NAME).count()) === 0 || (await field(page, NAME).getAttribute('contenteditable')) === 'false');
  });

  it('forgets the offline copy of the CV when the session is ended from elsewhere', async () => {
    const { page } = mentor;
    const copies = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('binome:')));
    expect((await copies()).length).toBeGreaterThan(0);
    // e.g. the password changed on another device: every other session ends, and the server says so to this page
    await server.services.sessions.revokeAll(users.mentor.user._id);
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    await until('no local CV copy is left', async () => (await copies()).length === 0);
  });

  it('forgets the offline copy of the CV when the mentee logs out', async () => {
    const { page } = mentee;
    const copies = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('binome:')));
    expect((await copies()).length).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Menu du compte de Zoë Van Rijckeghem' }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.getByRole('button', { name: 'Se connecter' }).waitFor();
    await until('no local CV copy is left', async () => (await copies()).length === 0);
  });
});
