// Comments on CV text, kept in the CV's own document (`doc.getMap('comments')`) so that they travel, merge and
// persist with it. A comment is anchored by two Yjs relative positions (start and end of the commented text):
// they name the characters themselves, not offsets, so concurrent edits before or inside the text never move the
// comment to other words. When the commented text is deleted, the comment is reported as orphaned.
//
// "Delete own" is checked here for the UI's sake. The server enforces it: the collaboration server checks every
// writer's update to this map before applying it (server/cv/comment-guard.ts) and refuses, whole, one that deletes
// or rewrites someone else's comment or reply or writes in someone else's name (authorId). Anyone who may write
// may comment, reply, resolve and reopen; a change these functions would not make is refused too.
import * as Y from 'yjs';
import { COMMENTS_ROOT, CvError, findField, newEntryId } from './model.ts';
import { parseFieldPath } from './paths.ts';

export const COMMENT_TEXT_MAX = 2000;
export const COMMENT_QUOTE_MAX = 500;
export const MAX_REPLIES = 200;

export interface CommentAuthor {
  id: string;
  name: string;
}

export interface CommentReply {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  createdAt: string;
}

/** Where the commented text is now. `text*` are offsets in `plainText(field)` (blocks joined by "\n");
 * `pm*` are ProseMirror positions in the field's editor document. */
export interface CommentRange {
  textFrom: number;
  textTo: number;
  pmFrom: number;
  pmTo: number;
  /** The text the range covers now (it may have been edited since `quote`). */
  current: string;
}

export interface CommentView {
  id: string;
  field: string;
  quote: string;
  text: string;
  authorId: string;
  authorName: string;
  createdAt: string;
  resolved: boolean;
  replies: CommentReply[];
  /** null when orphaned */
  range: CommentRange | null;
  orphaned: boolean;
}

export function commentsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(COMMENTS_ROOT);
}

function checkText(text: string, max: number, field: string): void {
  if (typeof text !== 'string' || !text.trim()) throw new CvError(`${field} is required`, field);
  if (text.length > max) throw new CvError(`${field} is longer than ${max} characters`, field);
}

function checkAuthor(author: CommentAuthor): void {
  if (!author || typeof author.id !== 'string' || !author.id || typeof author.name !== 'string') {
    throw new CvError('author is required', 'author');
  }
}

function getComment(doc: Y.Doc, id: string): Y.Map<unknown> {
  const comment = commentsMap(doc).get(id);
  if (!(comment instanceof Y.Map)) throw new CvError(`No comment ${id}`, 'id');
  return comment;
}

export function addComment(
  doc: Y.Doc,
  input: {
    field: string;
    anchor: Y.RelativePosition;
    head: Y.RelativePosition;
    quote: string;
    text: string;
    author: CommentAuthor;
    at?: Date;
    id?: string;
  },
  origin: unknown = null
): string {
  if (!parseFieldPath(input.field) || !findField(doc, input.field)) throw new CvError(`No field ${input.field}`, 'field');
  checkText(input.text, COMMENT_TEXT_MAX, 'text');
  if (typeof input.quote !== 'string' || input.quote.length > COMMENT_QUOTE_MAX) throw new CvError('quote is too long', 'quote');
  checkAuthor(input.author);
  const id = input.id ?? newEntryId();
  doc.transact(() => {
    const comment = new Y.Map<unknown>();
    commentsMap(doc).set(id, comment);
    comment.set('field', input.field);
    comment.set('anchor', Y.encodeRelativePosition(input.anchor));
    comment.set('head', Y.encodeRelativePosition(input.head));
    comment.set('quote', input.quote);
    comment.set('text', input.text);
    comment.set('authorId', input.author.id);
    comment.set('authorName', input.author.name);
    comment.set('createdAt', (input.at ?? new Date()).toISOString());
    comment.set('resolved', false);
    comment.set('replies', new Y.Array<CommentReply>());
  }, origin);
  return id;
}

export function replyToComment(
  doc: Y.Doc,
  commentId: string,
  input: { text: string; author: CommentAuthor; at?: Date; id?: string },
  origin: unknown = null
): string {
  checkText(input.text, COMMENT_TEXT_MAX, 'text');
  checkAuthor(input.author);
  const replies = getComment(doc, commentId).get('replies');
  if (!(replies instanceof Y.Array)) throw new CvError(`Comment ${commentId} is damaged`, 'id');
  if (replies.length >= MAX_REPLIES) throw new CvError('Too many replies', 'replies');
  const reply: CommentReply = {
    id: input.id ?? newEntryId(),
    authorId: input.author.id,
    authorName: input.author.name,
    text: input.text,
    createdAt: (input.at ?? new Date()).toISOString()
  };
  doc.transact(() => replies.push([reply]), origin);
  return reply.id;
}

export function setCommentResolved(doc: Y.Doc, id: string, resolved: boolean, origin: unknown = null): void {
  const comment = getComment(doc, id);
  if (comment.get('resolved') === resolved) return;
  doc.transact(() => comment.set('resolved', resolved), origin);
}

