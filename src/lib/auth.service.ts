// Setup, login, logout and password reset: the routes anyone may call before having a session.
import type { Locale } from '$shared/codes';
import type { MeView } from '$shared/schemas';
import { api } from './api';

export const authService = {
  setupStatus: () => api.get<{ needed: boolean }>('/api/setup'),
  setup: (body: { organisationName: string; name: string; email: string; password: string; locale: Locale }) =>
    api.post<MeView>('/api/setup', body),
  login: (email: string, password: string) => api.post<MeView>('/api/auth/login', { email, password }),
  logout: () => api.post<void>('/api/auth/logout'),
  requestReset: (email: string) => api.post<void>('/api/auth/reset-request', { email }),
  reset: (token: string, password: string) => api.post<void>('/api/auth/reset', { token, password })
};
