// The CV's shape as data: every other module (model, JSON projection, import/export, PDF) and the UI's generic
// forms read these tables, so a field is declared once. Section and field names are codes the UI translates.

export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type CefrLevel = (typeof CEFR_LEVELS)[number];

export const SKILL_LEVEL_MIN = 1;
export const SKILL_LEVEL_MAX = 5;

export const CV_TEMPLATES = ['classic', 'modern'] as const;
export type CvTemplate = (typeof CV_TEMPLATES)[number];

export const CV_LOCALES = ['fr', 'nl', 'en'] as const;
export type CvLocale = (typeof CV_LOCALES)[number];

/** plain: one paragraph of unmarked text; rich: paragraphs and lists with bold/italic; the two value kinds are
 * plain (non-collaborative) values in the entry map, because concurrent edits of a level are a choice, not text. */
export type FieldKind = 'plain' | 'rich' | 'skillLevel' | 'cefrLevel';

export interface FieldDef {
  readonly key: string;
  readonly kind: FieldKind;
  /** Maximum length in characters (text kinds); the UI uses it as maxlength, import validation enforces it. */
  readonly max?: number;
}

const plain = <K extends string>(key: K, max: number) => ({ key, kind: 'plain', max }) as const;
const rich = <K extends string>(key: K, max: number) => ({ key, kind: 'rich', max }) as const;

export const HEADER_FIELDS = [
  plain('name', 120),
  plain('headline', 200),
  plain('email', 254),
  plain('phone', 40),
  plain('commune', 100)
] as const satisfies readonly FieldDef[];
export type HeaderTextField = (typeof HEADER_FIELDS)[number]['key'];

export const SUMMARY_MAX = 3000;
export const LINK_FIELDS = [plain('label', 60), plain('url', 500)] as const satisfies readonly FieldDef[];
export const MAX_LINKS = 10;

/** Section keys in their default order (also the order of the form and of the templates). */
export const SECTION_KEYS = [
  'experience',
  'education',
  'skills',
  'languages',
  'certificates',
  'volunteering',
  'interests',
  'custom'
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_FIELDS = {
  experience: [
    plain('title', 150),
    plain('employer', 150),
    plain('place', 100),
    plain('start', 40),
    plain('end', 40),
    rich('description', 5000)
  ],
  education: [
    plain('degree', 150),
    plain('school', 150),
    plain('place', 100),
    plain('start', 40),
    plain('end', 40),
    rich('description', 5000)
  ],
  skills: [plain('name', 100), { key: 'level', kind: 'skillLevel' } as const],
  languages: [plain('language', 60), { key: 'level', kind: 'cefrLevel' } as const],
  certificates: [plain('name', 150), plain('issuer', 150), plain('date', 40)],
  volunteering: [
    plain('role', 150),
    plain('organisation', 150),
    plain('place', 100),
    plain('start', 40),
    plain('end', 40),
    rich('description', 5000)
  ],
  interests: [plain('name', 100)],
  custom: [plain('title', 100), rich('body', 10000)]
} as const satisfies Record<SectionKey, readonly FieldDef[]>;

/** Most entries a section may hold: a CV is at most a few pages, and a bound protects every consumer. */
export const MAX_ENTRIES_PER_SECTION = 60;

/** The key of a field of section S. */
export type SectionFieldKey<S extends SectionKey> = (typeof SECTION_FIELDS)[S][number]['key'];

export function isSectionKey(value: unknown): value is SectionKey {
  return typeof value === 'string' && (SECTION_KEYS as readonly string[]).includes(value);
}

export function isCefrLevel(value: unknown): value is CefrLevel {
  return typeof value === 'string' && (CEFR_LEVELS as readonly string[]).includes(value);
}

export function isSkillLevel(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= SKILL_LEVEL_MIN && (value as number) <= SKILL_LEVEL_MAX;
}

export function sectionFields(section: SectionKey): readonly FieldDef[] {
  return SECTION_FIELDS[section];
}

export function fieldDef(section: SectionKey, key: string): FieldDef | undefined {
  return sectionFields(section).find((f) => f.key === key);
}

/** i18n key of a section heading, e.g. `cv.section.experience`; the PDF has its own table in server/cv. */
export function sectionHeadingKey(section: SectionKey | 'summary'): string {
  return `cv.section.${section}`;
}

/** i18n key of a field label, e.g. `cv.field.experience.title`. */
export function fieldLabelKey(owner: SectionKey | 'header' | 'links', field: string): string {
  return `cv.field.${owner}.${field}`;
}

/** i18n key of a CEFR level's descriptor, e.g. `cv.cefr.B2` (the PDF's words are in server/cv/headings.ts). */
export function cefrLabelKey(level: CefrLevel): string {
  return `cv.cefr.${level}`;
}

/** i18n key of a skill level's word, e.g. `cv.skillLevel.4`. */
export function skillLevelKey(level: number): string {
  return `cv.skillLevel.${level}`;
}