export const resolveComment = (doc: Y.Doc, id: string, origin: unknown = null): void => setCommentResolved(doc, id, true, origin);
export const reopenComment = (doc: Y.Doc, id: string, origin: unknown = null): void => setCommentResolved(doc, id, false, origin);

/** Deletes a comment and its thread; only its author may. */
export function deleteComment(doc: Y.Doc, id: string, actorId: string, origin: unknown = null): void {
  const comment = getComment(doc, id);
  if (comment.get('authorId') !== actorId) throw new CvError('Only the author may delete a comment', 'authorId');
  doc.transact(() => commentsMap(doc).delete(id), origin);
}

/** Deletes one reply; only its author may. */
export function deleteReply(doc: Y.Doc, commentId: string, replyId: string, actorId: string, origin: unknown = null): void {
  const replies = getComment(doc, commentId).get('replies');
  if (!(replies instanceof Y.Array)) throw new CvError(`Comment ${commentId} is damaged`, 'id');
  const index = replies.toArray().findIndex((r: CommentReply) => r?.id === replyId);
  if (index < 0) throw new CvError(`No reply ${replyId}`, 'id');
  if ((replies.get(index) as CommentReply).authorId !== actorId) throw new CvError('Only the author may delete a reply', 'authorId');
  doc.transact(() => replies.delete(index, 1), origin);
}

/**
 * Puts `name` in place of the author's name on every comment and reply by `authorId` (erasure of an account, done
 * by the server as its own change). The old name is deleted, not hidden: with garbage collection on, as on the
 * server, the document keeps no copy of it, so the next compaction of its history leaves none either. A reply is a
 * plain value, so it is replaced whole at its place, with its id, text and date. Returns how many were renamed.
 */
export function renameAuthor(doc: Y.Doc, authorId: string, name: string, origin: unknown = null): number {
  let renamed = 0;
  doc.transact(() => {
    commentsMap(doc).forEach((comment) => {
      if (!(comment instanceof Y.Map)) return;
      if (comment.get('authorId') === authorId && comment.get('authorName') !== name) {
        comment.set('authorName', name);
        renamed++;
      }
      const replies = comment.get('replies');
      if (!(replies instanceof Y.Array)) return;
      replies.toArray().forEach((reply: CommentReply, index) => {
        if (reply?.authorId !== authorId || reply.authorName === name) return;
        replies.delete(index, 1);
        replies.insert(index, [{ ...reply, authorName: name }]);
        renamed++;
      });
    });
  }, origin);
  return renamed;
}

interface Point {
  text: number;
  pm: number;
}

// Elements that ProseMirror counts as leaves (size 1) and that read as one character of text.
const LEAF_NODES = new Set(['hardBreak', 'horizontalRule', 'image']);
const isTextblock = (el: Y.XmlElement): boolean => el.toArray().some((c) => c instanceof Y.XmlText) || ['paragraph', 'heading', 'codeBlock'].includes(el.nodeName);

/**
 * Finds where (type, index) — a resolved Yjs position — lies in the field, as a plain-text offset and a
 * ProseMirror position (open and close of an element count 1 each, text 1 per character, a leaf 1).
 */
function locate(fragment: Y.XmlFragment, target: Y.AbstractType<unknown>, index: number): Point | null {
  let text = 0;
  let pm = 0;
  let firstBlock = true;
  let found: Point | null = null;
  const visit = (parent: Y.XmlFragment | Y.XmlElement): void => {
    const children = parent.toArray();
    children.forEach((child, i) => {
      if (found) return;
      if (parent === target && i === index) found = { text, pm };
      if (child instanceof Y.XmlText) {
        if (child === target) found = { text: text + index, pm: pm + index };
        text += child.length;
        pm += child.length;
      } else if (child instanceof Y.XmlElement) {
        if (LEAF_NODES.has(child.nodeName)) {
          text += 1;
          pm += 1;
          return;
        }
        if (isTextblock(child)) {
          if (!firstBlock) text += 1;
          firstBlock = false;
        }
        pm += 1;
        visit(child);
        if (found) return;
        if (child === target && index >= child.length) found = { text, pm };
        pm += 1;
      }
    });
    if (!found && parent === target && index >= children.length) found = { text, pm };
  };
  visit(fragment);
  return found;
}

function within(type: Y.AbstractType<unknown>, fragment: Y.XmlFragment): boolean {
  for (let t: Y.AbstractType<unknown> | null = type; t; t = (t._item?.parent as Y.AbstractType<unknown> | undefined) ?? null) {
    if (t === fragment) return true;
  }
  return false;
}

