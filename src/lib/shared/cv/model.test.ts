import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addEntry,
  CvError,
  entryValue,
  findField,
  getField,
  getMeta,
  initCv,
  moveEntry,
  orderedEntries,
  removeEntry,
  setMeta,
  updateEntry,
  upgradeCv
} from './model.ts';
import { plainText, readRich, setPlainText } from './rich.ts';
import { replicas, sync } from './test-helpers.ts';

const titles = (doc: Y.Doc): string[] =>
  orderedEntries(doc, 'experience').map((e) => plainText(e.map.get('title') as Y.XmlFragment));

describe('initCv', () => {
  it('creates the structure once; two replicas initialising concurrently keep both edits', () => {
    const [a, b] = replicas();
    initCv(a);
    initCv(b);
    setPlainText(getField(a, 'header/name'), 'Sofie');
    setPlainText(getField(b, 'header/headline'), 'Vendeuse polyvalente');
    const idA = addEntry(a, 'skills', { name: 'Caisse', level: 4 });
    sync(a, b);
    for (const doc of [a, b]) {
      expect(plainText(getField(doc, 'header/name'))).toBe('Sofie');
      expect(plainText(getField(doc, 'header/headline'))).toBe('Vendeuse polyvalente');
      expect(entryValue(doc, 'skills', idA, 'level')).toBe(4);
    }
  });

  it('is idempotent and the upgrade of a current document changes nothing', () => {
    const doc = new Y.Doc();
    initCv(doc);
    const before = Y.encodeStateVector(doc);
    initCv(doc);
    upgradeCv(doc);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('the upgrade adds a field missing from an old entry', () => {
    const doc = new Y.Doc();
    initCv(doc);
    const id = addEntry(doc, 'experience', { title: 'Magasinier' });
    const entry = orderedEntries(doc, 'experience')[0].map;
    entry.delete('description');
    expect(findField(doc, `experience/${id}/description`)).toBeNull();
    upgradeCv(doc);
    expect(findField(doc, `experience/${id}/description`)).toBeInstanceOf(Y.XmlFragment);
  });
});

describe('entries', () => {
  it('adds in place and moves without re-creating the entry', () => {
    const doc = new Y.Doc();
    initCv(doc);
    const x = addEntry(doc, 'experience', { title: 'X' });
    const z = addEntry(doc, 'experience', { title: 'Z' });
    addEntry(doc, 'experience', { title: 'Y' }, x);
    addEntry(doc, 'experience', { title: 'W' }, null);
    expect(titles(doc)).toEqual(['W', 'X', 'Y', 'Z']);
    const mapBefore = orderedEntries(doc, 'experience').find((e) => e.id === z)!.map;
    moveEntry(doc, 'experience', z, { afterId: null });
    expect(titles(doc)).toEqual(['Z', 'W', 'X', 'Y']);
    expect(orderedEntries(doc, 'experience')[0].map).toBe(mapBefore);
    moveEntry(doc, 'experience', z, { beforeId: null });
    expect(titles(doc)).toEqual(['W', 'X', 'Y', 'Z']);
    removeEntry(doc, 'experience', x);
    expect(titles(doc)).toEqual(['W', 'Y', 'Z']);
  });

  it('concurrent moves of one entry and an edit inside it: no duplicate, no loss, the edit survives', () => {
    const [a, b] = replicas();
    initCv(a);
    const ids = ['Kassier', 'Magazijnier', 'Chauffeur', 'Onthaal'].map((t) => addEntry(a, 'experience', { title: t }));
    sync(a, b);
    moveEntry(a, 'experience', ids[3], { afterId: null });
    moveEntry(b, 'experience', ids[3], { afterId: ids[1] });
    setPlainText(getField(b, `experience/${ids[3]}/title`), 'Onthaalmedewerker');
    moveEntry(b, 'experience', ids[0], { beforeId: null });
    sync(a, b);
    expect(titles(a)).toEqual(titles(b));
    expect([...titles(a)].sort()).toEqual(['Chauffeur', 'Kassier', 'Magazijnier', 'Onthaalmedewerker']);
  });

  it('concurrent inserts at the same place keep both, in the same order everywhere, and later inserts between them work', () => {
    const [a, b] = replicas();
    initCv(a);
    const first = addEntry(a, 'interests', { name: 'Vélo' });
    sync(a, b);
    const fromA = addEntry(a, 'interests', { name: 'Cuisine' }, first);
    const fromB = addEntry(b, 'interests', { name: 'Échecs' }, first);
    sync(a, b);
    const names = (doc: Y.Doc) => orderedEntries(doc, 'interests').map((e) => plainText(e.map.get('name') as Y.XmlFragment));
    expect(names(a)).toEqual(names(b));
    expect(names(a)).toHaveLength(3);
    const [lower] = orderedEntries(a, 'interests').slice(1).map((e) => e.id);
    addEntry(a, 'interests', { name: 'Jardinage' }, lower);
    const after = names(a);
    expect(after).toHaveLength(4);
    expect(after[2]).toBe('Jardinage');
    expect([fromA, fromB]).toContain(lower);
  });

  it('updates fields and validates values', () => {
    const doc = new Y.Doc();
    initCv(doc);
    const id = addEntry(doc, 'languages', { language: 'Nederlands', level: 'B2' });
    updateEntry(doc, 'languages', id, { level: 'C1' });
    expect(entryValue(doc, 'languages', id, 'level')).toBe('C1');
    expect(() => updateEntry(doc, 'languages', id, { level: 'C3' })).toThrow(CvError);
    expect(() => addEntry(doc, 'skills', { level: 6 })).toThrow(CvError);
    expect(orderedEntries(doc, 'skills')).toHaveLength(0);
    const exp = addEntry(doc, 'experience', { description: 'Ligne un\nLigne deux' });
    expect(readRich(getField(doc, `experience/${exp}/description`))).toHaveLength(2);
    expect(() => moveEntry(doc, 'experience', 'nope', { afterId: null })).toThrow(CvError);
    for (let i = 0; i < 10; i++) addEntry(doc, 'links', { label: `Lien ${i}` });
    expect(() => addEntry(doc, 'links', { label: 'Un de trop' })).toThrow(CvError);
    expect(orderedEntries(doc, 'links')).toHaveLength(10);
  });

  it('resolves field paths, links included, and refuses unknown ones', () => {
    const doc = new Y.Doc();
    initCv(doc);
    const link = addEntry(doc, 'links', { label: 'LinkedIn', url: 'https://example.org/zoe' });
    expect(plainText(getField(doc, `header/links/${link}/url`))).toBe('https://example.org/zoe');
    expect(getField(doc, 'summary')).toBeInstanceOf(Y.XmlFragment);
    expect(findField(doc, 'header/links')).toBeNull();
    expect(findField(doc, 'skills/x/level')).toBeNull();
    expect(findField(doc, 'experience/../title')).toBeNull();
    expect(() => getField(doc, 'header/age')).toThrow(CvError);
  });
});

describe('meta', () => {
  it('defaults, validates and completes the section order', () => {
    const doc = new Y.Doc();
    initCv(doc);
    expect(getMeta(doc)).toEqual({ template: 'classic', locale: 'fr', sectionOrder: null });
    setMeta(doc, { template: 'modern', locale: 'nl', sectionOrder: ['skills', 'experience'] });
    const meta = getMeta(doc);
    expect(meta.template).toBe('modern');
    expect(meta.sectionOrder?.slice(0, 3)).toEqual(['skills', 'experience', 'education']);
    expect(meta.sectionOrder).toHaveLength(8);
    expect(() => setMeta(doc, { locale: 'de' as 'fr' })).toThrow(CvError);
  });
});
