// What the editor page derives from the live document, in one place: a throttled plain projection for the
// preview (cvToJson), the comments with where their text is now, which comment is open, the comment being
// written, and the field editors (to refresh their highlights and to comment on their selection).
import type { Editor } from '@tiptap/core';
import * as Y from 'yjs';
import {
  addComment,
  commentsMap,
  cvToJson,
  deleteComment,
  emptyCvJson,
  findField,
  listComments,
  relativeRange,
  reopenComment,
  replyToComment,
  resolveComment,
  COMMENT_QUOTE_MAX,
  type CommentView,
  type CvJson
} from '$shared/cv';
import type { LiveDocument } from '$lib/collab/live-document.svelte';
import { commentHighlightKey, type HighlightRange } from './comment-highlights';

export interface CommentDraft {
  field: string;
  from: number;
  to: number;
  quote: string;
}

const THROTTLE_MS = 150;

export class CvEditorState {
  json = $state<CvJson>(emptyCvJson());
  comments = $state<CommentView[]>([]);
  activeCommentId = $state<string | null>(null);
  draft = $state<CommentDraft | null>(null);
  /** Field path → whether its editor has a non-empty selection (shows its "Comment" button). */
  selections = $state<Record<string, boolean>>({});
  /** Bumped when the comments panel should come into view (a highlight was clicked, a comment started). */
  commentsRequested = $state(0);
  private readonly editors = new Map<string, Editor>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly onUpdate = () => this.schedule();
  private readonly onComments = () => {
    this.refreshHighlights();
    this.schedule();
  };

  constructor(readonly session: LiveDocument) {
    session.doc.on('update', this.onUpdate);
    commentsMap(session.doc).observeDeep(this.onComments);
    this.recompute();
  }

  get doc(): Y.Doc {
    return this.session.doc;
  }

  /** Whether nothing may be edited now: the live document's one answer, read by every part of the form. */
  get readOnly(): boolean {
    return this.session.readOnly;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.recompute();
    }, THROTTLE_MS);
  }

  recompute(): void {
    this.json = cvToJson(this.doc);
    this.comments = listComments(this.doc);
  }

  /** The open comments of a field, as editor positions. */
  highlightRanges(field: string): HighlightRange[] {
    return listComments(this.doc, { field, includeResolved: false })
      .filter((c) => c.range)
      .map((c) => ({ id: c.id, from: c.range!.pmFrom, to: c.range!.pmTo, active: c.id === this.activeCommentId }));
  }

  registerEditor(field: string, editor: Editor): () => void {
    this.editors.set(field, editor);
    return () => {
      if (this.editors.get(field) === editor) this.editors.delete(field);
    };
  }

  refreshHighlights(): void {
    for (const editor of this.editors.values()) {
      if (editor.isDestroyed) continue;
      // no addToHistory=false here: the binding would end the current undo step (stopCapturing)
      editor.view.dispatch(editor.state.tr.setMeta(commentHighlightKey, true));
    }
  }

  openComment(id: string | null): void {
    this.activeCommentId = id;
    this.refreshHighlights();
    if (id) this.commentsRequested++;
  }

  /** Starts a comment on the selection of a field's editor; false when nothing is selected. */
  startComment(field: string): boolean {
    const editor = this.editors.get(field);
    if (!editor || editor.state.selection.empty) return false;
    const { from, to } = editor.state.selection;
    const doc = editor.state.doc;
    // Offsets in the field's plain text (blocks joined by "\n"), the layout comments.ts anchors with.
    const textFrom = doc.textBetween(0, from, '\n', '\n').length;
    const quote = doc.textBetween(from, to, '\n', '\n');
    if (!quote.trim()) return false;
    this.draft = { field, from: textFrom, to: textFrom + quote.length, quote: quote.slice(0, COMMENT_QUOTE_MAX) };
    this.activeCommentId = null;
    this.commentsRequested++;
    return true;
  }

  submitDraft(text: string): string | null {
    const draft = this.draft;
    const fragment = draft && findField(this.doc, draft.field);
    if (!draft || !fragment) return null;
    const { anchor, head } = relativeRange(fragment, draft.from, draft.to);
    const id = addComment(this.doc, {
      field: draft.field,
      anchor,
      head,
      quote: draft.quote,
      text,
      author: { id: this.session.user.id, name: this.session.user.name }
    });
    this.draft = null;
    this.activeCommentId = id;
    // The words are commented now: let go of the selection (and its "Comment" button).
    const editor = this.editors.get(draft.field);
    if (editor && !editor.isDestroyed) editor.commands.setTextSelection(editor.state.selection.to);
    this.recompute();
    this.refreshHighlights();
    return id;
  }

  reply(id: string, text: string): void {
    replyToComment(this.doc, id, { text, author: { id: this.session.user.id, name: this.session.user.name } });
  }

  setResolved(id: string, resolved: boolean): void {
    if (resolved) resolveComment(this.doc, id);
    else reopenComment(this.doc, id);
  }

  remove(id: string): void {
    deleteComment(this.doc, id, this.session.user.id);
    if (this.activeCommentId === id) this.activeCommentId = null;
  }

  /** Puts the caret on the commented text of an open comment. */
  reveal(comment: CommentView): void {
    const editor = this.editors.get(comment.field);
    if (!editor || !comment.range) return;
    const size = editor.state.doc.content.size;
    editor.commands.setTextSelection({ from: Math.min(comment.range.pmFrom, size), to: Math.min(comment.range.pmTo, size) });
    editor.commands.focus();
    editor.view.dom.scrollIntoView({ block: 'center' });
  }

  destroy(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.session.doc.off('update', this.onUpdate);
    commentsMap(this.session.doc).unobserveDeep(this.onComments);
    this.editors.clear();
  }
}
