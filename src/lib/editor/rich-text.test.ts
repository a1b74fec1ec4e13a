import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { RICH_TEXT_EXTENSIONS } from './rich-text';

describe('rich text fields', () => {
  it('have exactly the schema of StarterKit as the CV used to configure it (the stored documents stay valid)', () => {
    const before = getSchema([
      StarterKit.configure({
        undoRedo: false,
        heading: false,
        blockquote: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        strike: false,
        underline: false,
        link: false,
        dropcursor: false,
        gapcursor: false,
        trailingNode: false
      })
    ]);
    const now = getSchema(RICH_TEXT_EXTENSIONS);
    const spec = (schema: typeof now) => ({
      nodes: Object.fromEntries(Object.entries(schema.nodes).map(([name, type]) => [name, { content: type.spec.content ?? '', group: type.spec.group ?? '' }])),
      marks: Object.keys(schema.marks)
    });
    expect(spec(now)).toEqual(spec(before));
    expect(Object.keys(now.nodes)).toContain('bulletList');
  });
});
