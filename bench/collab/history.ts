// A stored history for the cold-load scenario: `count` updates as a CV's text gets written by two people who
// sync with each other (inserts at varied places, some deletions), generated deterministically so that every
// server loads the same bytes. The last update appends END_MARK, which a synced client must have received.
import * as Y from 'yjs';
import { prng } from '../prng.ts';

export const END_MARK = '#history-end#';


const WORDS = ['expérience ', 'gestion ', 'équipe ', 'Bruxelles ', 'logistique ', 'client ', 'vente ', 'néerlandais ', 'projet ', 'stage '];

export function makeHistory(count: number): Uint8Array[] {
  const random = prng(42);
  const people = [new Y.Doc(), new Y.Doc()];
  const updates: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const author = people[i % 2];
    const other = people[(i + 1) % 2];
    const text = author.getText('t');
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    author.once('update', capture);
    if (i === count - 1) text.insert(text.length, END_MARK);
    else if (text.length > 40 && random() < 0.15) text.delete(Math.floor(random() * (text.length - 5)), 1 + Math.floor(random() * 4));
    else text.insert(Math.floor(random() * (text.length + 1)), WORDS[Math.floor(random() * WORDS.length)]);
    if (!update) throw new Error('no update produced');
    updates.push(update);
    Y.applyUpdate(other, update);
  }
  return updates;
}

export function contains(haystack: Uint8Array, needle: string): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).includes(needle);
}
