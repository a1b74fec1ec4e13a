// A programme's topics by week (the meeting notes' agenda opens with the week's topic).
import type { ProgrammeTopicsView, WeekTopic } from '$shared/programme-topics';
import { ROUTES } from '$shared/routes';
import { api } from './api';

export const programmeTopicsService = {
  get: (programmeId: string) => api.get<ProgrammeTopicsView>(ROUTES.programmeTopics(programmeId)),
  save: (programmeId: string, topics: WeekTopic[]) => api.patch<ProgrammeTopicsView>(ROUTES.programmeTopics(programmeId), { topics })
};
