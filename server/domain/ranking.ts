// Pairing help: ranks the candidate mentors of a programme for one mentee. Pure, so the weights can be read
// and tested at a glance; every point given comes with a reason code the coordinator sees (SuggestionView).
import type { SuggestionView } from '../../src/lib/shared/schemas.ts';
import type { MemberProfileDoc } from '../data/models.ts';

export interface Candidate {
  membershipId: string;
  userId: string;
  name: string;
  color: string;
  profile: MemberProfileDoc;
  activeDuos: number;
}

type Reason = SuggestionView['reasons'][number];

/** Weights: a common language is what makes a duo possible at all; the job and sector make it useful. */
export const WEIGHTS = {
  sharedLanguage: 3,
  sameSector: 3,
  sameTargetJob: 3,
  sameCommune: 1,
  sharedAvailability: 1,
  lowLoad: 1,
  full: -20
} as const;

const norm = (s: string) => s.trim().toLocaleLowerCase('fr').normalize('NFD').replace(/\p{Diacritic}/gu, '');
const intersect = (a: readonly string[], b: readonly string[]) => {
  const nb = new Set(b.map(norm));
  return a.filter((x) => nb.has(norm(x)));
};
/** Target jobs are free text: "aide-comptable" and "comptable" should meet. */
const jobsMeet = (a: string, b: string) => {
  const x = norm(a);
  const y = norm(b);
  return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
};

export function scoreCandidate(mentee: MemberProfileDoc, c: Candidate): SuggestionView {
  const reasons: Reason[] = [];
  let score = 0;
  const p = c.profile;

  const languages = intersect(p.languages, mentee.languages);
  if (languages.length > 0) {
    score += WEIGHTS.sharedLanguage * languages.length;
    reasons.push({ code: 'shared_language', detail: languages.join(', ') });
  }
  if (p.sector && mentee.sector && norm(p.sector) === norm(mentee.sector)) {
    score += WEIGHTS.sameSector;
    reasons.push({ code: 'same_sector', detail: p.sector });
  }
  // A mentor's targetJob is the job they know; matched against the mentee's target, or their sector.
  if (jobsMeet(p.targetJob, mentee.targetJob) || jobsMeet(p.sector, mentee.targetJob)) {
    score += WEIGHTS.sameTargetJob;
    reasons.push({ code: 'same_target_job', detail: mentee.targetJob });
  }
  if (p.commune && mentee.commune && norm(p.commune) === norm(mentee.commune)) {
    score += WEIGHTS.sameCommune;
    reasons.push({ code: 'same_commune', detail: p.commune });
  }
  const slots = intersect(p.availability, mentee.availability);
  if (slots.length > 0) {
    score += WEIGHTS.sharedAvailability * slots.length;
    reasons.push({ code: 'shared_availability', detail: slots.join(', ') });
  }
  if (c.activeDuos >= p.maxDuos) {
    score += WEIGHTS.full;
    reasons.push({ code: 'full', detail: `${c.activeDuos}/${p.maxDuos}` });
  } else if (c.activeDuos === 0) {
    score += WEIGHTS.lowLoad;
    reasons.push({ code: 'low_load', detail: `${c.activeDuos}/${p.maxDuos}` });
  }
  return {
    mentor: { userId: c.userId, membershipId: c.membershipId, name: c.name, color: c.color },
    score,
    reasons,
    activeDuos: c.activeDuos
  };
}

/** Best first; ties go to the mentor with fewer duos, then by name so the order is stable. */
export function rankMentors(mentee: MemberProfileDoc, candidates: Candidate[]): SuggestionView[] {
  return candidates
    .map((c) => scoreCandidate(mentee, c))
    .sort((a, b) => b.score - a.score || a.activeDuos - b.activeDuos || a.mentor.name.localeCompare(b.mentor.name));
}
