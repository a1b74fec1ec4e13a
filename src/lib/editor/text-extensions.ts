// The Tiptap extensions of one collaborative text field, for any live document (a CV field, a meeting note, a
// board card). Plain fields are one paragraph of unmarked text (a name, dates, a place); rich fields allow
// paragraphs, lists, bold and italic — the node and mark names the shared rich-text model ($shared/cv/rich.ts)
// reads and writes. A document type adds its own extensions (the CV: comment highlights) through `extra`.
import type { Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { Placeholder } from '@tiptap/extensions';
import { Extension } from '@tiptap/core';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { safeColor } from '$lib/collab/presence';
import { CaretLabelClamp } from './caret-clamp';
import { RICH_TEXT_EXTENSIONS } from './rich-text';
import { collabTyping } from './collab-typing';

export type FieldKind = 'plain' | 'rich';

const SingleLine = Extension.create({
  name: 'singleLine',
  addKeyboardShortcuts() {
    // Enter in a one-line field moves on, as in a form, instead of inserting a paragraph.
    return { Enter: () => true, 'Shift-Enter': () => true };
  }
});

/** Black or white, whichever reads better on the person's colour (WCAG relative luminance). */
export function readableTextOn(hex: string): string {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!match) return '#fff';
  const channel = (i: number) => {
    const c = parseInt(match[1].slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // Contrast with white is 1.05 / (L + 0.05), with black (L + 0.05) / 0.05: pick the larger.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#fff' : '#0f172a';
}

/** Another person's caret with their name. Their colour and name come from their awareness state: checked, as text. */
export function caretLabel(user: { name: string; color: string }): HTMLElement {
  const color = safeColor(user.color);
  const caret = document.createElement('span');
  caret.className = 'collab-caret';
  caret.style.borderColor = color;
  caret.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.className = 'collab-caret__label';
  label.style.backgroundColor = color;
  label.style.color = readableTextOn(color);
  // textContent, never innerHTML: a name is data.
  label.textContent = String(user.name ?? '');
  caret.append(label);
  return caret;
}

export function textFieldExtensions(options: {
  kind: FieldKind;
  fragment: Y.XmlFragment;
  awareness: Awareness;
  user: { id: string; name: string; color: string };
  undoManager: Y.UndoManager;
  placeholder: string;
  /** The document type's own extensions (decorations, shortcuts), after the shared ones. */
  extra?: Extensions;
}): Extensions {
  const base =
    options.kind === 'plain'
      ? [Document.extend({ content: 'paragraph' }), Paragraph, Text, SingleLine]
      : RICH_TEXT_EXTENSIONS;
  return [
    ...base,
    Placeholder.configure({ placeholder: options.placeholder }),
    // One undo history for the whole page (this person's edits in every field, see undo.ts).
    Collaboration.configure({ fragment: options.fragment, yUndoOptions: { undoManager: options.undoManager } }),
    CollaborationCaret.configure({
      provider: { awareness: options.awareness },
      user: options.user,
      render: (user) => caretLabel(user as { name: string; color: string })
    }),
    CaretLabelClamp,
    // Exact writes of typing to Yjs and carets kept on one's own text: two people can type at one spot.
    collabTyping,
    ...(options.extra ?? [])
  ];
}
