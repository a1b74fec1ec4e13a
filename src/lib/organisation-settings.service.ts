// An organisation's settings: how long an ended duo's content is kept before it is erased.
import type { OrganisationSettings } from '$shared/retention';
import { ROUTES } from '$shared/routes';
import { api } from './api';

export const organisationSettingsService = {
  get: (orgId: string) => api.get<OrganisationSettings>(ROUTES.organisationSettings(orgId)),
  save: (orgId: string, settings: OrganisationSettings) => api.patch<OrganisationSettings>(ROUTES.organisationSettings(orgId), settings)
};
