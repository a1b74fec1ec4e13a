// A refused command in the person's words: the 6th vote says "you have used your 5 votes", never a code.
import type { LiveState } from '../../shared/workshops/model';

type Translate = (key: string, options?: { values?: Record<string, string | number> }) => string;

const KNOWN = ['budget_exhausted', 'cap_reached', 'self_vote', 'locked', 'wrong_activity', 'forbidden', 'not_found', 'invalid', 'conflict'];

export function refusalMessage(t: Translate, code: string, live: LiveState | null): string {
  const values = { budget: live?.votes.budget ?? 0, cap: live?.votes.cap ?? 0 };
  return t(`workshops.refused.${KNOWN.includes(code) ? code : 'conflict'}`, { values });
}
