// The optional facts about mentees that funders ask for (issue 13): each organisation chooses which it collects,
// explains them to the mentee, and every one is covered by the data export and the erasure. Reports only ever
// use them in anonymised rows and aggregated cells.

export const REPORTING_FIELDS = ['ageBand', 'gender', 'region', 'educationLevel', 'background'] as const;
export type ReportingField = (typeof REPORTING_FIELDS)[number];

export const AGE_BANDS = ['under_26', '26_35', '36_45', '46_55', 'over_55'] as const;
export const GENDERS = ['woman', 'man', 'non_binary', 'undisclosed'] as const;
/** Coarse levels close to ISCED, the scale European funders use. */
export const EDUCATION_LEVELS = ['primary', 'lower_secondary', 'upper_secondary', 'higher_short', 'higher_long', 'unknown'] as const;

/** The fields with a fixed list of answers; `region` and `background` take the organisation's own list. */
export const FIXED_OPTIONS = { ageBand: AGE_BANDS, gender: GENDERS, educationLevel: EDUCATION_LEVELS } as const;
export const ORGANISATION_DEFINED_FIELDS = ['region', 'background'] as const satisfies readonly ReportingField[];

/** An organisation's choice for one field. `options` only for organisation-defined fields (codes, ≤ 40). */
export interface ReportingFieldSetting {
  field: ReportingField;
  enabled: boolean;
  options: { code: string; label: string }[];
}

/** A mentee's answers: absent = not answered (always allowed: every field is optional). */
export type ReportingAnswers = Partial<Record<ReportingField, string>>;
