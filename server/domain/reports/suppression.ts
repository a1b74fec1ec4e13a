// Small-cell suppression for the umbrella view (issue 13). A federation sees cross-organisation statistics in
// which every figure is computed from at least `min` people; a smaller cell is replaced by null ("< 5").
//
// The rule, in two steps (also in the README, "Umbrella view"):
// 1. Primary: a cell computed from fewer than `min` people is suppressed, zero included (a zero says something
//    about every person of the group).
// 2. Complementary: wherever published cells add up to a published total (a row: duos formed = active +
//    completed + ended early; outcomes recorded = the sum of the situations; a column: the total of all
//    organisations = the sum of the organisations), a single suppressed cell could be found again by
//    subtraction. So in any such group where exactly one cell is suppressed while the total is shown, the shown
//    part with the fewest people is suppressed too (the total itself when no part is left). Suppressing a cell
//    can break another group, so this repeats until nothing changes (it only ever adds suppressions: it ends).
// Derived figures (a rate) are shown only when every cell they are computed from is shown.

/** One additive relation: `total` = the sum of `parts` (keys of cells). */
export interface SumGroup {
  total: string;
  parts: string[];
}

/**
 * Which cells to suppress, given the number of people behind each cell and the additive relations between them.
 * `people` must have an entry for every key named in `groups`.
 */
export function suppressedCells(people: ReadonlyMap<string, number>, groups: readonly SumGroup[], min: number): Set<string> {
  const hidden = new Set<string>();
  for (const [key, n] of people) if (n < min) hidden.add(key);
  let changed = true;
  while (changed) {
    changed = false;
    for (const g of groups) {
      if (hidden.has(g.total)) continue;
      const hiddenParts = g.parts.filter((p) => hidden.has(p));
      if (hiddenParts.length !== 1) continue;
      const shown = g.parts.filter((p) => !hidden.has(p));
      // The fewest people first (least information lost); the first in order on a tie, so the result is stable.
      const next = shown.reduce<string | null>((best, p) => (best === null || (people.get(p) ?? 0) < (people.get(best) ?? 0) ? p : best), null);
      hidden.add(next ?? g.total);
      changed = true;
    }
  }
  return hidden;
}
