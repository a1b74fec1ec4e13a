// Export to and import from JSON Resume (jsonresume.org/schema, v1): basics, work, education, skills,
// languages, certificates, volunteer, interests. Import validates first (a bad file gets an error naming the
// field and changes nothing) and never drops data: a field with no place in our CV becomes a custom section
// titled by its key, with a readable rendering of the value. Our own custom sections travel in an extension
// key, `x-binome-custom`, so that an export imports back whole. Only `$schema` (a pointer to the schema
// itself, not CV data) is left out.
import { z } from 'zod';
import { CEFR_LEVELS, SECTION_FIELDS, HEADER_FIELDS, LINK_FIELDS, MAX_ENTRIES_PER_SECTION, type CefrLevel, type FieldDef } from './schema.ts';
import { emptyCvJson, parseCvJson, type CvEntry, type CvJson } from './json.ts';
import { blocksToText, textToBlocks, type RichBlock } from './rich.ts';
import { newEntryId } from './model.ts';

export const CUSTOM_EXTENSION_KEY = 'x-binome-custom';

const CEFR_FLUENCY: Record<CefrLevel, string> = {
  A1: 'A1 (Beginner)',
  A2: 'A2 (Elementary)',
  B1: 'B1 (Intermediate)',
  B2: 'B2 (Upper intermediate)',
  C1: 'C1 (Advanced)',
  C2: 'C2 (Proficient)'
};
const SKILL_WORDS = ['Beginner', 'Elementary', 'Intermediate', 'Advanced', 'Expert'] as const;

type Json = Record<string, unknown>;

// ---------- export

/** Paragraphs become the summary, list items the highlights (JSON Resume has no rich text). */
function splitDescription(blocks: readonly RichBlock[]): { summary?: string; highlights?: string[] } {
  const paragraphs = blocks.filter((b) => b.type === 'paragraph').map((b) => b.runs.map((r) => r.text).join(''));
  const items = blocks.filter((b) => b.type !== 'paragraph').map((b) => b.runs.map((r) => r.text).join(''));
  const out: { summary?: string; highlights?: string[] } = {};
  if (paragraphs.some((p) => p.trim())) out.summary = paragraphs.join('\n');
  if (items.length) out.highlights = items;
  return out;
}

const MONTH_NAMES = [
  ['janvier', 'january', 'januari', 'jan'],
  ['février', 'fevrier', 'february', 'februari', 'feb', 'févr', 'fév', 'fev'],
  ['mars', 'march', 'maart', 'mar', 'mrt'],
  ['avril', 'april', 'avr', 'apr'],
  ['mai', 'may', 'mei'],
  ['juin', 'june', 'juni', 'jun'],
  ['juillet', 'july', 'juli', 'jul', 'juil'],
  ['août', 'aout', 'august', 'augustus', 'aug'],
  ['septembre', 'september', 'sep', 'sept'],
  ['octobre', 'october', 'oktober', 'oct', 'okt'],
  ['novembre', 'november', 'nov'],
  ['décembre', 'decembre', 'december', 'dec', 'déc']
];
const MONTHS: Readonly<Record<string, number>> = Object.fromEntries(MONTH_NAMES.flatMap((names, i) => names.map((n) => [n, i + 1])));

const PRESENT = /^(aujourd['’]hui|présent|present|en cours|actuel(lement)?|heden|nu|now|current|today|-|…)$/i;

/** A free-text CV date as an ISO 8601 date JSON Resume expects, when it can be read; else the text as is. */
export function toIsoDate(text: string): string | undefined {
  const t = text.trim();
  if (!t || PRESENT.test(t)) return undefined;
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(t)) return t;
  let m = /^(\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m && +m[1] >= 1 && +m[1] <= 12) return `${m[2]}-${m[1].padStart(2, '0')}`;
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m && +m[2] >= 1 && +m[2] <= 12 && +m[1] >= 1 && +m[1] <= 31) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  m = /^([\p{L}]+)\.?\s+(\d{4})$/u.exec(t);
  const month = m ? MONTHS[m[1].toLocaleLowerCase()] : undefined;
  if (m && month) return `${m[2]}-${String(month).padStart(2, '0')}`;
  return t;
}

