import { describe, expect, it } from 'vitest';
import { suppressedCells, type SumGroup } from './suppression.ts';

const cells = (o: Record<string, number>) => new Map(Object.entries(o));

/** Whatever could be derived by subtraction: for every group with a shown total, the sum of its hidden parts. */
function derivable(people: Map<string, number>, groups: SumGroup[], hidden: Set<string>): number[] {
  return groups
    .filter((g) => !hidden.has(g.total))
    .map((g) => people.get(g.total)! - g.parts.filter((p) => !hidden.has(p)).reduce((s, p) => s + people.get(p)!, 0));
}

describe('small-cell suppression', () => {
  it('never leaves a group with one hidden cell, even a total hidden to protect a column (found in review)', () => {
    // Three organisations as (active, completed, ended early): A (3, 0, 0), B (0, 5, 5), C (6, 7, 7). Before the
    // fix, A's "formed" (3) came back as total − B − C, with B's hidden total the sum of its shown parts.
    const orgs = { A: [3, 0, 0], B: [0, 5, 5], C: [6, 7, 7] } as Record<string, number[]>;
    const cols = ['formed', 'active', 'completed', 'ended'];
    const people = new Map<string, number>();
    const groups: SumGroup[] = [];
    for (const [o, [a, c, e]] of Object.entries(orgs)) {
      people.set(`${o}.formed`, a + c + e).set(`${o}.active`, a).set(`${o}.completed`, c).set(`${o}.ended`, e);
      groups.push({ total: `${o}.formed`, parts: [`${o}.active`, `${o}.completed`, `${o}.ended`] });
    }
    for (const col of cols) {
      people.set(`T.${col}`, Object.keys(orgs).reduce((sum, o) => sum + people.get(`${o}.${col}`)!, 0));
      groups.push({ total: `T.${col}`, parts: Object.keys(orgs).map((o) => `${o}.${col}`) });
    }
    groups.push({ total: 'T.formed', parts: ['T.active', 'T.completed', 'T.ended'] });
    const hidden = suppressedCells(people, groups, 5);
    expect(hidden.has('A.formed') && hidden.has('A.active')).toBe(true);
    for (const g of groups) {
      const hiddenHere = [g.total, ...g.parts].filter((c) => hidden.has(c) && people.get(c)! > 0);
      expect(hiddenHere.length, `${g.total} = ${g.parts.join(' + ')}`).not.toBe(1);
    }
    for (const r of derivable(people, groups, hidden)) expect(r === 0 || r >= 5).toBe(true);
  });

  it('hides 1 to 4 people, shows 5 and shows zero', () => {
    const hidden = suppressedCells(cells({ a: 4, b: 5, c: 0, d: 1 }), [], 5);
    expect([...hidden].sort()).toEqual(['a', 'd']);
  });

  it('hides a second cell of a row when one hidden cell could be found by subtraction from its total', () => {
    // formed 16 = active 6 + completed 7 + ended early 3: ended early is hidden, and so is active (fewer than completed).
    const people = cells({ formed: 16, active: 6, completed: 7, ended: 3 });
    const groups = [{ total: 'formed', parts: ['active', 'completed', 'ended'] }];
    const hidden = suppressedCells(people, groups, 5);
    expect([...hidden].sort()).toEqual(['active', 'ended']);
    expect(derivable(people, groups, hidden)).toEqual([9]);
  });

  it('hides more when the hidden cells together still come to fewer than five people', () => {
    const people = cells({ recorded: 12, job: 8, training: 2, searching: 2, unknown: 0 });
    const groups = [{ total: 'recorded', parts: ['job', 'training', 'searching', 'unknown'] }];
    const hidden = suppressedCells(people, groups, 5);
    // 2 + 2 = 4 could be derived: job is hidden too, and then nothing under 5 can be.
    expect([...hidden].sort()).toEqual(['job', 'searching', 'training']);
    expect(derivable(people, groups, hidden)).toEqual([12]);
  });

  it('hides the total itself when no shown part is left to hide', () => {
    const hidden = suppressedCells(cells({ t: 6, a: 3, b: 3 }), [{ total: 't', parts: ['a', 'b'] }], 5);
    expect(hidden.has('a') && hidden.has('b')).toBe(true);
    expect(hidden.has('t')).toBe(false); // 3 + 3 = 6: the derivable sum is about six people
    const alone = suppressedCells(cells({ t: 4, a: 4 }), [{ total: 't', parts: ['a'] }], 5);
    expect([...alone].sort()).toEqual(['a', 't']);
  });

  it('follows a suppression from a column into a row and back, until nothing can be derived', () => {
    // Two organisations and their total, each row: formed = running + ended.
    const people = cells({
      'A:formed': 20, 'A:running': 12, 'A:ended': 8,
      'B:formed': 9, 'B:running': 6, 'B:ended': 3,
      'T:formed': 29, 'T:running': 18, 'T:ended': 11
    });
    const groups: SumGroup[] = [
      ...['A', 'B', 'T'].map((r) => ({ total: `${r}:formed`, parts: [`${r}:running`, `${r}:ended`] })),
      ...['formed', 'running', 'ended'].map((c) => ({ total: `T:${c}`, parts: [`A:${c}`, `B:${c}`] }))
    ];
    const hidden = suppressedCells(people, groups, 5);
    for (const d of derivable(people, groups, hidden)) expect(d === 0 || d >= 5).toBe(true);
    expect(hidden.has('B:ended')).toBe(true);
    expect(hidden.has('B:running')).toBe(true); // else 9 − 6
    expect(hidden.has('A:ended')).toBe(true); // else 11 − 8 in the column
  });

  it('never leaves a derivable sum of 1 to 4 people, on many random tables', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 300; round++) {
      const rows = 1 + rand(5);
      const cols = 2 + rand(4);
      const people = new Map<string, number>();
      const groups: SumGroup[] = [];
      const colTotals = new Array(cols).fill(0);
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let c = 0; c < cols; c++) {
          const v = rand(3) === 0 ? rand(5) : rand(25);
          people.set(`${r}:${c}`, v);
          sum += v;
          colTotals[c] += v;
        }
        people.set(`${r}:t`, sum);
        groups.push({ total: `${r}:t`, parts: [...Array(cols).keys()].map((c) => `${r}:${c}`) });
      }
      for (let c = 0; c < cols; c++) {
        people.set(`T:${c}`, colTotals[c]);
        groups.push({ total: `T:${c}`, parts: [...Array(rows).keys()].map((r) => `${r}:${c}`) });
      }
      people.set('T:t', colTotals.reduce((a, b) => a + b, 0));
      groups.push({ total: 'T:t', parts: [...Array(cols).keys()].map((c) => `T:${c}`) });
      groups.push({ total: 'T:t', parts: [...Array(rows).keys()].map((r) => `${r}:t`) });
      const hidden = suppressedCells(people, groups, 5);
      for (const [k, v] of people) if (!hidden.has(k)) expect(v === 0 || v >= 5).toBe(true);
      for (const d of derivable(people, groups, hidden)) expect(d === 0 || d >= 5).toBe(true);
    }
  });
});
