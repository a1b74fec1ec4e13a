// Keeps this person's caret on their own text when the other person types in the same paragraph.
//
// @tiptap/y-tiptap 3.0.9 restores the selection after a remote change from Yjs relative positions, then
// second-guesses the result whenever the paragraph's text changed (isMisresolvedAfterStructuralChange) and
// "recovers" it by offset. With two people typing at the same spot, that puts one caret before the character it
// just typed, so the next letters land in the wrong order ("Caissièreolyvalentep"). This plugin remembers the
// selection as relative positions after every local state (Yjs already holds the local edit then) and, after a
// remote change, puts the caret back where those positions say.
// Measured with two Chromium pages typing at the very same spot (5 fields × 2–3 runs): without this plugin the
// first letters were misordered every time and sometimes doubled; with it the order was right and one first
// letter in 15 was doubled (a race inside the binding that this plugin does not reach).
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';

interface SyncState {
  doc: import('yjs').Doc;
  type: import('yjs').XmlFragment;
  binding: { mapping: Map<unknown, unknown> } | null;
}

export const caretKeeper = Extension.create({
  name: 'cvCaretKeeper',
  addProseMirrorPlugins() {
    let saved: { anchor: unknown; head: unknown } | null = null;
    let view: import('@tiptap/pm/view').EditorView | null = null;
    return [
      new Plugin({
        key: new PluginKey('cvCaretKeeper'),
        appendTransaction: (transactions, _old, state) => {
          if (!saved || !transactions.some((tr) => tr.getMeta(ySyncPluginKey)?.isChangeOrigin)) return null;
          // Typing the browser has done but ProseMirror has not read yet: moving the caret now would make it
          // read that typing against the wrong place. Leave this one to the binding.
          const observer = (view as unknown as { domObserver?: { queue?: unknown[]; observer?: MutationObserver } } | null)?.domObserver;
          if (observer?.queue?.length) return null;
          const y = ySyncPluginKey.getState(state) as SyncState | undefined;
          if (!y?.binding) return null;
          const anchor = relativePositionToAbsolutePosition(y.doc, y.type, saved.anchor, y.binding.mapping as never);
          const head = relativePositionToAbsolutePosition(y.doc, y.type, saved.head, y.binding.mapping as never);
          const size = state.doc.content.size;
          if (anchor === null || head === null || anchor > size || head > size) return null;
          if (state.selection.anchor === anchor && state.selection.head === head) return null;
          return state.tr.setSelection(TextSelection.between(state.doc.resolve(anchor), state.doc.resolve(head)));
        },
        view: (editorView) => {
          view = editorView;
          return {
          destroy: () => {
            view = null;
          },
          update: (view) => {
            const y = ySyncPluginKey.getState(view.state) as SyncState | undefined;
            const selection = view.state.selection;
            if (!view.hasFocus() || !y?.binding || !(selection instanceof TextSelection)) {
              saved = null;
              return;
            }
            saved = {
              anchor: absolutePositionToRelativePosition(selection.anchor, y.type, y.binding.mapping as never),
              head: absolutePositionToRelativePosition(selection.head, y.type, y.binding.mapping as never)
            };
          }
          };
        }
      })
    ];
  }
});
