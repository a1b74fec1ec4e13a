import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyCvJson, cvToJson, emptyCvJson, InvalidCvJson, parseCvJson } from './json.ts';
import { getField, initCv, orderedEntries } from './model.ts';
import { plainText } from './rich.ts';
import { sampleCvDoc } from './fixtures.ts';

describe('cvToJson', () => {
  it('projects the whole CV, ordered, valid against its own schema', () => {
    const json = cvToJson(sampleCvDoc());
    expect(json.header.name).toBe('Zoë Van Rijckeghem');
    expect(json.header.links[0].label).toBe('LinkedIn');
    expect(json.sections.experience.map((e) => e.title)).toEqual(['Caissière', 'Vendeuse']);
    expect(json.sections.experience[0].description[1].runs[1]).toEqual({ text: 'réclamations', italic: true });
    expect(json.sections.skills[1].level).toBeNull();
    expect(json.sections.languages[1]).toMatchObject({ language: 'Nederlands', level: 'B2' });
    expect(parseCvJson(json).ok).toBe(true);
  });

  it('reads an uninitialised document as an empty CV', () => {
    expect(cvToJson(new Y.Doc())).toEqual(emptyCvJson());
  });
});

describe('applyCvJson', () => {
  it('restores an older state as one new change; unchanged entries keep their maps and keys', () => {
    const doc = sampleCvDoc();
    const version = cvToJson(doc);
    const [first, second] = orderedEntries(doc, 'experience');
    const untouched = orderedEntries(doc, 'education')[0];
    // the CV moves on after the version was saved
    applyCvJson(doc, {
      ...version,
      header: { ...version.header, name: 'Zoë Van Rijckeghem-Peeters' },
      sections: {
        ...version.sections,
        experience: [version.sections.experience[1], { ...version.sections.experience[0], title: 'Caissière principale' }],
        interests: []
      }
    });
    expect(cvToJson(doc).sections.experience.map((e) => e.title)).toEqual(['Vendeuse', 'Caissière principale']);

    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const educationKeyBefore = untouched.map.get('order');
    applyCvJson(doc, version, 'restore');
    expect(updates).toHaveLength(1);
    expect(cvToJson(doc)).toEqual(version);
    const [firstAfter, secondAfter] = orderedEntries(doc, 'experience');
    expect(firstAfter.map).toBe(first.map);
    expect(secondAfter.map).toBe(second.map);
    expect(orderedEntries(doc, 'education')[0].map).toBe(untouched.map);
    expect(untouched.map.get('order')).toBe(educationKeyBefore);
  });

  it('changes nothing when the document already equals the JSON', () => {
    const doc = sampleCvDoc();
    const before = Y.encodeStateVector(doc);
    applyCvJson(doc, cvToJson(doc));
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('edits plain text minimally: a concurrent edit to the same field merges', () => {
    const a = sampleCvDoc();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const json = cvToJson(a);
    applyCvJson(a, { ...json, header: { ...json.header, name: 'Zoë Van Rijckeghem-Peeters' } });
    const name = getField(b, 'header/name');
    (name.get(0) as Y.XmlElement).get(0);
    (((name.get(0) as Y.XmlElement).get(0)) as Y.XmlText).insert(0, 'Mme ');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(plainText(getField(b, 'header/name'))).toBe('Mme Zoë Van Rijckeghem-Peeters');
  });

  it('refuses invalid JSON naming the field, and changes nothing', () => {
    const doc = sampleCvDoc();
    const before = Y.encodeStateAsUpdate(doc);
    const json = cvToJson(doc);
    const bad = { ...json, sections: { ...json.sections, skills: [{ ...json.sections.skills[0], level: 9 }] } };
    expect(() => applyCvJson(doc, bad)).toThrow(InvalidCvJson);
    try {
      applyCvJson(doc, bad);
    } catch (error) {
      expect((error as InvalidCvJson).field).toBe('sections.skills.0.level');
    }
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    const tooLong = parseCvJson({ ...json, header: { ...json.header, name: 'x'.repeat(121) } });
    expect(tooLong).toMatchObject({ ok: false, field: 'header.name' });
    expect(parseCvJson({ ...json, extra: 1 })).toMatchObject({ ok: false });
  });

  it('fills an initialised empty document, and a blank one in a single update', () => {
    const json = cvToJson(sampleCvDoc());
    const doc = new Y.Doc();
    initCv(doc);
    applyCvJson(doc, json);
    expect(cvToJson(doc)).toEqual(json);
    const blank = new Y.Doc();
    let updates = 0;
    blank.on('update', () => updates++);
    applyCvJson(blank, json);
    expect(updates).toBe(1);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(blank));
    expect(cvToJson(replica)).toEqual(json);
  });
});
