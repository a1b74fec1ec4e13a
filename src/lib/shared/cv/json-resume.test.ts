import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { cvToJsonResume, importJsonResume, parseFluency, parseSkillLevel, toIsoDate } from './json-resume.ts';
import { applyCvJson, cvToJson, type CvJson } from './json.ts';
import { sampleCvDoc } from './fixtures.ts';
import { blocksToText } from './rich.ts';

const withoutIds = (cv: CvJson): unknown =>
  JSON.parse(JSON.stringify(cv, (key, value) => (key === 'id' ? undefined : value)));

function imported(input: unknown): CvJson {
  const result = importJsonResume(input);
  if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
  return result.cv;
}

describe('export', () => {
  it('maps the CV onto JSON Resume sections, levels to fluency and level words', () => {
    const resume = cvToJsonResume(cvToJson(sampleCvDoc())) as Record<string, any>;
    expect(resume.basics).toMatchObject({
      name: 'Zoë Van Rijckeghem',
      label: 'Employée polyvalente — accueil, caisse & réassort',
      location: { city: 'Molenbeek-Saint-Jean' },
      profiles: [{ network: 'LinkedIn', url: 'https://example.org/in/zoe-vr' }]
    });
    expect(resume.work[0]).toEqual({
      name: 'Supermarché Delhaize',
      position: 'Caissière',
      location: 'Jette',
      startDate: '2019',
      endDate: '2023',
      highlights: ['Encaissement et accueil', 'Gestion des réclamations']
    });
    expect(resume.skills).toEqual([{ name: 'Caisse enregistreuse', level: 'Expert' }, { name: 'Excel' }]);
    expect(resume.languages[1]).toEqual({ language: 'Nederlands', fluency: 'B2 (Upper intermediate)' });
    expect(resume.volunteer[0]).toMatchObject({ organization: 'Restos du Cœur', position: 'Bénévole', startDate: '2020' });
    expect(resume.volunteer[0].endDate).toBeUndefined();
    expect(resume.certificates[0]).toEqual({ name: 'Premiers secours', issuer: 'Croix-Rouge', date: '2022' });
  });

  it('turns readable dates into ISO dates and leaves "today" open', () => {
    expect(toIsoDate('mars 2019')).toBe('2019-03');
    expect(toIsoDate('Sept. 2021')).toBe('2021-09');
    expect(toIsoDate('maart 2020')).toBe('2020-03');
    expect(toIsoDate('03/2018')).toBe('2018-03');
    expect(toIsoDate('15/03/2018')).toBe('2018-03-15');
    expect(toIsoDate('aujourd’hui')).toBeUndefined();
    expect(toIsoDate('heden')).toBeUndefined();
    expect(toIsoDate('été 2019')).toBe('été 2019');
  });
});

describe('import', () => {
  it('reads back an export of ours (marks aside) into an equal CV', () => {
    const original = cvToJson(sampleCvDoc());
    const back = imported(JSON.parse(JSON.stringify(cvToJsonResume(original))));
    const plain = (cv: CvJson) => {
      const copy = structuredClone(cv);
      copy.summary = copy.summary.map((b) => ({ type: b.type, runs: [{ text: b.runs.map((r) => r.text).join('') }] }));
      for (const e of copy.sections.experience) e.description = e.description.map((b) => ({ type: b.type, runs: [{ text: b.runs.map((r) => r.text).join('') }] }));
      return withoutIds(copy);
    };
    expect(plain(back)).toEqual(plain(original));
  });

  it('keeps every unknown field in custom sections', () => {
    const cv = imported({
      $schema: 'https://example.org/schema.json',
      basics: {
        name: 'Noël Dubœuf',
        image: 'https://example.org/noel.jpg',
        location: { city: 'Etterbeek', countryCode: 'BE' },
        profiles: [{ network: 'GitHub', username: 'noeld', url: 'https://example.org/noeld' }]
      },
      work: [{ name: 'Brico', position: 'Vendeur', url: 'https://example.org/brico', startDate: '2021-04', highlights: ['Conseil client'] }],
      skills: [{ name: 'Bricolage', level: 'Master', keywords: ['peinture', 'plomberie'] }],
      languages: [{ language: 'Lingala', fluency: 'Langue de la maison' }],
      projects: [{ name: 'Repair Café', description: 'Réparations bénévoles', roles: ['animateur'] }],
      awards: [{ title: 'Employé du mois', date: '2022-05' }]
    });
    const custom = Object.fromEntries(cv.sections.custom.map((c) => [c.title, blocksToText(c.body)]));
    expect(custom['basics.image']).toBe('https://example.org/noel.jpg');
    expect(custom['basics.location.countryCode']).toBe('BE');
    expect(custom['basics.profiles.username']).toBe('GitHub: noeld');
    expect(custom['work.url']).toBe('Brico: https://example.org/brico');
    expect(custom['skills.keywords']).toBe('Bricolage: peinture, plomberie');
    expect(custom['languages.fluency']).toBe('Lingala: Langue de la maison');
    expect(custom.projects).toBe('name: Repair Café, description: Réparations bénévoles, roles: animateur');
    expect(custom.awards).toBe('title: Employé du mois, date: 2022-05');
    expect(Object.keys(custom)).not.toContain('$schema');
    expect(cv.sections.experience[0]).toMatchObject({ employer: 'Brico', title: 'Vendeur', start: '04/2021' });
    expect(cv.sections.skills[0].level).toBe(5);
    expect(cv.sections.languages[0].level).toBeNull();
    expect(cv.header.links[0]).toMatchObject({ label: 'GitHub', url: 'https://example.org/noeld' });
  });

  it('refuses bad input naming the field; applying nothing leaves the CV as it was', () => {
    expect(importJsonResume({ work: [{ name: 'A' }, { position: 42 }] })).toMatchObject({ ok: false, field: 'work.1.position' });
    expect(importJsonResume({ basics: { name: 'x'.repeat(500) } })).toMatchObject({ ok: false, field: 'basics.name' });
    expect(importJsonResume('not a resume')).toMatchObject({ ok: false, field: '(root)' });
    expect(importJsonResume({ skills: Array.from({ length: 61 }, () => ({ name: 'x' })) })).toMatchObject({ ok: false, field: 'skills' });
  });

  it('imports into a live CV as one change', () => {
    const doc = sampleCvDoc();
    const cv = imported({ basics: { name: 'Jan Peeters', label: 'Chauffeur C/CE' }, work: [{ name: 'bpost', position: 'Chauffeur' }] });
    applyCvJson(doc, { ...cv, meta: cvToJson(doc).meta });
    const after = cvToJson(doc);
    expect(after.header.name).toBe('Jan Peeters');
    expect(after.sections.experience.map((e) => e.employer)).toEqual(['bpost']);
    expect(after.sections.skills).toEqual([]);
    expect(doc).toBeInstanceOf(Y.Doc);
  });
});

describe('levels', () => {
  it('reads CEFR levels and skill levels from common wordings', () => {
    expect(parseFluency('Native speaker')).toBe('C2');
    expect(parseFluency('Moedertaal')).toBe('C2');
    expect(parseFluency('Courant')).toBe('C1');
    expect(parseFluency('b1')).toBe('B1');
    expect(parseFluency('Klingon-ish')).toBeNull();
    expect(parseSkillLevel('4/5')).toBe(4);
    expect(parseSkillLevel('Intermediate')).toBe(3);
    expect(parseSkillLevel(80)).toBe(4);
    expect(parseSkillLevel('??')).toBeNull();
  });
});
