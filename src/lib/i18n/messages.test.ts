// Fails when a language lacks a key, has an empty message, or when the code uses a key that exists nowhere.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DUO_STATUSES, ERROR_CODES, LOCALES, PROGRAMME_STATUSES, ROLES } from '../shared/codes';
import {
  CEFR_LEVELS,
  CV_TEMPLATES,
  HEADER_FIELDS,
  LINK_FIELDS,
  SECTION_FIELDS,
  SECTION_KEYS,
  SKILL_LEVEL_MAX,
  SKILL_LEVEL_MIN,
  cefrLabelKey,
  fieldLabelKey,
  sectionHeadingKey,
  skillLevelKey
} from '../shared/cv/schema';
import { ACTIVITY_KINDS, CARD_COLOURS, WORKSHOP_STATES } from '../shared/workshops/model';
import { TEMPLATE_IDS } from '../shared/workshops/schemas';
import type { WorkshopAckError } from '../shared/workshops/events';

type Tree = { [key: string]: string | Tree };
const MESSAGES = join(import.meta.dirname, 'messages');

/** Every catalogue of a locale: messages/<locale>.json and messages/<area>/<locale>.json (e.g. the CV editor's),
 *  merged as svelte-i18n merges the loaders registered for that locale. */
function catalogue(locale: string): Tree {
  const files = [join(MESSAGES, `${locale}.json`)];
  for (const name of readdirSync(MESSAGES)) {
    const file = join(MESSAGES, name, `${locale}.json`);
    if (statSync(join(MESSAGES, name)).isDirectory() && existsSync(file)) files.push(file);
  }
  return files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Tree).reduce(deepMerge, {});
}
function deepMerge(into: Tree, from: Tree): Tree {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    into[key] = typeof value === 'object' && typeof existing === 'object' ? deepMerge({ ...existing }, value) : value;
  }
  return into;
}
const catalogues: Record<string, Tree> = Object.fromEntries(LOCALES.map((l) => [l, catalogue(l)]));

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const flat = Object.fromEntries(Object.entries(catalogues).map(([l, t]) => [l, flatten(t)]));
const reference = flat.fr;
const namespaces = new Set(Object.keys(catalogues.fr));
const SRC = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'shared' ? [] : sourceFiles(path);
    return /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Message keys named in the code: `$_('a.b')`, and any string literal shaped like a key of a known namespace. */
