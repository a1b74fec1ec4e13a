// The client checks and the body of an outcome form, shared by the coordinator's dialog and the mentee's page.
import type { ContractType, OutcomeSituation } from '$shared/reports/outcomes';
import type { OutcomeBody } from '$shared/reports/outcome-api';
import type { FormState } from '$lib/form-state.svelte';

export interface OutcomeDraft {
  situation: OutcomeSituation | '';
  contractType: ContractType | '';
  date: string;
}

export function checkOutcome(form: FormState, d: OutcomeDraft): void {
  form.check('situation', d.situation !== '', 'outcomes.form.chooseSituation');
  form.check('date', /^\d{4}-\d{2}-\d{2}$/.test(d.date), 'outcomes.form.chooseDate');
}

export function outcomeBodyOf(d: OutcomeDraft): OutcomeBody {
  const situation = d.situation as OutcomeSituation;
  return { situation, date: d.date, ...(situation === 'job' && d.contractType ? { contractType: d.contractType } : {}) };
}
