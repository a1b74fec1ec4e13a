// Who may do what to a meeting's next steps, checked on every writer's update before the server applies it
// (the schema has already checked kinds and sizes). Either person of the duo adds steps in their own name and
// ticks any step done or not done; only a step's author changes its text, owner, due date or place, or deletes
// it; nobody changes who wrote it or when. `meta` (the agenda was seeded) is the server's alone. An update that
// mixes typing with a refused change is refused whole.
import * as Y from 'yjs';
import { META_ROOT, STEPS_ROOT } from '../../src/lib/shared/notes/model.ts';
import { ALLOWED, inspectUpdate, refused, type Change, type GuardVerdict, type UpdateGuard, type YType } from '../collab/update-guard.ts';

/** Fields of a step that its author alone changes; `done` is anyone's; the others never change. */
const AUTHOR_FIELDS = new Set(['text', 'owner', 'due', 'order']);
const itemKey = (id: Y.ID): string => `${id.client}:${id.clock}`;

function authorOf(step: YType | null): string | null {
  if (!(step instanceof Y.Map)) return null;
  const author = step.get('authorId');
  return typeof author === 'string' ? author : null;
}

export const notesGuard: UpdateGuard = (doc, update, { userId }) => {
  const meta = inspectUpdate(doc, update, META_ROOT);
  if (!meta.ok) return refused(meta.reason);
  if (meta.inserts.length > 0 || meta.deletes.length > 0) return refused('the notes’ state is the server’s to change');
  const steps = inspectUpdate(doc, update, STEPS_ROOT);
  if (!steps.ok) return refused(steps.reason);
  // Typing in the sections, the usual case, touches no step.
  if (steps.inserts.length === 0 && steps.deletes.length === 0) return ALLOWED;
  return checkSteps(doc.getMap(STEPS_ROOT), steps.inserts, steps.deletes, userId);
};

function checkSteps(steps: Y.Map<unknown>, inserts: Change[], deletes: Change[], userId: string): GuardVerdict {
  const deletedSteps = new Set<string>();
  for (const d of deletes) {
    if (d.path.length !== 0) continue;
    if (authorOf(d.values[0] as YType) !== userId) return refused('only its author may delete a next step');
    deletedSteps.add(itemKey(d.id));
  }
  // Steps this update creates, and whether each carries its author.
  const created = new Map<string, boolean>();
  for (const i of inserts) {
    if (i.path.length !== 0) continue;
    if (i.key === null || steps.has(i.key)) return refused('a next step may only be added under a new id');
    if (i.values.length === 0) continue;
    if (!(i.values[0] instanceof Y.Map)) return refused('a next step is a map');
    created.set(itemKey(i.id), false);
  }
  const written = new Set<string>();
  for (const i of inserts) {
    if (i.path.length === 0) continue;
    if (i.path.length !== 1 || i.key === null) return refused('this part of a next step does not change');
    const step = i.path[0];
    if (step.type === null) {
      if (!created.has(itemKey(step.id))) return refused('a next step is a map');
      if (i.key === 'authorId') {
        if (i.values[0] !== userId) return refused('a next step is written in its author’s name only');
        created.set(itemKey(step.id), true);
      }
      continue;
    }
    if (i.key === 'done') {
      // The mentee ticks the mentor's step and the other way round.
    } else if (AUTHOR_FIELDS.has(i.key)) {
      if (authorOf(step.type) !== userId) return refused('only its author may change a next step');
    } else {
      return refused(`the field ${i.key} of a next step does not change`);
    }
    written.add(`${itemKey(step.id)}/${i.key}`);
  }
  for (const [, hasAuthor] of created) if (!hasAuthor) return refused('a next step carries its author');

  for (const d of deletes) {
    if (d.path.length === 0) continue;
    const step = d.path[0];
    if (deletedSteps.has(itemKey(step.id))) continue;
    // The value a write replaces is deleted beside it.
    if (d.path.length === 1 && d.key !== null && written.has(`${itemKey(step.id)}/${d.key}`)) continue;
    return refused('a field of a next step is not removed');
  }
  return ALLOWED;
}
