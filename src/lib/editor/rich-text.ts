// A rich field's nodes and marks: what Tiptap's StarterKit gives with everything else turned off, in its order,
// without downloading the rest (headings, code, links are no part of a CV's text; the data-saving budget). Undo
// comes from the collaboration binding: it only undoes this person's own changes.
import type { Extensions } from '@tiptap/core';
import Bold from '@tiptap/extension-bold';
import Document from '@tiptap/extension-document';
import HardBreak from '@tiptap/extension-hard-break';
import Italic from '@tiptap/extension-italic';
import { BulletList, ListItem, ListKeymap, OrderedList } from '@tiptap/extension-list';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';

export const RICH_TEXT_EXTENSIONS: Extensions = [Bold, BulletList, Document, HardBreak, Italic, ListItem, ListKeymap, OrderedList, Paragraph, Text];