function usedKeys(): { key: string; file: string; prefix: boolean }[] {
  const found: { key: string; file: string; prefix: boolean }[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(SRC, file);
    for (const m of text.matchAll(/\$[_t]\(\s*'([^']+)'/g)) found.push({ key: m[1], file: rel, prefix: false });
    for (const m of text.matchAll(/['"]([a-z][A-Za-z]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)['"]/g)) {
      if (namespaces.has(m[1].split('.')[0])) found.push({ key: m[1], file: rel, prefix: false });
    }
    // Template keys such as `roles.${role}`: their static part must open at least one key.
    for (const m of text.matchAll(/\$[_t]\(\s*`([a-zA-Z][^`$]*)\$\{/g)) found.push({ key: m[1], file: rel, prefix: true });
  }
  return found;
}

describe('message catalogues', () => {
  it.each(LOCALES.filter((l) => l !== 'fr'))('%s has exactly the keys of fr', (locale) => {
    const keys = [...flat[locale].keys()].sort();
    const missing = [...reference.keys()].filter((k) => !flat[locale].has(k));
    const extra = keys.filter((k) => !reference.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(LOCALES)('%s has no empty message', (locale) => {
    const empty = [...flat[locale]].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('translates every code that comes from the API or the shared module', () => {
    const needed = [
      ...Object.values(ERROR_CODES).map((c) => `errors.${c}`),
      'errors.network',
      'errors.too_many_requests_wait',
      ...ROLES.flatMap((r) => [`roles.${r}`, `roles.plural.${r}`, `invite.roleExplained.${r}`]),
      ...DUO_STATUSES.map((s) => `duoStatus.${s}`),
      ...PROGRAMME_STATUSES.map((s) => `programmeStatus.${s}`),
      ...LOCALES.flatMap((l) => [`languages.native.${l}`, `languages.name.${l}`]),
      ...['shared_language', 'same_sector', 'same_target_job', 'same_commune', 'shared_availability', 'low_load', 'full'].map((c) => `reasons.${c}`),
      ...['weekday_day', 'weekday_evening', 'weekend'].map((a) => `availability.${a}`),
      ...['pending', 'used', 'expired'].flatMap((s) => [`invitations.state.${s}`, `invitations.empty.${s}`])
    ];
    expect(needed.filter((k) => !reference.has(k))).toEqual([]);
  });

  it('keeps each area catalogue to its own namespace (messages/<area>/*.json holds only `<area>`)', () => {
    const areas = readdirSync(MESSAGES).filter((name) => statSync(join(MESSAGES, name)).isDirectory());
    expect(areas).toContain('cv');
    for (const area of areas) {
      for (const locale of LOCALES) {
        const tree = JSON.parse(readFileSync(join(MESSAGES, area, `${locale}.json`), 'utf8')) as Tree;
        expect(Object.keys(tree), `${area}/${locale}.json`).toEqual([area]);
      }
    }
  });

  it('keeps the group sessions’ catalogue to its namespace and translates every kind, colour, state, template and refusal', () => {
    for (const locale of LOCALES) {
      const workshops = JSON.parse(readFileSync(join(MESSAGES, 'workshops', `${locale}.json`), 'utf8')) as Tree;
      expect(Object.keys(workshops)).toEqual(['workshops']);
    }
    const refusals: WorkshopAckError[] = ['not_found', 'forbidden', 'invalid', 'conflict', 'budget_exhausted', 'cap_reached', 'self_vote', 'locked', 'wrong_activity'];
    const needed = [
      ...ACTIVITY_KINDS.map((k) => `workshops.kind.${k}`),
      ...CARD_COLOURS.map((c) => `workshops.colour.${c}`),
      ...WORKSHOP_STATES.map((s) => `workshops.state.${s}`),
      ...TEMPLATE_IDS.flatMap((t) => [`workshops.template.${t}.title`, `workshops.template.${t}.text`]),
      ...refusals.map((r) => `workshops.refused.${r}`),
      ...['ended', 'locked', 'activity'].map((r) => `workshops.readOnly.${r}`)
    ];
    expect(needed.filter((k) => !reference.has(k))).toEqual([]);
  });

  it('translates every key the CV schema names (sections, fields, levels, templates)', () => {
    const needed = [
      ...SECTION_KEYS.map((k) => sectionHeadingKey(k)),
      sectionHeadingKey('summary'),
      ...HEADER_FIELDS.map((f) => fieldLabelKey('header', f.key)),
      ...LINK_FIELDS.map((f) => fieldLabelKey('links', f.key)),
      ...SECTION_KEYS.flatMap((s) => SECTION_FIELDS[s].map((f) => fieldLabelKey(s, f.key))),
      ...SECTION_KEYS.flatMap((s) => [`cv.entry.name.${s}`, `cv.entry.add.${s}`]),
      ...CEFR_LEVELS.map((l) => cefrLabelKey(l)),
      ...Array.from({ length: SKILL_LEVEL_MAX - SKILL_LEVEL_MIN + 1 }, (_v, i) => skillLevelKey(SKILL_LEVEL_MIN + i)),
      ...CV_TEMPLATES.map((t) => `cv.template.${t}`),
      ...['template', 'locale', 'sectionOrder'].map((m) => `cv.compare.meta.${m}`)
    ];
    expect(needed.filter((k) => !reference.has(k))).toEqual([]);
  });

  it('every key used in the source exists', () => {
    const keys = [...reference.keys()];
    const unknown = usedKeys()
      .filter(({ key, prefix }) => (prefix ? !keys.some((k) => k.startsWith(key)) : !reference.has(key)))
      .map(({ key, file }) => `${file}: ${key}`);
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('finds the keys it is meant to find (guards the scanner itself)', () => {
    const keys = usedKeys().map((u) => u.key);
    expect(keys).toContain('app.name');
    expect(keys).toContain('nav.programmes');
    expect(keys.length).toBeGreaterThan(100);
  });
});