function dates(start: string, end: string): Json {
  const out: Json = {};
  const s = toIsoDate(start);
  const e = toIsoDate(end);
  if (s) out.startDate = s;
  if (e) out.endDate = e;
  return out;
}

const nonEmpty = (obj: Json): Json => Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== '' && v !== undefined));

export function cvToJsonResume(cv: CvJson): Json {
  const h = cv.header;
  const basics = nonEmpty({
    name: h.name,
    label: h.headline,
    email: h.email,
    phone: h.phone,
    summary: blocksToText(cv.summary) || undefined,
    location: h.commune ? { city: h.commune } : undefined,
    profiles: h.links.length ? h.links.map((l) => nonEmpty({ network: l.label, url: l.url })) : undefined
  });
  const s = cv.sections;
  const out: Json = {
    $schema: 'https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json',
    basics,
    work: s.experience.map((e) =>
      nonEmpty({ name: e.employer, position: e.title, location: e.place, ...dates(e.start, e.end), ...splitDescription(e.description) })
    ),
    volunteer: s.volunteering.map((e) =>
      nonEmpty({ organization: e.organisation, position: e.role, location: e.place, ...dates(e.start, e.end), ...splitDescription(e.description) })
    ),
    education: s.education.map((e) =>
      nonEmpty({ institution: e.school, studyType: e.degree, location: e.place, ...dates(e.start, e.end), ...splitDescription(e.description) })
    ),
    certificates: s.certificates.map((e) => nonEmpty({ name: e.name, issuer: e.issuer, date: toIsoDate(e.date) })),
    skills: s.skills.map((e) => nonEmpty({ name: e.name, level: e.level ? SKILL_WORDS[e.level - 1] : undefined })),
    languages: s.languages.map((e) => nonEmpty({ language: e.language, fluency: e.level ? CEFR_FLUENCY[e.level] : undefined })),
    interests: s.interests.map((e) => nonEmpty({ name: e.name }))
  };
  if (s.custom.length) out[CUSTOM_EXTENSION_KEY] = s.custom.map((e) => ({ title: e.title, body: blocksToText(e.body) }));
  return out;
}

// ---------- import

const str = (def: FieldDef | undefined) => z.string().max(def?.max ?? 10_000);
const fieldOf = (defs: readonly FieldDef[], key: string) => str(defs.find((d) => d.key === key));
const date = z.string().max(40);
const list = <T extends z.ZodType>(item: T, max = MAX_ENTRIES_PER_SECTION) => z.array(item).max(max);
const lines = z.array(z.string().max(2000)).max(100);
const E = SECTION_FIELDS;

