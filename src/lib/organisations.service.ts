// Organisations hosted by this instance; only the instance's admin creates new ones.
import type { OrganisationView } from '$shared/schemas';
import { api } from './api';

export const organisationsService = {
  list: () => api.get<OrganisationView[]>('/api/organisations'),
  create: (name: string) => api.post<OrganisationView>('/api/organisations', { name })
};