function resolvePoint(doc: Y.Doc, fragment: Y.XmlFragment, encoded: unknown): Point | null {
  if (!(encoded instanceof Uint8Array)) return null;
  let relative: Y.RelativePosition;
  try {
    relative = Y.decodeRelativePosition(encoded);
  } catch {
    return null;
  }
  const absolute = Y.createAbsolutePositionFromRelativePosition(relative, doc);
  if (!absolute || !within(absolute.type, fragment)) return null;
  return locate(fragment, absolute.type, absolute.index);
}

function textBetween(fragment: Y.XmlFragment, from: number, to: number): string {
  // same layout as plainText: blocks joined by "\n", a hard break is "\n"
  const parts: string[] = [];
  let firstBlock = true;
  const visit = (parent: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of parent.toArray()) {
      if (child instanceof Y.XmlText) parts.push(textOf(child));
      else if (child instanceof Y.XmlElement) {
        if (LEAF_NODES.has(child.nodeName)) parts.push('\n');
        else {
          if (isTextblock(child)) {
            if (!firstBlock) parts.push('\n');
            firstBlock = false;
          }
          visit(child);
        }
      }
    }
  };
  visit(fragment);
  return parts.join('').slice(from, to);
}

function textOf(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

/** The range a comment covers now, or null when its text is gone (orphaned). */
export function commentRange(doc: Y.Doc, field: string, anchor: unknown, head: unknown): CommentRange | null {
  const fragment = findField(doc, field);
  if (!fragment) return null;
  const from = resolvePoint(doc, fragment, anchor);
  const to = resolvePoint(doc, fragment, head);
  if (!from || !to || to.pm <= from.pm) return null;
  return { textFrom: from.text, textTo: to.text, pmFrom: from.pm, pmTo: to.pm, current: textBetween(fragment, from.text, to.text) };
}

function readReplies(value: unknown): CommentReply[] {
  if (!(value instanceof Y.Array)) return [];
  return value
    .toArray()
    .filter((r): r is CommentReply => !!r && typeof r === 'object' && typeof (r as CommentReply).id === 'string')
    .map((r) => ({ id: r.id, authorId: String(r.authorId), authorName: String(r.authorName), text: String(r.text), createdAt: String(r.createdAt) }));
}

/** Comments (of one field, or all), oldest first, each with where its text is now. */
export function listComments(doc: Y.Doc, options: { field?: string; includeResolved?: boolean } = {}): CommentView[] {
  const out: CommentView[] = [];
  commentsMap(doc).forEach((comment, id) => {
    if (!(comment instanceof Y.Map)) return;
    const field = comment.get('field');
    if (typeof field !== 'string' || (options.field !== undefined && field !== options.field)) return;
    const resolved = comment.get('resolved') === true;
    if (resolved && options.includeResolved === false) return;
    const range = commentRange(doc, field, comment.get('anchor'), comment.get('head'));
    out.push({
      id,
      field,
      quote: String(comment.get('quote') ?? ''),
      text: String(comment.get('text') ?? ''),
      authorId: String(comment.get('authorId') ?? ''),
      authorName: String(comment.get('authorName') ?? ''),
      createdAt: String(comment.get('createdAt') ?? ''),
      resolved,
      replies: readReplies(comment.get('replies')),
      range,
      orphaned: range === null
    });
  });
  return out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
}

/**
 * Relative positions for a plain-text range of a field (offsets as in `plainText`): for the server, imports and
 * tests. The editor computes its own from the selection with y-tiptap's `absolutePositionToRelativePosition`.
 * The start sticks to the first commented character, the end to the character after the last one (assoc -1:
 * to the last commented character), so text typed at either edge stays outside the comment.
 */
export function relativeRange(fragment: Y.XmlFragment, from: number, to: number): { anchor: Y.RelativePosition; head: Y.RelativePosition } {
  if (!(from < to)) throw new CvError('Empty range', 'range');
  const start = textPosition(fragment, from, false);
  const end = textPosition(fragment, to, true);
  if (!start || !end) throw new CvError('Range outside the field', 'range');
  return {
    anchor: Y.createRelativePositionFromTypeIndex(start.type, start.index, 0),
    head: Y.createRelativePositionFromTypeIndex(end.type, end.index, -1)
  };
}

function textPosition(fragment: Y.XmlFragment, offset: number, isEnd: boolean): { type: Y.XmlText; index: number } | null {
  let text = 0;
  let firstBlock = true;
  let found: { type: Y.XmlText; index: number } | null = null;
  const visit = (parent: Y.XmlFragment | Y.XmlElement): void => {
    for (const child of parent.toArray()) {
      if (found) return;
      if (child instanceof Y.XmlText) {
        const inside = isEnd ? offset > text && offset <= text + child.length : offset >= text && offset < text + child.length;
        if (inside) found = { type: child, index: offset - text };
        text += child.length;
      } else if (child instanceof Y.XmlElement) {
        if (LEAF_NODES.has(child.nodeName)) text += 1;
        else {
          if (isTextblock(child)) {
            if (!firstBlock) text += 1;
            firstBlock = false;
          }
          visit(child);
        }
      }
    }
  };
  visit(fragment);
  return found;
}
