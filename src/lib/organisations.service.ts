// Organisations hosted by this instance; only the instance's admin creates new ones.
import type { OrganisationView } from '$shared/schemas';
import { api } from './api';
import { ROUTES } from '$shared/routes';

export const organisationsService = {
  list: () => api.get<OrganisationView[]>(ROUTES.organisations),
  create: (name: string) => api.post<OrganisationView>(ROUTES.organisations, { name })
};
