import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { Fragment, Slice } from '@tiptap/pm/model';
import { ReplaceStep } from '@tiptap/pm/transform';
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { writeTextStep } from './collab-typing';

// The editor's binding needs a DOM; the exact write does not: it takes the step, the document before it and the
// binding's mapping, which initProseMirrorDoc gives exactly as the binding builds it.
const schema = getSchema([StarterKit]);

function person(clientID: number) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return { doc, fragment: doc.getXmlFragment('f') };
}

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

function textOf(fragment: Y.XmlFragment): Y.XmlText {
  return (fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** Who wrote each visible character. */
function authors(text: Y.XmlText): number[] {
  const out: number[] = [];
  for (let item = text._start; item; item = item.right) {
    if (!item.deleted && item.countable) for (let i = 0; i < item.length; i++) out.push(item.id.client);
  }
  return out;
}

function write(who: ReturnType<typeof person>, step: ReplaceStep): boolean {
  const { doc: before, mapping } = initProseMirrorDoc(who.fragment, schema);
  let wrote = false;
  who.doc.transact(() => {
    wrote = writeTextStep(step, before, who.fragment, mapping as never);
  });
  return wrote;
}

const text = (t: string, marks: string[] = []) => schema.text(t, marks.map((m) => schema.mark(m)));
const insert = (pos: number, t: string, marks: string[] = []) => new ReplaceStep(pos, pos, new Slice(Fragment.from(text(t, marks)), 0, 0));

/** Mentor (2) has written "Employée" and, at its end, a space that the mentee (1) has received. */
function employeeThenMentorSpace() {
  const mentee = person(1);
  const mentor = person(2);
  prosemirrorJSONToYXmlFragment(schema, { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Employée' }] }] }, mentor.fragment);
  sync(mentee.doc, mentor.doc);
  textOf(mentor.fragment).insert(8, ' ');
  sync(mentee.doc, mentor.doc);
  return { mentee, mentor };
}

describe('exact writes of local typing to Yjs', () => {
  it("puts a typed space before the other person's equal letter when that is where the caret was", () => {
    const { mentee, mentor } = employeeThenMentorSpace();
    // The mentee's caret was still before the mentor's space (position 9): she types her own space there.
    // The binding's diff of "Employée " → "Employée  " would record it after the mentor's space instead.
    expect(write(mentee, insert(9, ' '))).toBe(true);
    expect(textOf(mentee.fragment).toString()).toBe('Employée  ');
    expect(authors(textOf(mentee.fragment)).slice(8)).toEqual([1, 2]);
    // Each goes on typing after their own space: the words stay whole.
    textOf(mentee.fragment).insert(9, 'polyvalente');
    textOf(mentor.fragment).insert(9, 'Caissière');
    sync(mentee.doc, mentor.doc);
    expect(textOf(mentee.fragment).toString()).toBe('Employée polyvalente Caissière');
    expect(textOf(mentor.fragment).toString()).toBe('Employée polyvalente Caissière');
  });

  it('deletes the very character ProseMirror deleted among equal neighbours', () => {
    const { mentee } = employeeThenMentorSpace();
    textOf(mentee.fragment).insert(9, ' ');
    expect(authors(textOf(mentee.fragment)).slice(8)).toEqual([2, 1]);
    // Backspace over the mentor's space (9–10), not the mentee's.
    expect(write(mentee, new ReplaceStep(9, 10, Slice.empty))).toBe(true);
    expect(textOf(mentee.fragment).toString()).toBe('Employée ');
    expect(authors(textOf(mentee.fragment)).slice(8)).toEqual([1]);
  });

  it('replaces a selection by typed bold text with the marks as the binding writes them', () => {
    const { mentee } = employeeThenMentorSpace();
    expect(write(mentee, new ReplaceStep(1, 9, new Slice(Fragment.from(text('Vendeuse', ['bold'])), 0, 0)))).toBe(true);
    expect(textOf(mentee.fragment).toDelta()).toEqual([{ insert: 'Vendeuse', attributes: { bold: {} } }, { insert: ' ' }]);
  });

  it('types exactly inside text that already has bold and italic runs', () => {
    const { mentee, mentor } = employeeThenMentorSpace();
    textOf(mentor.fragment).format(0, 8, { bold: {} });
    textOf(mentor.fragment).insert(9, ' ');
    textOf(mentor.fragment).format(9, 1, { italic: {} });
    sync(mentee.doc, mentor.doc);
    // "Employée" bold, then the mentor's plain space, then his italic space; the mentee types a plain space
    // between his two spaces (position 10), where a diff would put it after the second one.
    expect(write(mentee, insert(10, ' '))).toBe(true);
    expect(authors(textOf(mentee.fragment)).slice(8)).toEqual([2, 1, 2]);
    expect(textOf(mentee.fragment).toDelta()).toEqual([
      { insert: 'Employée', attributes: { bold: {} } },
      { insert: '  ' },
      { insert: ' ', attributes: { italic: {} } }
    ]);
  });

  it('leaves structural steps, steps across a line break and a stale Yjs to the binding, writing nothing', () => {
    const { mentee, mentor } = employeeThenMentorSpace();
    const before = mentee.fragment.toJSON();
    // Enter: the paragraph splits.
    const split = new ReplaceStep(5, 5, new Slice(Fragment.from([schema.node('paragraph'), schema.node('paragraph')]), 1, 1));
    expect(write(mentee, split)).toBe(false);
    expect(mentee.fragment.toJSON()).toBe(before);
    // Yjs changed since ProseMirror's document: the step's positions no longer mean the same characters.
    const { doc: stale, mapping } = initProseMirrorDoc(mentee.fragment, schema);
    textOf(mentor.fragment).insert(0, 'X');
    sync(mentee.doc, mentor.doc);
    mentee.doc.transact(() => expect(writeTextStep(insert(9, 'a'), stale, mentee.fragment, mapping as never)).toBe(false));
    expect(textOf(mentee.fragment).toString()).toBe('XEmployée ');

    const lines = person(3);
    prosemirrorJSONToYXmlFragment(schema, {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Ligne 1' }, { type: 'hardBreak' }, { type: 'text', text: 'Ligne 2' }] }]
    }, lines.fragment);
    const json = lines.fragment.toJSON();
    expect(write(lines, new ReplaceStep(7, 10, Slice.empty))).toBe(false);
    expect(lines.fragment.toJSON()).toBe(json);
    // Typing just after the line break is still exact.
    expect(write(lines, insert(9, '> '))).toBe(true);
    expect(((lines.fragment.get(0) as Y.XmlElement).get(2) as Y.XmlText).toString()).toBe('> Ligne 2');
  });
});
