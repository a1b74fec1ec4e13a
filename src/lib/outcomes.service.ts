// Outcomes after the duo and the reporting fields (issue 13), as the pages ask for them.
import type { OutcomeMoment, OutcomeView } from '$shared/reports/outcomes';
import type { OutcomeBody, OutcomeDueView, OutcomeFormView, ReportingAnswersBody, ReportingFieldsBody, ReportingFormView } from '$shared/reports/outcome-api';
import type { ReportingFieldSetting } from '$shared/reports/reporting-fields';
import { ROUTES } from '$shared/routes';
import { api } from './api';

export const outcomesService = {
  due: (programmeId: string) => api.get<OutcomeDueView[]>(ROUTES.programmeOutcomesDue(programmeId)),
  record: (duoId: string, moment: OutcomeMoment, body: OutcomeBody) => api.post<OutcomeView>(ROUTES.duoOutcome(duoId, moment), body),
  form: (token: string) => api.get<OutcomeFormView>(ROUTES.outcomeForm(token)),
  answer: (token: string, body: OutcomeBody) => api.post<void>(ROUTES.outcomeForm(token), body),
  fields: (orgId: string) => api.get<ReportingFieldSetting[]>(ROUTES.reportingFields(orgId)),
  saveFields: (orgId: string, body: ReportingFieldsBody) => api.patch<ReportingFieldSetting[]>(ROUTES.reportingFields(orgId), body),
  myForms: () => api.get<ReportingFormView[]>(ROUTES.myReporting),
  saveAnswers: (orgId: string, membershipId: string, body: ReportingAnswersBody) =>
    api.patch<ReportingFormView>(ROUTES.memberReporting(orgId, membershipId), body)
};
