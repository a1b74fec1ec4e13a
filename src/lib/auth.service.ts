// Setup, login, logout and password reset: the routes anyone may call before having a session.
import type { Locale } from '$shared/codes';
import type { MeView } from '$shared/schemas';
import { api } from './api';
import { ROUTES } from '$shared/routes';

export const authService = {
  setupStatus: () => api.get<{ needed: boolean }>(ROUTES.setup),
  setup: (body: { setupCode: string; organisationName: string; name: string; email: string; password: string; locale: Locale }) =>
    api.post<MeView>(ROUTES.setup, body),
  login: (email: string, password: string) => api.post<MeView>(ROUTES.login, { email, password }),
  logout: () => api.post<void>(ROUTES.logout),
  requestReset: (email: string) => api.post<void>(ROUTES.resetRequest, { email }),
  reset: (token: string, password: string) => api.post<void>(ROUTES.reset, { token, password })
};
