// The formatting buttons every rich text field offers (bold, italic, bullet and numbered lists), as one command
// each, run on the field's editor with the focus kept in it.
import type { Editor } from '@tiptap/core';

export type FormatCommand = 'bold' | 'italic' | 'bullet' | 'ordered';

export function runFormat(editor: Editor | null, command: FormatCommand): void {
  if (!editor) return;
  const chain = editor.chain().focus();
  if (command === 'bold') chain.toggleBold().run();
  else if (command === 'italic') chain.toggleItalic().run();
  else if (command === 'bullet') chain.toggleBulletList().run();
  else chain.toggleOrderedList().run();
}
