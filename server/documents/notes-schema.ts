// The schema of a meeting's notes (`notes:<meetingId>`, src/lib/shared/notes/model.ts): four rich-text sections
// the seed creates and clients fill, never replace; next steps as keyed maps of plain values; and `meta`, which
// only the server writes (the guard refuses any client change there).
import { MAX_STEPS, META_ROOT, NOTE_SECTIONS, NOTES_ROOT, STEP_OWNERS, STEP_TEXT_MAX, STEPS_ROOT } from '../../src/lib/shared/notes/model.ts';
import { s, type DocSchema } from '../collab/schema.ts';
import { ID, RICH } from './cv-schema.ts';

const isoDay = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

export const STEP_SCHEMA = s.map({
  text: s.string(STEP_TEXT_MAX),
  owner: s.string(6, STEP_OWNERS),
  due: s.oneOf(s.null(), s.json(16, isoDay)),
  done: s.boolean(),
  authorId: s.string(64),
  createdAt: s.string(40),
  order: s.string(200)
});

export const NOTES_SCHEMA: DocSchema = {
  roots: {
    [NOTES_ROOT]: s.map(Object.fromEntries(NOTE_SECTIONS.map((section) => [section, s.fixed(RICH)]))),
    [STEPS_ROOT]: s.entries(ID, STEP_SCHEMA, MAX_STEPS),
    [META_ROOT]: s.map({ seeded: s.boolean() })
  }
};
