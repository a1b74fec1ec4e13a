// The first meeting's agreement (goals in the mentee's words, each side's expectations, how to reach each other),
// the mentee's self-assessment at three and six months against those goals, and the one-tap check-in each side
// gives after a meeting. Each person writes only their own part; the routes' policy keeps coordinators out.
import {
  AGREEMENT_OWNERS,
  MILESTONE_MONTHS,
  type AgreementField,
  type AgreementView,
  type AssessmentMilestone,
  type AssessmentView,
  type CheckinView
} from '../../src/lib/shared/meetings.ts';
import type { AgreementStore } from '../data/agreement-store.ts';
import type { MeetingDoc } from '../data/meetings-store.ts';
import type { DuoDoc } from '../data/models.ts';
import { toId } from '../data/models.ts';
import type { Clock } from './clock.ts';
import { Conflict, Forbidden } from './errors.ts';

const sideOf = (duo: DuoDoc, userId: string): 'mentor' | 'mentee' => (String(duo.mentorId) === userId ? 'mentor' : 'mentee');

export class DuoAgreementService {
  constructor(
    private readonly store: AgreementStore,
    private readonly clock: Clock
  ) {}

  async agreement(duo: DuoDoc): Promise<AgreementView> {
    const a = await this.store.agreement(duo._id);
    return {
      goals: a?.goals ?? '',
      menteeExpectations: a?.menteeExpectations ?? '',
      mentorExpectations: a?.mentorExpectations ?? '',
      contact: a?.contact ?? '',
      updatedAt: a?.updatedAt.toISOString() ?? null
    };
  }

  async saveAgreement(duo: DuoDoc, userId: string, patch: Partial<Record<AgreementField, string>>): Promise<AgreementView> {
    const side = sideOf(duo, userId);
    for (const field of Object.keys(patch) as AgreementField[]) {
      if (!AGREEMENT_OWNERS[field].includes(side)) throw new Forbidden(`${field}: written by the ${AGREEMENT_OWNERS[field].join(' and ')} only`, field);
    }
    await this.store.saveAgreement(duo._id, patch, this.clock.now());
    return this.agreement(duo);
  }

  /** When each self-assessment is due (the duo's start plus three and six months). */
  dueDates(duo: DuoDoc): Record<AssessmentMilestone, string> {
    const at = (months: number) => {
      const d = new Date(duo.createdAt);
      d.setUTCMonth(d.getUTCMonth() + months);
      return d.toISOString();
    };
    return { month3: at(MILESTONE_MONTHS.month3), month6: at(MILESTONE_MONTHS.month6) };
  }

  async assessments(duo: DuoDoc): Promise<{ due: Record<AssessmentMilestone, string>; done: AssessmentView[] }> {
    const done = (await this.store.assessmentsOf(duo._id)).map((a) => ({ milestone: a.milestone, progress: a.progress, comment: a.comment, createdAt: a.createdAt.toISOString() }));
    return { due: this.dueDates(duo), done };
  }

  async assess(duo: DuoDoc, input: { milestone: AssessmentMilestone; progress: number; comment: string }): Promise<AssessmentView> {
    // Not before it is due: the six-month look back is not taken in the first week.
    if (Date.parse(this.dueDates(duo)[input.milestone]) - 14 * 86_400_000 > this.clock.now().getTime()) {
      throw new Conflict('This self-assessment is not due yet', 'milestone');
    }
    const a = await this.store.saveAssessment({ duoId: duo._id, ...input, createdAt: this.clock.now() });
    return { milestone: a!.milestone, progress: a!.progress, comment: a!.comment, createdAt: a!.createdAt.toISOString() };
  }

  async checkin(duo: DuoDoc, meeting: MeetingDoc, userId: string, score: number, comment: string): Promise<CheckinView> {
    if (meeting.status !== 'held') throw new Conflict('Check in after a meeting that took place');
    const c = await this.store.saveCheckin({
      duoId: duo._id,
      meetingId: meeting._id,
      userId: toId(userId),
      role: sideOf(duo, userId),
      score,
      comment,
      createdAt: this.clock.now()
    });
    return view(c!);
  }

  async ownCheckins(duo: DuoDoc, userId: string): Promise<CheckinView[]> {
    return (await this.store.ownCheckins(duo._id, toId(userId))).map(view);
  }
}

function view(c: { meetingId: unknown; score: number; comment: string; createdAt: Date }): CheckinView {
  return { meetingId: String(c.meetingId), score: c.score, comment: c.comment, createdAt: c.createdAt.toISOString() };
}
