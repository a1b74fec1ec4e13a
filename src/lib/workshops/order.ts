// Where a moved or new item goes among its siblings: a fractional order key (`fractional-indexing`) between its
// new neighbours. Two people may pick the same key at the same instant (each between the same two neighbours):
// the id breaks the tie, so every replica shows the same order and nothing is duplicated or lost.
import { generateKeyBetween } from 'fractional-indexing';

export interface Ordered {
  id: string;
  order: string;
}

/** Sort comparator: by order key, then by id (ties from concurrent inserts). Plain code-point order, as the keys are built. */
export function byOrder(a: Ordered, b: Ordered): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortByOrder<T extends Ordered>(items: readonly T[]): T[] {
  return [...items].sort(byOrder);
}

/** A key that is valid for fractional-indexing (anything else read from a document sorts, but cannot be a neighbour). */
function usable(key: string | undefined): string | null {
  if (!key) return null;
  try {
    generateKeyBetween(key, null);
    return key;
  } catch {
    return null;
  }
}

/**
 * The order key that puts an item at `index` among `siblings` (sorted, the moved item itself left out). An index
 * past the end appends. Equal neighbours (a past tie) get a key after the first: the id then decides.
 */
export function orderKeyAt(siblings: readonly Ordered[], index: number): string {
  const at = Math.max(0, Math.min(index, siblings.length));
  const before = usable(siblings[at - 1]?.order);
  let after = usable(siblings[at]?.order);
  if (before !== null && after !== null && before >= after) after = null;
  return generateKeyBetween(before, after);
}

/** The key that appends after every sibling. */
export function orderKeyLast(siblings: readonly Ordered[]): string {
  return orderKeyAt(sortByOrder(siblings), siblings.length);
}
