import { describe, expect, it } from 'vitest';
import type { MemberProfileDoc } from '../data/models.ts';
import { rankMentors, type Candidate } from './ranking.ts';

const profile = (p: Partial<MemberProfileDoc>): MemberProfileDoc => ({
  languages: [],
  sector: '',
  targetJob: '',
  commune: '',
  availability: [],
  maxDuos: 2,
  ...p
});
const cand = (name: string, p: Partial<MemberProfileDoc>, activeDuos = 0): Candidate => ({
  membershipId: `m-${name}`,
  userId: `u-${name}`,
  name,
  color: '#123456',
  profile: profile(p),
  activeDuos
});

const mentee = profile({
  languages: ['fr', 'ar'],
  sector: 'Comptabilité',
  targetJob: 'aide-comptable',
  commune: 'Schaerbeek',
  availability: ['weekday_evening', 'weekend']
});

describe('rankMentors', () => {
  it('puts the mentor who shares language, sector, job, commune and time first, with each reason', () => {
    const ranked = rankMentors(mentee, [
      cand('Bram', { languages: ['nl', 'en'], sector: 'IT' }),
      cand('Claire', { languages: ['fr'], sector: 'comptabilite', targetJob: 'comptable', commune: 'schaerbeek', availability: ['weekend'] }, 1),
      cand('Aïcha', { languages: ['fr', 'ar'], sector: 'Logistique' })
    ]);
    expect(ranked.map((s) => s.mentor.name)).toEqual(['Claire', 'Aïcha', 'Bram']);
    expect(ranked[0].reasons.map((r) => r.code)).toEqual([
      'shared_language',
      'same_sector',
      'same_target_job',
      'same_commune',
      'shared_availability'
    ]);
    expect(ranked[1].reasons).toEqual([
      { code: 'shared_language', detail: 'fr, ar' },
      { code: 'low_load', detail: '0/2' }
    ]);
  });

  it('sends full mentors to the end and says why', () => {
    const ranked = rankMentors(mentee, [
      cand('Full', { languages: ['fr', 'ar'], sector: 'Comptabilité', maxDuos: 1 }, 1),
      cand('Free', { languages: ['en'] })
    ]);
    expect(ranked.map((s) => s.mentor.name)).toEqual(['Free', 'Full']);
    expect(ranked[1].reasons.at(-1)).toEqual({ code: 'full', detail: '1/1' });
  });

  it('breaks ties by load, then by name', () => {
    const ranked = rankMentors(mentee, [cand('Zoé', { languages: ['fr'] }, 1), cand('Yves', { languages: ['fr'] }, 1), cand('Xavier', { languages: ['fr'] }, 1)]);
    expect(ranked.map((s) => s.mentor.name)).toEqual(['Xavier', 'Yves', 'Zoé']);
  });

  it('returns nothing for no candidates', () => {
    expect(rankMentors(mentee, [])).toEqual([]);
  });
});
