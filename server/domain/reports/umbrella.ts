// The umbrella view (issue 13, point 5): a federation's anonymised statistics across the organisations of one
// instance. Figures come grouped from the database; every cell is then judged by the number of people behind it
// (suppression.ts): the view never holds a name, an id of a person, or a cell under MIN_CELL_SIZE.
import { randomBytes } from 'node:crypto';
import { MIN_CELL_SIZE } from '../../../src/lib/shared/reports/companies.ts';
import { OUTCOME_SITUATIONS, type OutcomeSituation } from '../../../src/lib/shared/reports/outcomes.ts';
import type { UmbrellaFigures, UmbrellaView } from '../../../src/lib/shared/reports/partners.ts';
import type { ParticipationQueries } from '../../data/participation-queries.ts';
import type { Repositories } from '../../data/repositories.ts';
import type { AccountsService } from '../accounts.ts';
import { Invalid, NotFound } from '../errors.ts';
import type { ResetsService } from '../resets.ts';
import { hours } from '../partners.ts';
import { suppressedCells, type SumGroup } from './suppression.ts';

/** The raw figures of one row, with the number of people behind each (a duo stands for its mentee). */
interface RawRow {
  formed: number;
  active: number;
  completed: number;
  endedEarly: number;
  /** Duos that held at least one meeting: the people behind the meetings and the hours. */
  meetingDuos: number;
  meetings: number;
  minutes: number;
  outcomes: Record<OutcomeSituation, number>;
}

const COUNTS = ['formed', 'active', 'completed', 'endedEarly'] as const;
const emptyRow = (): RawRow => ({
  formed: 0,
  active: 0,
  completed: 0,
  endedEarly: 0,
  meetingDuos: 0,
  meetings: 0,
  minutes: 0,
  outcomes: Object.fromEntries(OUTCOME_SITUATIONS.map((s) => [s, 0])) as Record<OutcomeSituation, number>
});
const outcomesRecorded = (r: RawRow) => OUTCOME_SITUATIONS.reduce((n, s) => n + r.outcomes[s], 0);

/** Cell keys of one row: `<row>:<figure>`; the meetings and the hours share one cell (the same people). */
function peopleOf(row: string, r: RawRow): [string, number][] {
  return [
    ...COUNTS.map((c): [string, number] => [`${row}:${c}`, r[c]]),
    [`${row}:activity`, r.meetingDuos],
    [`${row}:outcomes`, outcomesRecorded(r)],
    ...OUTCOME_SITUATIONS.map((s): [string, number] => [`${row}:outcome.${s}`, r.outcomes[s]])
  ];
}

function rowGroups(row: string): SumGroup[] {
  return [
    { total: `${row}:formed`, parts: [`${row}:active`, `${row}:completed`, `${row}:endedEarly`] },
    { total: `${row}:outcomes`, parts: OUTCOME_SITUATIONS.map((s) => `${row}:outcome.${s}`) }
  ];
}

/** Applies the rule to raw rows (the last is the total of all): the published figures. */
export function publish(
  rows: Map<string, RawRow>,
  total: RawRow,
  min = MIN_CELL_SIZE,
  /** Distinct mentees behind cells (`<row>:<figure>`): a cell of many duos but fewer than `min` people is hidden. */
  mentees: ReadonlyMap<string, number> = new Map()
): { rows: Map<string, UmbrellaFigures>; total: UmbrellaFigures } {
  const people = new Map<string, number>(peopleOf('total', total));
  const groups: SumGroup[] = rowGroups('total');
  for (const [id, r] of rows) {
    for (const e of peopleOf(id, r)) people.set(e[0], e[1]);
    groups.push(...rowGroups(id));
  }
  // Each column: the total of all organisations is the sum of the organisations.
  for (const [key] of peopleOf('total', total)) {
    const figure = key.slice('total:'.length);
    groups.push({ total: key, parts: [...rows.keys()].map((id) => `${id}:${figure}`) });
  }
  // Where the distinct mentees behind a cell are known, they are its people (duos only stand in for them).
  for (const [key, n] of mentees) if (people.has(key)) people.set(key, n);
  const hidden = suppressedCells(people, groups, min);
  const figures = (row: string, r: RawRow): UmbrellaFigures => {
    const show = (figure: string, value: number) => (hidden.has(`${row}:${figure}`) ? null : value);
    const completed = show('completed', r.completed);
    const endedEarly = show('endedEarly', r.endedEarly);
    return {
      duosFormed: show('formed', r.formed),
      duosActive: show('active', r.active),
      duosCompleted: completed,
      duosEndedEarly: endedEarly,
      completionRate: completed !== null && endedEarly !== null ? Math.round((completed / (completed + endedEarly)) * 1000) / 1000 : null,
      meetingsHeld: show('activity', r.meetings),
      mentoringHours: show('activity', hours(r.minutes)),
      outcomesRecorded: show('outcomes', outcomesRecorded(r)),
      outcomes: Object.fromEntries(OUTCOME_SITUATIONS.map((s) => [s, show(`outcome.${s}`, r.outcomes[s])])) as Record<OutcomeSituation, number | null>
    };
  };
  return { rows: new Map([...rows].map(([id, r]) => [id, figures(id, r)])), total: figures('total', total) };
}

