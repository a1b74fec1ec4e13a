import { describe, expect, it } from 'vitest';
import { byOrder, orderKeyAt, orderKeyLast, sortByOrder, type Ordered } from './order';

const items = (...keys: [string, string][]): Ordered[] => keys.map(([id, order]) => ({ id, order }));

describe('order keys', () => {
  it('places an item first, between two, and last', () => {
    const list = sortByOrder(items(['a', 'a0'], ['b', 'a1'], ['c', 'a2']));
    const first = orderKeyAt(list, 0);
    const middle = orderKeyAt(list, 2);
    const last = orderKeyAt(list, 3);
    expect(first < 'a0').toBe(true);
    expect(middle > 'a1' && middle < 'a2').toBe(true);
    expect(last > 'a2').toBe(true);
    const placed = sortByOrder([...list, { id: 'x', order: middle }]).map((i) => i.id);
    expect(placed).toEqual(['a', 'b', 'x', 'c']);
  });

  it('appends past the end and into an empty list', () => {
    expect(orderKeyAt([], 5)).toBe('a0');
    expect(orderKeyLast(items(['a', 'a3'], ['b', 'a1'])) > 'a3').toBe(true);
  });

  it('breaks ties by id so every replica sorts the same', () => {
    const tie = items(['z', 'a1'], ['m', 'a1'], ['a', 'a0']);
    expect(sortByOrder(tie).map((i) => i.id)).toEqual(['a', 'm', 'z']);
    expect(byOrder({ id: 'q', order: 'a1' }, { id: 'q', order: 'a1' })).toBe(0);
  });

  it('still finds a key next to equal neighbours (a past tie) and next to a broken key', () => {
    const tie = sortByOrder(items(['m', 'a1'], ['z', 'a1']));
    const key = orderKeyAt(tie, 1);
    expect(key > 'a1').toBe(true);
    const broken = sortByOrder(items(['a', 'a0'], ['b', '!!not a key']));
    expect(() => orderKeyAt(broken, 2)).not.toThrow();
    expect(() => orderKeyAt(broken, 1)).not.toThrow();
  });
});
