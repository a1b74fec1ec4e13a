// Why a duo stopped early, as a code funders can count (issue 13), beside the coordinator's own words. Codes the
// server sets itself (`account_deleted`, `member_removed`) stay in the free-text reason, as before.
export const DUO_END_REASONS = ['found_job', 'found_training', 'mentee_withdrew', 'mentor_withdrew', 'lost_contact', 'health_or_family', 'moved_away', 'other'] as const;
export type DuoEndReason = (typeof DUO_END_REASONS)[number];
