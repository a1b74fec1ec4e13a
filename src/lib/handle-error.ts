// One way to report a failure (DESIGN.md, convention 6): a localized toast saying what failed and why.
import { ApiError } from './api';
import { useToasts, type ToastManager } from './toast-manager.svelte';
import { useSession } from './session-manager.svelte';

export type ErrorHandler = (error: unknown, messageKey: string) => void;

/** Why it failed, as a message key; the API's codes map to `errors.<code>`. */
export function errorDetail(error: unknown): { key: string; values?: Record<string, string | number> } {
  if (error instanceof ApiError) {
    if (error.code === 'too_many_requests' && error.retryAfterSeconds) {
      return { key: 'errors.too_many_requests_wait', values: { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) } };
    }
    return { key: `errors.${error.code}` };
  }
  return { key: 'errors.internal' };
}

export function reportError(toasts: ToastManager, error: unknown, messageKey: string) {
  // The operator's log is on the server; the developer's is here.
  if (!(error instanceof ApiError) || error.status >= 500) console.error(error);
  const detail = errorDetail(error);
  toasts.show({ kind: 'error', key: messageKey, detailKey: detail.key, detailValues: detail.values });
}

/** Call during component initialisation; returns `handleError(error, messageKey)` bound to the page's toasts. */
export function useErrorHandler(): ErrorHandler {
  const toasts = useToasts();
  const session = useSession();
  return (error, messageKey) => {
    reportError(toasts, error, messageKey);
    // The session ended (expired, logged out elsewhere, account removed): forget it, and the layout's guard
    // sends the person to the login page, which brings them back here afterwards.
    if (error instanceof ApiError && error.code === 'unauthenticated' && session?.me) session.me = null;
  };
}
