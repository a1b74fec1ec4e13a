// The logged-in person's own account.
import type { Locale } from '$shared/codes';
import type { MeView } from '$shared/schemas';
import { api } from './api';
import { ROUTES } from '$shared/routes';

export const profileService = {
  me: () => api.get<MeView>(ROUTES.me),
  update: (patch: { name?: string; locale?: Locale; color?: string }) => api.patch<MeView>(ROUTES.me, patch),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<void>(ROUTES.mePassword, { currentPassword, newPassword }),
  deleteAccount: (password: string) => api.del<void>(ROUTES.me, { password })
};
