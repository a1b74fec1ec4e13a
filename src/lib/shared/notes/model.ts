// A meeting's live notes (`notes:<meetingId>`), as both sides read and write them. Four rich-text sections the
// server seeds (agenda, notes, decisions, links and resources), and next steps: keyed items, each with its text,
// owner (mentor or mentee), due date, done, and its author — only the author may change or delete a step, anyone
// in the duo may tick it done (the server's guard checks it: server/documents/notes-guard.ts).
//
// The structure is made from a seed update with a fixed client id (as the CV's, see cv/model.ts): the same items
// whoever applies it, so it never exists twice. The agenda's first content (the open next steps of the meetings
// before, and the week's topic) is written by the server once, and `meta.seeded` says it was: the editor waits for
// it.
import * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { uuidv4 } from 'lib0/random';
import { newField, plainText, writeRich, type RichBlock } from '../cv/rich.ts';

export const NOTES_ROOT = 'notes';
export const STEPS_ROOT = 'steps';
export const META_ROOT = 'meta';
export const NOTE_SECTIONS = ['agenda', 'notes', 'decisions', 'links'] as const;
export type NoteSection = (typeof NOTE_SECTIONS)[number];
export const STEP_OWNERS = ['mentor', 'mentee'] as const;
export type StepOwner = (typeof STEP_OWNERS)[number];
export const STEP_TEXT_MAX = 500;
/** Next steps a meeting holds: far above any real use, a bound for every reader. */
export const MAX_STEPS = 200;
const SEED_CLIENT_ID = 0x5eed02;

export interface NextStep {
  id: string;
  text: string;
  owner: StepOwner;
  /** YYYY-MM-DD, or null. */
  due: string | null;
  done: boolean;
  authorId: string;
  createdAt: string;
  order: string;
}

export const notesDocName = (meetingId: string): string => `notes:${meetingId}`;
export const notesRoot = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(NOTES_ROOT);
export const stepsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(STEPS_ROOT);
export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(META_ROOT);

function buildStructure(doc: Y.Doc): void {
  doc.transact(() => {
    const root = notesRoot(doc);
    for (const section of NOTE_SECTIONS) root.set(section, newField());
  });
}

/** Creates the sections if missing (idempotent; the same items wherever it runs). */
export function initNotes(doc: Y.Doc, origin: unknown = null): void {
  if (notesRoot(doc).has('agenda')) return;
  const seed = new Y.Doc();
  seed.clientID = SEED_CLIENT_ID;
  buildStructure(seed);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(seed), origin);
  seed.destroy();
}

/** Adds a section a document lacks (one repaired after a bad value). Server only, on load. */
export function upgradeNotes(doc: Y.Doc, origin: unknown = null): void {
  initNotes(doc, origin);
  const root = notesRoot(doc);
  doc.transact(() => {
    for (const section of NOTE_SECTIONS) if (!(root.get(section) instanceof Y.XmlFragment)) root.set(section, newField());
  }, origin);
}

export const isSeeded = (doc: Y.Doc): boolean => metaMap(doc).get('seeded') === true;

/** The editor shows the notes once the sections exist and the server wrote the agenda's first content. */
export function isNotesReady(doc: Y.Doc): boolean {
  const root = notesRoot(doc);
  return isSeeded(doc) && NOTE_SECTIONS.every((s) => root.get(s) instanceof Y.XmlFragment);
}

export function section(doc: Y.Doc, name: NoteSection): Y.XmlFragment {
  const fragment = notesRoot(doc).get(name);
  if (!(fragment instanceof Y.XmlFragment)) throw new Error(`The notes have no section ${name}`);
  return fragment;
}

/** The server's one-time agenda: `blocks` in the agenda, and the flag, in one change. False when already done. */
export function seedAgenda(doc: Y.Doc, blocks: readonly RichBlock[], origin: unknown = null): boolean {
  if (isSeeded(doc)) return false;
  doc.transact(() => {
    if (blocks.length) writeRich(section(doc, 'agenda'), blocks);
    metaMap(doc).set('seeded', true);
  }, origin);
  return true;
}

export function listSteps(doc: Y.Doc): NextStep[] {
  const steps: NextStep[] = [];
  for (const [id, item] of stepsMap(doc).entries()) {
    if (!(item instanceof Y.Map)) continue;
    const owner = item.get('owner');
    steps.push({
      id,
      text: String(item.get('text') ?? ''),
      owner: owner === 'mentor' ? 'mentor' : 'mentee',
      due: typeof item.get('due') === 'string' ? (item.get('due') as string) : null,
      done: item.get('done') === true,
      authorId: String(item.get('authorId') ?? ''),
      createdAt: String(item.get('createdAt') ?? ''),
      order: String(item.get('order') ?? '')
    });
  }
  return steps.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : a.id.localeCompare(b.id)));
}

export interface StepInput {
  text: string;
  owner: StepOwner;
  due: string | null;
}

export function newStepId(): string {
  return uuidv4().replace(/-/g, '').slice(0, 20);
}

/** Adds a step at the end, written in its author's name (the server refuses any other). */
export function addStep(doc: Y.Doc, input: StepInput, authorId: string, now: Date, origin: unknown = null): string {
  const id = newStepId();
  const last = listSteps(doc).at(-1)?.order ?? null;
  doc.transact(() => {
    const item = new Y.Map<unknown>();
    stepsMap(doc).set(id, item);
    item.set('text', input.text.slice(0, STEP_TEXT_MAX));
    item.set('owner', input.owner);
    item.set('due', input.due);
    item.set('done', false);
    item.set('authorId', authorId);
    item.set('createdAt', now.toISOString());
    item.set('order', generateKeyBetween(last, null));
  }, origin);
  return id;
}

export function setStepDone(doc: Y.Doc, id: string, done: boolean, origin: unknown = null): void {
  const item = stepsMap(doc).get(id);
  if (item instanceof Y.Map) doc.transact(() => item.set('done', done), origin);
}

export function updateStep(doc: Y.Doc, id: string, change: Partial<StepInput>, origin: unknown = null): void {
  const item = stepsMap(doc).get(id);
  if (!(item instanceof Y.Map)) return;
  doc.transact(() => {
    if (change.text !== undefined) item.set('text', change.text.slice(0, STEP_TEXT_MAX));
    if (change.owner !== undefined) item.set('owner', change.owner);
    if (change.due !== undefined) item.set('due', change.due);
  }, origin);
}

export function deleteStep(doc: Y.Doc, id: string, origin: unknown = null): void {
  if (stepsMap(doc).has(id)) doc.transact(() => stepsMap(doc).delete(id), origin);
}

/** The notes as plain text, section by section, then the steps: what the journal searches and exports. */
export function notesPlainText(doc: Y.Doc): Record<NoteSection, string> & { steps: string } {
  const out = Object.fromEntries(NOTE_SECTIONS.map((s) => [s, notesRoot(doc).get(s) instanceof Y.XmlFragment ? plainText(section(doc, s)) : ''])) as Record<NoteSection, string>;
  return { ...out, steps: listSteps(doc).map((s) => s.text).join('\n') };
}