export class UmbrellaService {
  constructor(
    private repos: Repositories,
    private queries: ParticipationQueries,
    private accounts: AccountsService,
    private resets: ResetsService
  ) {}

  async statistics(): Promise<UmbrellaView> {
    const [orgs, duos, meetings, outcomes, menteesByOrg] = await Promise.all([
      this.repos.organisations.all(),
      this.queries.duosByOrganisation(),
      this.queries.meetingsByOrganisation(),
      this.queries.endOutcomesByOrganisation(),
      this.queries.menteesByOrganisation()
    ]);
    // The people behind each cell: distinct mentees (one mentee may have had several duos). Summed over rows
    // and statuses they may count someone twice, which only ever shows more people, never fewer, in a total.
    const mentees = new Map<string, number>();
    const known = new Set(orgs.map((o) => String(o._id)));
    const addMentees = (key: string, figure: string, n: number) => {
      if (!known.has(key)) return;
      for (const row of [key, 'total']) mentees.set(`${row}:${figure}`, (mentees.get(`${row}:${figure}`) ?? 0) + n);
    };
    for (const m of menteesByOrg) addMentees(m.key, 'formed', m.mentees);
    for (const d of duos) addMentees(d.key, d.status === 'completed' ? 'completed' : d.status === 'ended_early' ? 'endedEarly' : 'active', d.mentees ?? d.n);
    for (const o of outcomes) {
      addMentees(o.key, `outcome.${o.situation}`, o.mentees);
      addMentees(o.key, 'outcomes', o.mentees);
    }
    const rows = new Map(orgs.map((o) => [String(o._id), emptyRow()]));
    const total = emptyRow();
    const each = (key: string, fn: (r: RawRow) => void) => {
      const r = rows.get(key);
      if (!r) return; // an organisation deleted since: its leftovers count nowhere
      fn(r);
      fn(total);
    };
    for (const d of duos) {
      each(d.key, (r) => {
        r.formed += d.n;
        if (d.status === 'completed') r.completed += d.n;
        else if (d.status === 'ended_early') r.endedEarly += d.n;
        else r.active += d.n;
      });
    }
    for (const m of meetings) {
      each(m.key, (r) => {
        r.meetingDuos += m.duos;
        r.meetings += m.meetings;
        r.minutes += m.minutes;
      });
    }
    for (const o of outcomes) each(o.key, (r) => (r.outcomes[o.situation] += o.n));
    const published = publish(rows, total, MIN_CELL_SIZE, mentees);
    return {
      minCellSize: MIN_CELL_SIZE,
      organisations: orgs.map((o) => ({ id: String(o._id), name: o.name, figures: published.rows.get(String(o._id))! })),
      total: published.total
    };
  }

  /** The people who hold the umbrella role (for the instance admin). */
  async viewers(): Promise<{ email: string; name: string }[]> {
    const users = await this.repos.users.listUmbrellaViewers();
    return users.map((u) => ({ email: u.email, name: u.name }));
  }

  /**
   * Gives or takes the role. A federation's staff usually belong to no organisation: with a name, an account is
   * made for a new address, and the answer carries a link to choose a password (the instance admin hands it out).
   */
  async grant(input: { email: string; name?: string; enabled: boolean }): Promise<{ email: string; name: string; enabled: boolean; setPasswordUrl?: string }> {
    let user = await this.repos.users.findByEmail(input.email);
    let setPasswordUrl: string | undefined;
    if (!user || user.deletedAt) {
      if (user || !input.enabled) throw new NotFound('No account with this email');
      if (!input.name) throw new Invalid('a name is needed to make a new account', 'name');
      // A password nobody knows: the person chooses theirs through the link.
      user = await this.accounts.createUser({ email: input.email, name: input.name, locale: 'fr', password: randomBytes(24).toString('base64url') });
      setPasswordUrl = (await this.resets.createLink(user._id, null)).url;
    }
    await this.repos.users.update(user._id, { isUmbrellaViewer: input.enabled });
    return { email: user.email, name: user.name, enabled: input.enabled, ...(setPasswordUrl ? { setPasswordUrl } : {}) };
  }
}