const resumeSchema = z.looseObject({
  basics: z
    .looseObject({
      name: fieldOf(HEADER_FIELDS, 'name').optional(),
      label: fieldOf(HEADER_FIELDS, 'headline').optional(),
      email: fieldOf(HEADER_FIELDS, 'email').optional(),
      phone: fieldOf(HEADER_FIELDS, 'phone').optional(),
      url: fieldOf(LINK_FIELDS, 'url').optional(),
      summary: z.string().max(3000).optional(),
      location: z.looseObject({ city: fieldOf(HEADER_FIELDS, 'commune').optional() }).optional(),
      profiles: list(
        z.looseObject({ network: fieldOf(LINK_FIELDS, 'label').optional(), url: fieldOf(LINK_FIELDS, 'url').optional(), username: z.string().max(200).optional() }),
        10
      ).optional()
    })
    .optional(),
  work: list(
    z.looseObject({
      name: fieldOf(E.experience, 'employer').optional(),
      position: fieldOf(E.experience, 'title').optional(),
      location: fieldOf(E.experience, 'place').optional(),
      startDate: date.optional(),
      endDate: date.optional(),
      summary: z.string().max(5000).optional(),
      highlights: lines.optional()
    })
  ).optional(),
  volunteer: list(
    z.looseObject({
      organization: fieldOf(E.volunteering, 'organisation').optional(),
      position: fieldOf(E.volunteering, 'role').optional(),
      location: fieldOf(E.volunteering, 'place').optional(),
      startDate: date.optional(),
      endDate: date.optional(),
      summary: z.string().max(5000).optional(),
      highlights: lines.optional()
    })
  ).optional(),
  education: list(
    z.looseObject({
      institution: fieldOf(E.education, 'school').optional(),
      studyType: z.string().max(150).optional(),
      area: z.string().max(150).optional(),
      location: fieldOf(E.education, 'place').optional(),
      startDate: date.optional(),
      endDate: date.optional(),
      score: z.string().max(100).optional(),
      courses: lines.optional(),
      summary: z.string().max(5000).optional(),
      highlights: lines.optional()
    })
  ).optional(),
  certificates: list(z.looseObject({ name: fieldOf(E.certificates, 'name').optional(), issuer: fieldOf(E.certificates, 'issuer').optional(), date: date.optional() })).optional(),
  skills: list(z.looseObject({ name: fieldOf(E.skills, 'name').optional(), level: z.union([z.string().max(100), z.number()]).optional() })).optional(),
  languages: list(z.looseObject({ language: fieldOf(E.languages, 'language').optional(), fluency: z.string().max(100).optional() })).optional(),
  interests: list(z.looseObject({ name: fieldOf(E.interests, 'name').optional() })).optional(),
  [CUSTOM_EXTENSION_KEY]: list(z.looseObject({ title: fieldOf(E.custom, 'title'), body: z.string().max(10_000) })).optional()
});

type Resume = z.infer<typeof resumeSchema>;

/** A CEFR level read from a JSON Resume fluency ("B2", "Native speaker", "Courant", "Moedertaal" …). */
export function parseFluency(fluency: string): CefrLevel | null {
  const code = /\b([ABC][12])\b/i.exec(fluency)?.[1]?.toUpperCase();
  if (code && (CEFR_LEVELS as readonly string[]).includes(code)) return code as CefrLevel;
  const f = fluency.toLocaleLowerCase();
  const table: [RegExp, CefrLevel][] = [
    [/native|mother|bilingu|maternelle|natif|native|moedertaal|tweetalig|proficien|maîtrise|uitstekend/, 'C2'],
    [/fluent|courant|vloeiend|advanced|avancé|gevorderd|zeer goed|autonome/, 'C1'],
    [/upper|professional|professionnel|goed/, 'B2'],
    [/intermediate|intermédiaire|conversation|gemiddeld|moyen/, 'B1'],
    [/elementary|élémentaire|basic|basis|notions|limited/, 'A2'],
    [/beginner|débutant|beginn/, 'A1']
  ];
  return table.find(([re]) => re.test(f))?.[1] ?? null;
}

/** A skill level 1–5 from "4", "4/5", 80 (percent) or a word ("Advanced", "Master", "Expert"). */
export function parseSkillLevel(level: string | number): number | null {
  if (typeof level === 'number') return level >= 1 && level <= 5 ? Math.round(level) : level > 5 && level <= 100 ? Math.max(1, Math.ceil(level / 20)) : null;
  const m = /^\s*([1-5])\s*(\/\s*5)?\s*$/.exec(level);
  if (m) return Number(m[1]);
  const l = level.toLocaleLowerCase();
  const table: [RegExp, number][] = [
    [/expert|master|maître|excellent/, 5],
    [/advanced|avancé|gevorderd|senior/, 4],
    [/intermediate|intermédiaire|gemiddeld|medior/, 3],
    [/elementary|élémentaire|basic|basis|junior/, 2],
    [/beginner|débutant|novice|notions/, 1]
  ];
  return table.find(([re]) => re.test(l))?.[1] ?? null;
}

