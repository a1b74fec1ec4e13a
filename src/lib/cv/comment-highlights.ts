// Highlights commented text inside one field editor. The ranges come from the comments' Yjs relative positions
// (comments.ts resolves them to ProseMirror positions); between two refreshes, local typing maps the
// decorations like any other, so they never lag behind the text being typed.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

export interface HighlightRange {
  id: string;
  from: number;
  to: number;
  active: boolean;
}

export const commentHighlightKey = new PluginKey<DecorationSet>('cvCommentHighlights');

function build(state: EditorState, ranges: HighlightRange[]): DecorationSet {
  const size = state.doc.content.size;
  const decorations = ranges
    .filter((r) => r.from < r.to && r.from >= 0 && r.to <= size)
    .map((r) =>
      Decoration.inline(r.from, r.to, {
        class: r.active ? 'cv-comment cv-comment--active' : 'cv-comment',
        'data-comment-id': r.id
      })
    );
  return DecorationSet.create(state.doc, decorations);
}

/** `ranges()` reads the field's open comments; `onOpen(id)` is called when a highlight is clicked. */
export function commentHighlights(options: { ranges: () => HighlightRange[]; onOpen: (id: string) => void }) {
  return Extension.create({
    name: 'cvCommentHighlights',
    addProseMirrorPlugins() {
      return [
        new Plugin<DecorationSet>({
          key: commentHighlightKey,
          state: {
            init: (_config, state) => build(state, options.ranges()),
            apply: (tr: Transaction, set: DecorationSet, _old: EditorState, state: EditorState) => {
              // A remote change (rendered from Yjs) or a comment change: read the positions again.
              if (tr.getMeta(commentHighlightKey) || tr.getMeta(ySyncPluginKey)) return build(state, options.ranges());
              return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
            }
          },
          props: {
            decorations: (state) => commentHighlightKey.getState(state),
            handleClick: (view, _pos, event) => {
              const target = (event.target as HTMLElement | null)?.closest?.('[data-comment-id]');
              const id = target?.getAttribute('data-comment-id');
              if (id && view.state.selection.empty) options.onOpen(id);
              return false;
            }
          }
        })
      ];
    }
  });
}
