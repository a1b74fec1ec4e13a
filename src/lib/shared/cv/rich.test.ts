import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { newField, plainText, readRich, setPlainText, writeRich, type RichBlock } from './rich.ts';

// Tiptap needs a DOM to mount an editor; its schema and y-tiptap's converters do not, and they are exactly what
// the editor's sync plugin uses to read and write a fragment.
const schema = getSchema([StarterKit]);

const sample: RichBlock[] = [
  { type: 'paragraph', runs: [{ text: 'Accueil des ' }, { text: 'clients', bold: true }, { text: ' à Anderlecht', italic: true }] },
  { type: 'bullet', runs: [{ text: 'Caisse et ' }, { text: 'réassort', bold: true, italic: true }] },
  { type: 'bullet', runs: [{ text: 'Inventaire' }] },
  { type: 'ordered', runs: [{ text: 'Eerste stap' }] },
  { type: 'ordered', runs: [{ text: 'Tweede stap' }] },
  { type: 'paragraph', runs: [{ text: 'Ligne 1\nLigne 2' }] }
];

function fragmentIn(doc = new Y.Doc()): Y.XmlFragment {
  return doc.getXmlFragment('f');
}

describe('rich text in Tiptap layout', () => {
  it('is read by y-tiptap as the StarterKit document it means', () => {
    const fragment = fragmentIn();
    writeRich(fragment, sample);
    const pm = yXmlFragmentToProseMirrorRootNode(fragment, schema).toJSON();
    expect(pm.content.map((n: { type: string }) => n.type)).toEqual([
      'paragraph',
      'bulletList',
      'orderedList',
      'paragraph'
    ]);
    expect(pm.content[0].content[1]).toEqual({ type: 'text', text: 'clients', marks: [{ type: 'bold' }] });
    expect(pm.content[1].content).toHaveLength(2);
    expect(pm.content[1].content[0].type).toBe('listItem');
    expect(pm.content[2].attrs).toEqual({ start: 1, type: null });
    expect(pm.content[3].content.map((n: { type: string }) => n.type)).toEqual(['text', 'hardBreak', 'text']);
  });

  it('reads what y-tiptap wrote from a StarterKit document, identically', () => {
    const fragment = fragmentIn();
    writeRich(fragment, sample);
    const pm = yXmlFragmentToProseMirrorRootNode(fragment, schema).toJSON();
    const other = fragmentIn();
    prosemirrorJSONToYXmlFragment(schema, pm, other);
    expect(other.toJSON()).toBe(fragment.toJSON());
    expect(readRich(other)).toEqual(sample);
  });

  it('reads headings, quotes and nested lists as blocks without losing text', () => {
    const fragment = fragmentIn();
    prosemirrorJSONToYXmlFragment(
      schema,
      {
        type: 'doc',
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Titre' }] },
          { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Citation' }] }] },
          {
            type: 'bulletList',
            content: [
              {
                type: 'listItem',
                content: [
                  { type: 'paragraph', content: [{ type: 'text', text: 'Haut' }] },
                  {
                    type: 'orderedList',
                    content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Bas' }] }] }]
                  }
                ]
              }
            ]
          }
        ]
      },
      fragment
    );
    expect(readRich(fragment)).toEqual([
      { type: 'paragraph', runs: [{ text: 'Titre' }] },
      { type: 'paragraph', runs: [{ text: 'Citation' }] },
      { type: 'bullet', runs: [{ text: 'Haut' }] },
      { type: 'ordered', runs: [{ text: 'Bas' }] }
    ]);
  });

  it('keeps unchanged top-level nodes when rewriting (their identity carries comments)', () => {
    const fragment = fragmentIn();
    writeRich(fragment, sample);
    const firstBefore = fragment.get(0);
    const changed = sample.map((b, i) => (i === 3 ? { ...b, runs: [{ text: 'Première étape' }] } : b));
    writeRich(fragment, changed);
    expect(fragment.get(0)).toBe(firstBefore);
    expect(readRich(fragment)).toEqual(changed);
  });

  it('edits a changed paragraph or list item in place: unchanged words keep their items', () => {
    const fragment = fragmentIn();
    writeRich(fragment, sample);
    const list = fragment.get(1) as Y.XmlElement;
    const secondItemText = ((list.get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const rel = Y.createRelativePositionFromTypeIndex(secondItemText, 2); // inside "Inventaire"
    const changed: RichBlock[] = sample.map((b, i) => {
      if (i === 0) return { ...b, runs: [{ text: 'Accueil chaleureux des ' }, { text: 'clients', bold: true }, { text: ' à Anderlecht' }] };
      if (i === 2) return { ...b, runs: [{ text: 'Inventaire ' }, { text: 'mensuel', italic: true }] };
      return b;
    });
    writeRich(fragment, changed);
    expect(readRich(fragment)).toEqual(changed);
    expect(fragment.get(1)).toBe(list);
    const abs = Y.createAbsolutePositionFromRelativePosition(rel, fragment.doc as Y.Doc);
    expect(abs?.type).toBe(secondItemText);
    expect(abs?.index).toBe(2);
    const pm = yXmlFragmentToProseMirrorRootNode(fragment, schema);
    expect(pm.child(0).textContent).toBe('Accueil chaleureux des clients à Anderlecht');
    // the editor sees exactly the new content, marks included
    const seen = fragmentIn();
    prosemirrorJSONToYXmlFragment(schema, pm.toJSON(), seen);
    expect(readRich(seen)).toEqual(changed);
  });

  it('replaces a list item count change and a list kind change correctly', () => {
    const fragment = fragmentIn();
    writeRich(fragment, sample);
    const more: RichBlock[] = [...sample.slice(0, 3), { type: 'bullet', runs: [{ text: 'Nouveau' }] }, ...sample.slice(3)];
    writeRich(fragment, more);
    expect(readRich(fragment)).toEqual(more);
    const kinds: RichBlock[] = sample.map((b) => (b.type === 'bullet' ? { ...b, type: 'ordered' } : b));
    writeRich(fragment, kinds);
    expect(readRich(fragment)).toEqual(
      // consecutive ordered items merge into one list, as in Tiptap
      kinds
    );
  });

  it('stores an empty field as one empty paragraph and reads it as no block', () => {
    const fragment = fragmentIn();
    writeRich(fragment, sample);
    writeRich(fragment, []);
    expect(fragment.toJSON()).toBe('<paragraph></paragraph>');
    expect(readRich(fragment)).toEqual([]);
  });
});

describe('plain text', () => {
  it('edits the smallest range so that a concurrent edit elsewhere survives', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap('m').set('f', newField());
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const fa = a.getMap('m').get('f') as Y.XmlFragment;
    const fb = b.getMap('m').get('f') as Y.XmlFragment;
    setPlainText(fa, 'Zoë Van Rijckeghem');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setPlainText(fa, 'Zoë Van Rijckeghem-Peeters');
    setPlainText(fb, 'Mevr. Zoë Van Rijckeghem');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(plainText(fa)).toBe('Mevr. Zoë Van Rijckeghem-Peeters');
    expect(plainText(fb)).toBe(plainText(fa));
  });

  it('turns newlines into spaces, keeps emoji whole, and replaces formatted content', () => {
    const fragment = fragmentIn();
    writeRich(fragment, [{ type: 'paragraph', runs: [{ text: 'gras', bold: true }] }]);
    setPlainText(fragment, 'Noël\nDubœuf 👋🏽');
    expect(fragment.toJSON()).toBe('<paragraph>Noël Dubœuf 👋🏽</paragraph>');
    setPlainText(fragment, 'Noël Dubœuf 👋🏿');
    expect(plainText(fragment)).toBe('Noël Dubœuf 👋🏿');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(fragment.doc as Y.Doc));
    expect(plainText(copy.getXmlFragment('f'))).toBe('Noël Dubœuf 👋🏿');
  });
});
