// When is a session over for this browser? The session manager then forgets the person here: who is logged in,
// and the offline copies of CVs (IndexedDB), which hold a job seeker's personal data.
import { isApiError } from './api';

/**
 * A 401 says the session is over (expired, logged out or revoked elsewhere, the account deleted). A request that
 * got no answer (offline, server down) or another refusal says nothing of the kind: the offline copies are then
 * what lets the person keep working, and must stay.
 */
export function sessionIsOver(error: unknown): boolean {
  return isApiError(error, 'unauthenticated');
}
