// Started CVs for two demo duos, so that a visitor opening "My CV" finds something to work on. Built with the CV
// model like any edit and stored as the collaboration server stores documents.
import * as Y from 'yjs';
import { addEntry, cvDocName, getField, initCv, setMeta } from '../src/lib/shared/cv/model.ts';
import { setPlainText, writeRich } from '../src/lib/shared/cv/rich.ts';
import type { CollabPersistence } from '../server/collab/persistence.ts';

function header(doc: Y.Doc, fields: Record<string, string>) {
  for (const [key, text] of Object.entries(fields)) setPlainText(getField(doc, `header/${key}`), text);
}

const CVS: Record<string, (doc: Y.Doc) => void> = {
  'Aminata Diallo': (doc) => {
    header(doc, { name: 'Aminata Diallo', headline: 'Aide-soignante', email: 'aminata.diallo@demo.binome.example', phone: '+32 470 00 00 01', commune: 'Schaerbeek' });
    writeRich(getField(doc, 'summary'), [
      { type: 'paragraph', runs: [{ text: 'Attentive et patiente, je souhaite accompagner des personnes âgées en maison de repos.' }] }
    ]);
    addEntry(doc, 'experience', {
      title: 'Aide familiale',
      employer: 'Centre de soins à domicile',
      place: 'Schaerbeek',
      start: '2023',
      end: '2025',
      description: [
        { type: 'bullet', runs: [{ text: 'Aide à la toilette et aux repas de six bénéficiaires' }] },
        { type: 'bullet', runs: [{ text: 'Tenue du carnet de liaison avec les infirmières' }] }
      ]
    });
    addEntry(doc, 'education', { degree: 'Certificat d’aide-soignante', school: 'Promotion sociale', place: 'Bruxelles', start: '2022', end: '2023' });
    addEntry(doc, 'languages', { language: 'Français', level: 'C2' });
    addEntry(doc, 'languages', { language: 'Nederlands', level: 'A2' });
    addEntry(doc, 'skills', { name: 'Écoute', level: 5 });
    addEntry(doc, 'skills', { name: 'Premiers secours', level: 4 });
  },
  'Sanne Peeters': (doc) => {
    setMeta(doc, { template: 'modern', locale: 'nl' });
    header(doc, { name: 'Sanne Peeters', headline: 'Administratief medewerker', email: 'sanne.peeters@demo.binome.example', commune: 'Jette' });
    addEntry(doc, 'experience', { title: 'Onthaalmedewerker', employer: 'Sportcentrum', place: 'Jette', start: '2021', end: '2024' });
    addEntry(doc, 'languages', { language: 'Nederlands', level: 'C2' });
    addEntry(doc, 'languages', { language: 'English', level: 'B2' });
    addEntry(doc, 'interests', { name: 'Volleybal' });
  }
};

/** Stores a started CV for each demo duo whose mentee has one above. */
export async function seedDemoCvs(store: CollabPersistence, duos: { id: string; menteeName: string }[]): Promise<number> {
  let count = 0;
  for (const duo of duos) {
    const fill = CVS[duo.menteeName];
    if (!fill) continue;
    const doc = new Y.Doc();
    initCv(doc);
    fill(doc);
    await store.append(cvDocName(duo.id), [Y.encodeStateAsUpdate(doc)]);
    doc.destroy();
    count++;
  }
  return count;
}
