// Setup, login, logout, password reset and the logged-in user's own account.
import { toId } from '../../data/models.ts';
import {
  deleteAccountBody,
  loginBody,
  passwordChangeBody,
  profilePatch,
  resetBody,
  resetRequestBody,
  setupBody
} from '../../../src/lib/shared/schemas.ts';
import type { Response } from 'express';
import type { Types } from 'mongoose';
import { route, type AnyRoute } from '../registry.ts';
import type { RouteDeps } from './deps.ts';

export function accountRoutes({ s, auth }: RouteDeps): AnyRoute[] {
  // A new session and its cookie: after setup, login and (in invitations.ts) sign-up.
  const loggedIn = async (res: Response, userId: Types.ObjectId) => {
    const { token } = await s.sessions.create(userId);
    auth.set(res, token);
  };
  return [
    route({
      method: 'get',
      path: '/setup',
      policy: { kind: 'public' },
      handle: async () => ({ needed: await s.accounts.setupNeeded() })
    }),
    route({
      method: 'post',
      path: '/setup',
      policy: { kind: 'public' },
      body: setupBody,
      status: 201,
      handle: async ({ body, res, ip }) => {
        const user = await s.accounts.setupWithCode(body, ip);
        await loggedIn(res, user._id);
        return s.accounts.me(user._id);
      }
    }),
    route({
      method: 'post',
      path: '/auth/login',
      policy: { kind: 'public' },
      body: loginBody,
      handle: async ({ body, res, ip }) => {
        const user = await s.accounts.login(body.email, body.password, ip);
        await loggedIn(res, user._id);
        return s.accounts.me(user._id);
      }
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      policy: { kind: 'authenticated' },
      handle: async ({ session, res }) => {
        await s.sessions.revoke(session!.tokenHash);
        auth.clear(res);
        return undefined;
      }
    }),
    route({
      method: 'post',
      path: '/auth/reset-request',
      policy: { kind: 'public' },
      body: resetRequestBody,
      status: 202,
      handle: async ({ body, ip }) => {
        await s.resets.request(body.email, ip);
        return { status: 'accepted' };
      }
    }),
    route({
      method: 'post',
      path: '/auth/reset',
      policy: { kind: 'public' },
      body: resetBody,
      handle: async ({ body, ip }) => {
        await s.resets.reset(body.token, body.password, ip);
        return undefined;
      }
    }),
    route({
      method: 'get',
      path: '/me',
      policy: { kind: 'authenticated' },
      handle: async ({ actor }) => s.accounts.me(actor!.userId)
    }),
    route({
      method: 'patch',
      path: '/me',
      policy: { kind: 'authenticated' },
      body: profilePatch,
      handle: async ({ actor, body }) => s.accounts.updateProfile(actor!.userId, body)
    }),
    route({
      method: 'post',
      path: '/me/password',
      policy: { kind: 'authenticated' },
      body: passwordChangeBody,
      handle: async ({ actor, body, session, ip }) => {
        await s.accounts.changePassword(actor!.userId, body.currentPassword, body.newPassword, session!.tokenHash, ip);
        return undefined;
      }
    }),
    route({
      method: 'delete',
      path: '/me',
      policy: { kind: 'authenticated' },
      body: deleteAccountBody,
      handle: async ({ actor, body, res, ip }) => {
        await s.accounts.deleteAccount(actor!.userId, body.password, ip);
        // then the name in the CVs' comments and versions (ERASURE.md), once the account is gone
        await s.cv.eraseAuthor(actor!.userId);
        // and what is the person's own around meetings: calendar address, private notes, reflections, comments
        await s.meetings.erasure.eraseAccount(actor!.userId);
        // and the reporting answers and open outcome forms (outcomes themselves stay, anonymous: ERASURE.md)
        await s.outcomes.reporting.eraseAccount(toId(actor!.userId));
        await s.outcomes.forms.eraseAccount(toId(actor!.userId));
        auth.clear(res);
        return undefined;
      }
    })
  ];
}
