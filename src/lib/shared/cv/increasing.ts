/**
 * Indices (in `items`) of a longest strictly increasing subsequence under `compare` (patience sorting,
 * O(n log n)): the items that can stay where they are when a list is reordered.
 */
export function longestIncreasing<T>(items: readonly T[], compare: (a: T, b: T) => number): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(items.length).fill(-1);
  items.forEach((item, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(items[tails[mid]], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  });
  const keep = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) keep.add(i);
  return keep;
}
