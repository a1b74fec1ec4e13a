// Who may do what to the comments of a CV, checked on every writer's update before the server applies it (the
// client's own checks in src/lib/shared/cv/comments.ts are for its UI; a raw Yjs update skips them). Any writer
// (the mentor, the mentee) may comment, reply and resolve or reopen any comment; only a comment's or reply's
// author may change its text or delete it, and nobody writes in someone else's name. Anything else under
// `comments` is refused, and an update that mixes typing with a refused change is refused whole.
import * as Y from 'yjs';
import { COMMENT_QUOTE_MAX, COMMENT_TEXT_MAX, type CommentReply } from '../../src/lib/shared/cv/comments.ts';
import { COMMENTS_ROOT } from '../../src/lib/shared/cv/model.ts';
import { ALLOWED, inspectUpdate, refused, type Change, type GuardVerdict, type YType, type UpdateGuard } from '../collab/update-guard.ts';

/** The fields `addComment` writes, with what each may hold. */
const NEW_COMMENT_FIELDS: Record<string, (value: unknown) => boolean> = {
  field: (v) => typeof v === 'string',
  anchor: (v) => v instanceof Uint8Array,
  head: (v) => v instanceof Uint8Array,
  quote: (v) => typeof v === 'string' && v.length <= COMMENT_QUOTE_MAX,
  text: (v) => isCommentText(v),
  authorId: (v) => typeof v === 'string',
  authorName: (v) => typeof v === 'string',
  createdAt: (v) => typeof v === 'string',
  resolved: (v) => typeof v === 'boolean',
  replies: (v) => v instanceof Y.Array
};

const isCommentText = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '' && v.length <= COMMENT_TEXT_MAX;
const itemKey = (id: Y.ID): string => `${id.client}:${id.clock}`;

function authorOf(comment: YType | null): string | null {
  if (!(comment instanceof Y.Map)) return null;
  const author = comment.get('authorId');
  return typeof author === 'string' ? author : null;
}

function isReply(value: unknown): value is CommentReply {
  if (!value || typeof value !== 'object') return false;
  const r = value as Partial<CommentReply>;
  return typeof r.id === 'string' && typeof r.authorId === 'string' && typeof r.authorName === 'string' && isCommentText(r.text) && typeof r.createdAt === 'string';
}

/** The update guard of CV documents (`cv:<duoId>`): checks what an update does to `comments`. */
export const cvCommentGuard: UpdateGuard = (doc, update, { userId }) => {
  const inspection = inspectUpdate(doc, update, COMMENTS_ROOT);
  if (!inspection.ok) return refused(inspection.reason);
  const { inserts, deletes } = inspection;
  // Typing, the usual case, touches no comment.
  if (inserts.length === 0 && deletes.length === 0) return ALLOWED;
  return checkComments(doc.getMap(COMMENTS_ROOT), inserts, deletes, userId);
};

function checkComments(comments: Y.Map<unknown>, inserts: Change[], deletes: Change[], userId: string): GuardVerdict {
  // Comments this update deletes (by their item): their fields and replies go with them.
  const deletedComments = new Set<string>();
  for (const d of deletes) {
    if (d.path.length !== 0) continue;
    if (authorOf(d.values[0] as YType) !== userId) return refused('only its author may delete a comment');
    deletedComments.add(itemKey(d.id));
  }
  // Comments this update creates, and whether each carries its author.
  const created = new Map<string, boolean>();
  for (const i of inserts) {
    if (i.path.length !== 0) continue;
    // A new comment (a Y.Map under a fresh id); a value born deleted changes nothing.
    if (i.key === null || comments.has(i.key)) return refused('a comment may only be added under a new id');
    if (i.values.length === 0) continue;
    if (!(i.values[0] instanceof Y.Map)) return refused('a comment is a map');
    created.set(itemKey(i.id), false);
  }
  // Keys of existing comments this update writes: the value it replaces is deleted with it.
  const written = new Set<string>();

  for (const i of inserts) {
    if (i.path.length === 0) continue;
    const comment = i.path[0];
    if (i.path.length === 1) {
      if (i.key === null) return refused('a comment has named fields');
      const value = i.values[0];
      const unset = i.values.length === 0;
      if (comment.type === null) {
        if (!created.has(itemKey(comment.id))) return refused('a comment is a map');
        const valid = NEW_COMMENT_FIELDS[i.key];
        if (!valid || (!unset && !valid(value))) return refused(`a comment has no field ${i.key} of this kind`);
        if (i.key === 'authorId') {
          if (value !== userId) return refused('a comment is written in its author’s name only');
          created.set(itemKey(comment.id), true);
        }
        continue;
      }
      if (i.key === 'resolved') {
        // The mentee resolves the mentor's comment and the other way round.
        if (!unset && typeof value !== 'boolean') return refused('resolved is true or false');
      } else if (i.key === 'text') {
        if (authorOf(comment.type) !== userId) return refused('only its author may change a comment');
        if (!isCommentText(value)) return refused('a comment has a text');
      } else {
        return refused(`the field ${i.key} of a comment does not change`);
      }
      written.add(`${itemKey(comment.id)}/${i.key}`);
      continue;
    }
    if (i.path.length === 2 && i.path[1].key === 'replies' && i.key === null) {
      const replies = i.path[1].type;
      if (replies !== null && !(replies instanceof Y.Array)) return refused('replies are a list');
      if (comment.type === null && !created.has(itemKey(comment.id))) return refused('a comment is a map');
      for (const reply of i.values) {
        if (!isReply(reply)) return refused('a reply has an id, an author, a text and a date');
        if (reply.authorId !== userId) return refused('a reply is written in its author’s name only');
      }
      continue;
    }
    return refused('this part of a comment does not change');
  }
  for (const [, hasAuthor] of created) if (!hasAuthor) return refused('a comment carries its author');

  for (const d of deletes) {
    if (d.path.length === 0) continue;
    const comment = d.path[0];
    if (deletedComments.has(itemKey(comment.id))) continue;
    if (d.path.length === 1) {
      // The value a write replaces (resolved toggled, own text edited) is deleted beside it.
      if (d.key !== null && written.has(`${itemKey(comment.id)}/${d.key}`)) continue;
      return refused('a field of a comment is not removed');
    }
    if (d.path.length === 2 && d.path[1].key === 'replies' && d.key === null) {
      for (const reply of d.values) {
        if ((reply as Partial<CommentReply> | null)?.authorId !== userId) return refused('only its author may delete a reply');
      }
      continue;
    }
    return refused('this part of a comment does not change');
  }
  return ALLOWED;
}
