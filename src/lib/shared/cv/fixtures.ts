// Test data: an invented Brussels CV in French, Dutch and English, built through the model's own operations.
import * as Y from 'yjs';
import { addEntry, getField, initCv, setMeta } from './model.ts';
import { setPlainText, writeRich } from './rich.ts';

export function sampleCvDoc(): Y.Doc {
  const doc = new Y.Doc();
  initCv(doc);
  setPlainText(getField(doc, 'header/name'), 'Zoë Van Rijckeghem');
  setPlainText(getField(doc, 'header/headline'), 'Employée polyvalente — accueil, caisse & réassort');
  setPlainText(getField(doc, 'header/email'), 'zoe.vanrijckeghem@example.org');
  setPlainText(getField(doc, 'header/phone'), '+32 470 12 34 56');
  setPlainText(getField(doc, 'header/commune'), 'Molenbeek-Saint-Jean');
  addEntry(doc, 'links', { label: 'LinkedIn', url: 'https://example.org/in/zoe-vr' });
  writeRich(getField(doc, 'summary'), [
    { type: 'paragraph', runs: [{ text: 'Souriante et ' }, { text: 'fiable', bold: true }, { text: ', trilingue.' }] }
  ]);
  addEntry(doc, 'experience', {
    title: 'Caissière',
    employer: 'Supermarché Delhaize',
    place: 'Jette',
    start: '2019',
    end: '2023',
    description: [
      { type: 'bullet', runs: [{ text: 'Encaissement et accueil' }] },
      { type: 'bullet', runs: [{ text: 'Gestion des ' }, { text: 'réclamations', italic: true }] }
    ]
  });
  addEntry(doc, 'experience', { title: 'Vendeuse', employer: 'Bakkerij Ghijsels', place: 'Sint-Jans-Molenbeek', start: '2016', end: '2019' });
  addEntry(doc, 'education', { degree: 'CESS', school: 'Athénée Royal', place: 'Koekelberg', start: '2010', end: '2016' });
  addEntry(doc, 'skills', { name: 'Caisse enregistreuse', level: 5 });
  addEntry(doc, 'skills', { name: 'Excel', level: null });
  addEntry(doc, 'languages', { language: 'Français', level: 'C2' });
  addEntry(doc, 'languages', { language: 'Nederlands', level: 'B2' });
  addEntry(doc, 'certificates', { name: 'Premiers secours', issuer: 'Croix-Rouge', date: '2022' });
  addEntry(doc, 'volunteering', { role: 'Bénévole', organisation: 'Restos du Cœur', place: 'Bruxelles', start: '2020', end: '' });
  addEntry(doc, 'interests', { name: 'Cuisine du monde' });
  addEntry(doc, 'custom', { title: 'Permis', body: 'Permis B' });
  setMeta(doc, { locale: 'fr' });
  return doc;
}
