// A CV field's editor: the shared collaborative text field ($lib/editor) plus what only the CV has — highlights
// of commented text and Ctrl+Alt+M to comment on the selection.
import { Extension, type Extensions } from '@tiptap/core';
import { textFieldExtensions, type FieldKind } from '$lib/editor/text-extensions';
import { commentHighlights, type HighlightRange } from './comment-highlights';

export type { FieldKind };

export function cvFieldExtensions(
  options: Omit<Parameters<typeof textFieldExtensions>[0], 'extra'> & {
    /** Mod-Alt-m: comment on the selected text. */
    onCommentShortcut: () => void;
    comments: { ranges: () => HighlightRange[]; onOpen: (id: string) => void };
  }
): Extensions {
  const { onCommentShortcut, comments, ...field } = options;
  return textFieldExtensions({
    ...field,
    extra: [
      commentHighlights(comments),
      Extension.create({
        name: 'cvCommentShortcut',
        addKeyboardShortcuts: () => ({ 'Mod-Alt-m': () => (onCommentShortcut(), true) })
      })
    ]
  });
}