/** A JSON Resume date as people write it in Belgium: 2019-03 → 03/2019, 2019-03-15 → 15/03/2019. */
export function fromIsoDate(value: string | undefined): string {
  const t = (value ?? '').trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m) return `${m[2]}/${m[1]}`;
  return t;
}

function inline(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(inline).filter(Boolean).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Json)
      .map(([k, v]) => `${k}: ${inline(v)}`)
      .join(', ');
  }
  return String(value);
}

/** A readable rendering of any JSON value: list items as bullets, object fields as "key: value" lines. */
export function renderValue(value: unknown): RichBlock[] {
  if (Array.isArray(value)) return value.map((item) => ({ type: 'bullet', runs: [{ text: inline(item) }] }));
  if (value && typeof value === 'object') {
    return Object.entries(value as Json).map(([k, v]) => ({ type: 'paragraph', runs: [{ text: `${k}: ` , bold: true }, { text: inline(v) }] }));
  }
  return textToBlocks(inline(value));
}

const text = (value: string | undefined): string => (value ?? '').replace(/\s*\n\s*/g, ' ').trim();

function description(summary: string | undefined, highlights: string[] | undefined): RichBlock[] {
  return [
    ...textToBlocks((summary ?? '').trim()),
    ...(highlights ?? []).filter((h) => h.trim()).map((h): RichBlock => ({ type: 'bullet', runs: [{ text: text(h) }] }))
  ];
}

/** Collects fields with no place in the CV, grouped by key path, for custom sections. */
class Leftovers {
  private readonly groups = new Map<string, unknown[]>();
  add(path: string, owner: string, value: unknown): void {
    const items = this.groups.get(path) ?? [];
    items.push(owner ? { [owner]: value } : value);
    this.groups.set(path, items);
  }
  /** Every key of `item` not in `known`. */
  rest(section: string, item: Json, known: readonly string[], owner: string): void {
    for (const [key, value] of Object.entries(item)) {
      if (!known.includes(key) && value !== undefined && value !== null && value !== '') this.add(`${section}.${key}`, owner, value);
    }
  }
  entries(): CvEntry<'custom'>[] {
    return [...this.groups].map(([title, items]) => ({
      id: newEntryId(),
      title,
      body: items.length === 1 ? renderValue(items[0]) : items.flatMap((item) => renderValue(item))
    }));
  }
}

export type ImportResult = { ok: true; cv: CvJson } | { ok: false; field: string; message: string };

/**
 * Reads a JSON Resume into a new CvJson (fresh entry ids; `meta` from the current CV if given). Apply it with
 * `applyCvJson`. Returns the first offending field on bad input.
 */
