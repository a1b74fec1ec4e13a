// Small-cell suppression for the umbrella view (issue 13). A federation sees cross-organisation statistics in
// which every figure is computed from at least `min` people; a smaller cell is replaced by null ("< 5").
//
// The rule, in two steps (also in the README, "Umbrella view"):
// 1. Primary: a cell computed from 1 to min−1 people is suppressed. A zero is shown: it is about nobody.
// 2. Complementary: no group (a total and its parts) may have exactly one hidden cell, which its equation would
//    give back (a part as the total minus the shown parts, a total as the sum of its shown parts); and wherever
//    published cells add up to a published total (a row: duos formed = active +
//    completed + ended early; outcomes recorded = the sum of the situations; a column: the total of all
//    organisations = the sum of the organisations), subtracting the shown parts from the total gives the sum of
//    the suppressed ones. That sum must be 0 or at least `min`, else it is itself a figure about fewer than `min`
//    people (with one suppressed cell, it is that cell). So while it is not, the shown part with the fewest
//    people (but some) is suppressed too — the total itself when no such part is left. Suppressing a cell can
//    break another group, so this repeats until nothing changes (it only ever adds suppressions: it ends).
// Derived figures (a rate) are shown only when every cell they are computed from is shown.

/** One additive relation: `total` = the sum of `parts` (keys of cells). */
export interface SumGroup {
  total: string;
  parts: string[];
}

/**
 * Which cells to suppress, given the number of people behind each cell and the additive relations between them
 * (the people of a total are the sum of the people of its parts). `people` has an entry for every key in `groups`.
 */
export function suppressedCells(people: ReadonlyMap<string, number>, groups: readonly SumGroup[], min: number): Set<string> {
  const n = (key: string) => people.get(key) ?? 0;
  const hidden = new Set<string>();
  for (const [key, count] of people) if (count > 0 && count < min) hidden.add(key);
  let changed = true;
  while (changed) {
    changed = false;
    for (const g of groups) {
      const hiddenHere = [g.total, ...g.parts].filter((c) => hidden.has(c) && n(c) > 0);
      if (hiddenHere.length === 0) continue;
      // One hidden cell in a group is always found again by the group's equation (a part: the total minus the
      // shown parts; a total hidden to protect another group: the sum of its shown parts). With a shown total,
      // the hidden parts together must also be 0 or at least `min` people.
      const alone = hiddenHere.length === 1;
      if (!alone && hidden.has(g.total)) continue;
      if (!alone) {
        const residual = n(g.total) - g.parts.filter((p) => !hidden.has(p)).reduce((sum, p) => sum + n(p), 0);
        if (residual === 0 || residual >= min) continue;
      }
      // The fewest people first (least information lost); the first in order on a tie, so the result is stable.
      const shownParts = g.parts.filter((p) => !hidden.has(p) && n(p) > 0);
      const next = shownParts.reduce<string | null>((best, p) => (best === null || n(p) < n(best) ? p : best), null);
      const pick = next ?? (!hidden.has(g.total) && n(g.total) > 0 ? g.total : null);
      if (pick === null) continue; // nothing left to hide: every other cell of the group is hidden or zero
      hidden.add(pick);
      changed = true;
    }
  }
  return hidden;
}
