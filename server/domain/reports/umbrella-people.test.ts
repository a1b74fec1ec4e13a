// The umbrella view counts people, not duos (found in review): one mentee with five ended duos is one person, so
// the cells about them are hidden however many duos they hold.
import { describe, expect, it } from 'vitest';
import { OUTCOME_SITUATIONS, type OutcomeSituation } from '../../../src/lib/shared/reports/outcomes.ts';
import { publish } from './umbrella.ts';

type Rows = Parameters<typeof publish>[0];
type Row = Parameters<typeof publish>[1];

const row = (active: number, completed: number, endedEarly: number): Row => ({
  formed: active + completed + endedEarly,
  active,
  completed,
  endedEarly,
  meetingDuos: 0,
  meetings: 0,
  minutes: 0,
  outcomes: Object.fromEntries(OUTCOME_SITUATIONS.map((s) => [s, 0])) as Record<OutcomeSituation, number>
});

describe('umbrella cells and the people behind them', () => {
  it('hides a cell of five duos that belong to one mentee, and what would reveal it', () => {
    const rows: Rows = new Map([
      ['lone', row(0, 0, 5)],
      ['big', row(10, 10, 10)],
      ['other', row(6, 6, 6)]
    ]);
    const total = row(16, 16, 21);
    const mentees = new Map([
      ['lone:formed', 1],
      ['lone:endedEarly', 1],
      ['big:formed', 30],
      ['big:active', 10],
      ['big:completed', 10],
      ['big:endedEarly', 10],
      ['other:formed', 18],
      ['other:active', 6],
      ['other:completed', 6],
      ['other:endedEarly', 6]
    ]);
    const counted = publish(rows, total, 5).rows.get('lone')!;
    expect(counted.duosEndedEarly).toBe(5); // by duos alone it would be shown
    const published = publish(rows, total, 5, mentees);
    const lone = published.rows.get('lone')!;
    expect(lone.duosFormed).toBeNull();
    expect(lone.duosEndedEarly).toBeNull();
    // Not to be found again from the column: another organisation's ended-early cell is hidden with it.
    const endedShown = [...published.rows.values()].map((r) => r.duosEndedEarly).filter((v) => v !== null);
    expect(published.total.duosEndedEarly === null || endedShown.length < 2).toBe(true);
  });
});