export function importJsonResume(input: unknown, meta?: CvJson['meta']): ImportResult {
  const parsed = resumeSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: issue.path.map(String).join('.') || '(root)', message: issue.message };
  }
  const r: Resume = parsed.data;
  const cv = emptyCvJson();
  if (meta) cv.meta = meta;
  const left = new Leftovers();
  const b = r.basics ?? {};
  cv.header.name = text(b.name);
  cv.header.headline = text(b.label);
  cv.header.email = text(b.email);
  cv.header.phone = text(b.phone);
  cv.header.commune = text(b.location?.city);
  cv.summary = textToBlocks((b.summary ?? '').trim());
  if (b.url) cv.header.links.push({ id: newEntryId(), label: 'Website', url: text(b.url) });
  for (const p of b.profiles ?? []) {
    const label = text(p.network) || text(p.username);
    cv.header.links.push({ id: newEntryId(), label, url: text(p.url) });
    // the username is kept when the network already names the link
    left.rest('basics.profiles', p, p.network ? ['network', 'url'] : ['network', 'url', 'username'], label);
  }
  left.rest('basics.location', b.location ?? {}, ['city'], '');
  left.rest('basics', b, ['name', 'label', 'email', 'phone', 'url', 'summary', 'location', 'profiles'], '');

  cv.sections.experience = (r.work ?? []).map((w) => {
    left.rest('work', w, ['name', 'position', 'location', 'startDate', 'endDate', 'summary', 'highlights'], text(w.name ?? w.position));
    return {
      id: newEntryId(),
      title: text(w.position),
      employer: text(w.name),
      place: text(w.location),
      start: fromIsoDate(w.startDate),
      end: fromIsoDate(w.endDate),
      description: description(w.summary, w.highlights)
    };
  });
  cv.sections.volunteering = (r.volunteer ?? []).map((v) => {
    left.rest('volunteer', v, ['organization', 'position', 'location', 'startDate', 'endDate', 'summary', 'highlights'], text(v.organization ?? v.position));
    return {
      id: newEntryId(),
      role: text(v.position),
      organisation: text(v.organization),
      place: text(v.location),
      start: fromIsoDate(v.startDate),
      end: fromIsoDate(v.endDate),
      description: description(v.summary, v.highlights)
    };
  });
  cv.sections.education = (r.education ?? []).map((e) => {
    left.rest('education', e, ['institution', 'studyType', 'area', 'location', 'startDate', 'endDate', 'score', 'courses', 'summary', 'highlights'], text(e.institution));
    const extra: RichBlock[] = [];
    if (e.score) extra.push({ type: 'paragraph', runs: [{ text: `Score: ${text(e.score)}` }] });
    return {
      id: newEntryId(),
      degree: [text(e.studyType), text(e.area)].filter(Boolean).join(' — '),
      school: text(e.institution),
      place: text(e.location),
      start: fromIsoDate(e.startDate),
      end: fromIsoDate(e.endDate),
      description: [...description(e.summary, [...(e.highlights ?? []), ...(e.courses ?? [])]), ...extra]
    };
  });
  cv.sections.certificates = (r.certificates ?? []).map((c) => {
    left.rest('certificates', c, ['name', 'issuer', 'date'], text(c.name));
    return { id: newEntryId(), name: text(c.name), issuer: text(c.issuer), date: fromIsoDate(c.date) };
  });
  cv.sections.skills = (r.skills ?? []).map((s) => {
    const level = s.level === undefined ? null : parseSkillLevel(s.level);
    left.rest('skills', s, level === null ? ['name'] : ['name', 'level'], text(s.name));
    return { id: newEntryId(), name: text(s.name), level };
  });
  cv.sections.languages = (r.languages ?? []).map((l) => {
    const level = l.fluency ? parseFluency(l.fluency) : null;
    left.rest('languages', l, level === null ? ['language'] : ['language', 'fluency'], text(l.language));
    return { id: newEntryId(), language: text(l.language), level };
  });
  cv.sections.interests = (r.interests ?? []).map((i) => {
    left.rest('interests', i, ['name'], text(i.name));
    return { id: newEntryId(), name: text(i.name) };
  });
  const own = (r[CUSTOM_EXTENSION_KEY] ?? []).map((c) => ({ id: newEntryId(), title: text(c.title), body: textToBlocks(c.body) }));
  const known = ['$schema', 'basics', 'work', 'volunteer', 'education', 'certificates', 'skills', 'languages', 'interests', CUSTOM_EXTENSION_KEY];
  for (const [key, value] of Object.entries(r)) {
    if (!known.includes(key) && value !== undefined && value !== null) left.add(key, '', value);
  }
  cv.sections.custom = [...own, ...left.entries()];
  const check = parseCvJson(cv);
  if (!check.ok) return { ok: false, field: check.field, message: check.message };
  return { ok: true, cv: check.value };
}
