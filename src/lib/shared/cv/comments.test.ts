import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getSchema } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { initProseMirrorDoc, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import {
  addComment,
  deleteComment,
  deleteReply,
  listComments,
  renameAuthor,
  relativeRange,
  reopenComment,
  replyToComment,
  resolveComment
} from './comments.ts';
import { addEntry, CvError, getField, initCv } from './model.ts';
import { plainText, setPlainText, writeRich } from './rich.ts';
import { applyCvJson, cvToJson } from './json.ts';
import { replicas, sync } from './test-helpers.ts';

const mentor = { id: 'u-mentor', name: 'Pieter Claes' };
const mentee = { id: 'u-mentee', name: 'Amina El Idrissi' };
const at = new Date('2026-03-02T10:00:00Z');

function commentOn(doc: Y.Doc, field: string, word: string, text = 'Préciser ?'): string {
  const fragment = getField(doc, field);
  const from = plainText(fragment).indexOf(word);
  const { anchor, head } = relativeRange(fragment, from, from + word.length);
  return addComment(doc, { field, anchor, head, quote: word, text, author: mentor, at });
}

describe('comment anchors', () => {
  it('still cover the commented word after another client inserts text before it and edits around it', () => {
    const [a, b] = replicas();
    initCv(a);
    const id = addEntry(a, 'experience', { description: 'Caisse et accueil des clients' });
    const field = `experience/${id}/description`;
    sync(a, b);
    const commentId = commentOn(a, field, 'accueil');
    // concurrently, the mentee rewrites the start of the text
    setPlainText(getField(b, field), 'Tenue de la caisse et accueil des clients');
    sync(a, b);
    for (const doc of [a, b]) {
      const [comment] = listComments(doc);
      expect(comment.id).toBe(commentId);
      expect(comment.orphaned).toBe(false);
      expect(comment.range?.current).toBe('accueil');
      expect(plainText(getField(doc, field)).slice(comment.range!.textFrom, comment.range!.textTo)).toBe('accueil');
    }
    // typing right after the word does not grow the comment
    const text = (getField(b, field).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(plainText(getField(b, field)).indexOf('accueil') + 'accueil'.length, ' chaleureux');
    expect(listComments(b)[0].range?.current).toBe('accueil');
  });

  it('are orphaned when the commented text is deleted', () => {
    const doc = new Y.Doc();
    initCv(doc);
    setPlainText(getField(doc, 'header/headline'), 'Magasinier cariste polyvalent');
    commentOn(doc, 'header/headline', 'cariste');
    setPlainText(getField(doc, 'header/headline'), 'Magasinier polyvalent');
    const [comment] = listComments(doc);
    expect(comment.orphaned).toBe(true);
    expect(comment.range).toBeNull();
    expect(comment.quote).toBe('cariste');
  });

  it('are orphaned when the entry holding the field is removed', () => {
    const doc = new Y.Doc();
    initCv(doc);
    const id = addEntry(doc, 'skills', { name: 'Excel' });
    commentOn(doc, `skills/${id}/name`, 'Excel');
    (doc.getMap('cv').get('skills') as Y.Map<unknown>).delete(id);
    expect(listComments(doc)[0].orphaned).toBe(true);
  });

  it('give the ProseMirror positions y-tiptap computes for the editor, across blocks', () => {
    const doc = new Y.Doc();
    initCv(doc);
    const summary = getField(doc, 'summary');
    writeRich(summary, [
      { type: 'paragraph', runs: [{ text: 'Vendeuse ' }, { text: 'motivée', bold: true }] },
      { type: 'bullet', runs: [{ text: 'Caisse' }] },
      { type: 'bullet', runs: [{ text: 'Réassort en rayon' }] }
    ]);
    commentOn(doc, 'summary', 'Réassort');
    const [comment] = listComments(doc);
    const schema = getSchema([StarterKit]);
    const { doc: pmDoc, mapping } = initProseMirrorDoc(summary, schema);
    const raw = doc.getMap('comments').get(comment.id) as Y.Map<unknown>;
    const pmFrom = relativePositionToAbsolutePosition(doc, summary, Y.decodeRelativePosition(raw.get('anchor') as Uint8Array), mapping);
    const pmTo = relativePositionToAbsolutePosition(doc, summary, Y.decodeRelativePosition(raw.get('head') as Uint8Array), mapping);
    expect(comment.range).toMatchObject({ pmFrom, pmTo, current: 'Réassort' });
    expect(pmDoc.textBetween(pmFrom!, pmTo!)).toBe('Réassort');
    expect(plainText(summary).slice(comment.range!.textFrom, comment.range!.textTo)).toBe('Réassort');
  });
});

describe('comments and versions', () => {
  it('a comment on an unchanged word survives restoring a version that changed other words of the field', () => {
    const doc = new Y.Doc();
    initCv(doc);
    const id = addEntry(doc, 'experience', {
      description: [
        { type: 'bullet', runs: [{ text: 'Préparation des commandes' }] },
        { type: 'bullet', runs: [{ text: 'Chargement des camions' }] }
      ]
    });
    const field = `experience/${id}/description`;
    const version = cvToJson(doc);
    writeRich(getField(doc, field), [
      { type: 'bullet', runs: [{ text: 'Préparation rapide des commandes' }] },
      { type: 'bullet', runs: [{ text: 'Chargement des camions' }] }
    ]);
    commentOn(doc, field, 'commandes');
    commentOn(doc, field, 'camions');
    applyCvJson(doc, version, 'restore');
    const comments = listComments(doc);
    expect(comments.map((c) => c.range?.current).sort()).toEqual(['camions', 'commandes']);
  });
});

describe('threads', () => {
  it('reply, resolve, reopen, and delete only one’s own', () => {
    const [a, b] = replicas();
    initCv(a);
    setPlainText(getField(a, 'header/name'), 'Amina El Idrissi');
    sync(a, b);
    const id = commentOn(a, 'header/name', 'El Idrissi', 'Nom complet ?');
    sync(a, b);
    const replyId = replyToComment(b, id, { text: 'Oui, c’est complet.', author: mentee, at });
    resolveComment(b, id);
    sync(a, b);
    let [comment] = listComments(a);
    expect(comment).toMatchObject({ text: 'Nom complet ?', authorName: 'Pieter Claes', resolved: true, createdAt: at.toISOString() });
    expect(comment.replies).toEqual([{ id: replyId, authorId: mentee.id, authorName: mentee.name, text: 'Oui, c’est complet.', createdAt: at.toISOString() }]);
    expect(listComments(a, { includeResolved: false })).toHaveLength(0);
    reopenComment(a, id);
    [comment] = listComments(a, { field: 'header/name' });
    expect(comment.resolved).toBe(false);
    expect(() => deleteReply(a, id, replyId, mentor.id)).toThrow(CvError);
    expect(() => deleteComment(b, id, mentee.id)).toThrow(CvError);
    deleteReply(b, id, replyId, mentee.id);
    expect(listComments(b)[0].replies).toEqual([]);
    deleteComment(a, id, mentor.id);
    sync(a, b);
    expect(listComments(b)).toEqual([]);
  });

  it('refuses unknown fields, empty and oversized text, without writing', () => {
    const doc = new Y.Doc();
    initCv(doc);
    setPlainText(getField(doc, 'header/name'), 'Jan Peeters');
    const { anchor, head } = relativeRange(getField(doc, 'header/name'), 0, 3);
    const before = Y.encodeStateVector(doc);
    expect(() => addComment(doc, { field: 'header/age', anchor, head, quote: 'Jan', text: 'x', author: mentor })).toThrow(CvError);
    expect(() => addComment(doc, { field: 'header/name', anchor, head, quote: 'Jan', text: '  ', author: mentor })).toThrow(CvError);
    expect(() => addComment(doc, { field: 'header/name', anchor, head, quote: 'Jan', text: 'x'.repeat(2001), author: mentor })).toThrow(CvError);
    expect(() => replyToComment(doc, 'nope', { text: 'x', author: mentor })).toThrow(CvError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});

describe('renaming an author (account erasure)', () => {
  it('replaces the name on their comments and replies only, keeps no copy of it, and reaches other replicas', () => {
    const [a, b] = replicas();
    initCv(a);
    setPlainText(getField(a, 'header/headline'), 'Magasinier cariste polyvalent');
    const fragment = getField(a, 'header/headline');
    const { anchor, head } = relativeRange(fragment, 0, 10);
    const own = addComment(a, { field: 'header/headline', anchor, head, quote: 'Magasinier', text: 'Mon ancien métier', author: mentee, at });
    const other = commentOn(a, 'header/headline', 'cariste', 'Permis valable ?');
    replyToComment(a, own, { text: 'Très bien', author: mentor, at });
    const reply = replyToComment(a, own, { text: 'Je le garde', author: mentee, at });
    replyToComment(a, other, { text: 'Oui, jusqu’en 2030', author: mentee, at });
    sync(a, b);

    expect(renameAuthor(a, mentee.id, 'Deleted user')).toBe(3);
    sync(a, b);
    for (const doc of [a, b]) {
      const byId = new Map(listComments(doc).map((c) => [c.id, c]));
      const first = byId.get(own)!;
      const second = byId.get(other)!;
      expect(first).toMatchObject({ id: own, authorId: mentee.id, authorName: 'Deleted user', text: 'Mon ancien métier' });
      expect(first.replies.map((r) => [r.authorName, r.text])).toEqual([
        [mentor.name, 'Très bien'],
        ['Deleted user', 'Je le garde']
      ]);
      expect(first.replies[1].id).toBe(reply);
      expect(second).toMatchObject({ authorName: mentor.name });
      expect(second.replies.map((r) => r.authorName)).toEqual(['Deleted user']);
      const state = Buffer.from(Y.encodeStateAsUpdate(doc));
      expect(state.includes(Buffer.from(mentee.name))).toBe(false);
      expect(state.includes(Buffer.from('Je le garde'))).toBe(true);
    }
    expect(renameAuthor(a, mentee.id, 'Deleted user')).toBe(0);
  });
});
