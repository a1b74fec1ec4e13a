// The CV document's schema, built from the CV's own field tables (src/lib/shared/cv/schema.ts), so a field
// declared there is allowed here. The structure the seed creates (header, summary, sections, meta, and the
// header's fields) is fixed: clients fill it, never replace or remove it.
import { COMMENT_QUOTE_MAX, COMMENT_TEXT_MAX, MAX_REPLIES } from '../../src/lib/shared/cv/comments.ts';
import { COMMENTS_ROOT, CV_ROOT } from '../../src/lib/shared/cv/model.ts';
import {
  CEFR_LEVELS,
  CV_LOCALES,
  CV_TEMPLATES,
  HEADER_FIELDS,
  LINK_FIELDS,
  MAX_ENTRIES_PER_SECTION,
  MAX_LINKS,
  SECTION_FIELDS,
  SECTION_KEYS,
  SKILL_LEVEL_MAX,
  SKILL_LEVEL_MIN,
  type FieldDef
} from '../../src/lib/shared/cv/schema.ts';
import { s, type DocSchema, type Schema } from '../collab/schema.ts';

/** What the editor (Tiptap's StarterKit as the CV configures it) writes into a text field. */
export const RICH = s.xml(['paragraph', 'bulletList', 'orderedList', 'listItem', 'hardBreak'], ['bold', 'italic']);
/** Ids of entries and comments are chosen by clients: short and plain. */
export const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Fractional-index order keys. */
const ORDER = s.string(200);

function fieldSchema(def: FieldDef): Schema {
  switch (def.kind) {
    case 'plain':
    case 'rich':
      return RICH;
    case 'skillLevel':
      return s.oneOf(s.number(SKILL_LEVEL_MIN, SKILL_LEVEL_MAX, true), s.null());
    case 'cefrLevel':
      return s.oneOf(s.string(2, CEFR_LEVELS), s.null());
  }
}

function entrySchema(fields: readonly FieldDef[]): Schema {
  return s.map({ order: ORDER, ...Object.fromEntries(fields.map((def) => [def.key, fieldSchema(def)])) });
}

const header = s.map({
  ...Object.fromEntries(HEADER_FIELDS.map((def) => [def.key, s.fixed(RICH)])),
  links: s.fixed(s.entries(ID, entrySchema(LINK_FIELDS), MAX_LINKS))
});

const meta = s.map({
  template: s.string(20, CV_TEMPLATES),
  locale: s.string(5, CV_LOCALES),
  sectionOrder: s.json(1024, (v) => Array.isArray(v) && v.length <= SECTION_KEYS.length * 2 && v.every((k) => typeof k === 'string'))
});

const reply = s.json(COMMENT_TEXT_MAX * 2 + 1024);

const comment = s.map({
  field: s.string(200),
  anchor: s.bytes(1024),
  head: s.bytes(1024),
  quote: s.string(COMMENT_QUOTE_MAX),
  text: s.string(COMMENT_TEXT_MAX),
  authorId: s.string(64),
  authorName: s.string(200),
  createdAt: s.string(40),
  resolved: s.boolean(),
  replies: s.array(reply, MAX_REPLIES)
});

/** Comments a CV may hold (open and resolved): far above any real use, a bound for every consumer. */
export const MAX_COMMENTS = 1000;

export const CV_SCHEMA: DocSchema = {
  roots: {
    [CV_ROOT]: s.map({
      header: s.fixed(header),
      summary: s.fixed(RICH),
      meta: s.fixed(meta),
      ...Object.fromEntries(SECTION_KEYS.map((key) => [key, s.fixed(s.entries(ID, entrySchema(SECTION_FIELDS[key]), MAX_ENTRIES_PER_SECTION))]))
    }),
    [COMMENTS_ROOT]: s.entries(ID, comment, MAX_COMMENTS)
  }
};
