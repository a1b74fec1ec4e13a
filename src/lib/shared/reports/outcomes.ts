// What became of a mentee: recorded when the duo ends and again 6 and 12 months after its start, by a coordinator
// or by the mentee through a one-use signed link (issue 13). Shared by the server's store and reports, the
// coordinator's form and the mentee's form.

/** When a situation is recorded, counted from the duo's start (`end` is the duo's end, whatever its date). */
export const OUTCOME_MOMENTS = ['end', 'month_6', 'month_12'] as const;
export type OutcomeMoment = (typeof OUTCOME_MOMENTS)[number];

/** Months after the duo's start at which a moment falls due (`end` falls due when the duo ends). */
export const OUTCOME_MOMENT_MONTHS: Record<Exclude<OutcomeMoment, 'end'>, number> = { month_6: 6, month_12: 12 };

export const OUTCOME_SITUATIONS = ['job', 'training', 'internship', 'volunteering', 'searching', 'unknown'] as const;
export type OutcomeSituation = (typeof OUTCOME_SITUATIONS)[number];

/** The situations funders count as a positive exit (in a job, an internship or training). */
export const POSITIVE_SITUATIONS = ['job', 'training', 'internship'] as const satisfies readonly OutcomeSituation[];

/** Only for `job`: the kind of contract (Belgian categories, kept coarse: funders ask for these). */
export const CONTRACT_TYPES = ['permanent', 'fixed_term', 'temporary_agency', 'self_employed', 'subsidised', 'other'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** Who recorded the situation. */
export const OUTCOME_SOURCES = ['coordinator', 'mentee_form'] as const;
export type OutcomeSource = (typeof OUTCOME_SOURCES)[number];

/** One recorded situation, as the API shows it to coordinators (never to funders: they get anonymised rows). */
export interface OutcomeView {
  id: string;
  duoId: string;
  moment: OutcomeMoment;
  situation: OutcomeSituation;
  contractType: ContractType | null;
  /** The date the situation refers to (YYYY-MM-DD), e.g. the start of the job. */
  date: string;
  recordedAt: string;
  source: OutcomeSource;
  /** The coordinator's name, or null when the mentee answered through the form. */
  recordedByName: string | null;
}
