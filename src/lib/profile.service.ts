// The logged-in person's own account.
import type { Locale } from '$shared/codes';
import type { MeView } from '$shared/schemas';
import { api } from './api';

export const profileService = {
  me: () => api.get<MeView>('/api/me'),
  update: (patch: { name?: string; locale?: Locale; color?: string }) => api.patch<MeView>('/api/me', patch),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>('/api/me/password', { currentPassword, newPassword }),
  deleteAccount: (password: string) => api.del<void>('/api/me', { password })
};
