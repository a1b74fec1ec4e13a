// Who is logged in, in which organisation they are working, and with which role. One instance is created by
// the root layout and handed down through context.
import { getContext, setContext } from 'svelte';
import type { Locale, Role } from '$shared/codes';
import type { MeView, MembershipView } from '$shared/schemas';
import { authService } from './auth.service';
import { profileService } from './profile.service';
import { isLocale, setLocale } from './i18n';
import { clearLocalCopies } from './collab/local-copies';
import { forgetOfflineData } from './offline/worker-client';
import { sessionIsOver } from './session-end';
import { actorOf, can, organisationResource, type Action, type Actor, type Resource } from './permissions';

const CONTEXT = Symbol('session');
const ORG_KEY = 'binome.organisation';

export class SessionManager {
  #me = $state<MeView | null>(null);
  /** The deletion of this browser's offline copies, when a session ended. */
  #forgetting: Promise<void> = Promise.resolve();
  /** True once we know whether someone is logged in (and, if not, whether the instance needs setting up). */
  ready = $state(false);
  setupNeeded = $state(false);
  /** Bumped when the server says access changed (live-manager); pages showing duos read it to fetch again. */
  accessVersion = $state(0);
  #selectedOrgId = $state<string | null>(readStoredOrg());

  membership = $derived.by((): MembershipView | null => {
    const memberships = this.me?.memberships ?? [];
    return memberships.find((m) => m.organisationId === this.#selectedOrgId) ?? memberships[0] ?? null;
  });
  role = $derived<Role | null>(this.membership?.role ?? null);
  organisationId = $derived<string | null>(this.membership?.organisationId ?? null);
  /** The logged-in person as the shared policy sees them. */
  actor = $derived<Actor | null>(this.me ? actorOf(this.me) : null);
  /** Programmes, invitations and members of the current organisation are managed here (coordinators, admins). */
  canManage = $derived(!!this.organisationId && this.can('programme:create', organisationResource(this.organisationId)));

  /** What the shared policy says this person may do: what the interface offers (the server still decides). */
  can(action: Action, resource: Resource): boolean {
    return !!this.actor && can(this.actor, action, resource);
  }

  get me(): MeView | null {
    return this.#me;
  }
  /**
   * Whatever ends the session here (logout, the account deleted, a 401, the server's "session revoked") sets this
   * to null: the offline copies of live documents then go too, as they hold personal data that must not outlive the session on
   * a shared computer. A failure to reach the server is no such end: offline editing keeps its copies.
   */
  set me(value: MeView | null) {
    const ended = this.#me !== null && value === null;
    this.#me = value;
    if (ended) this.#forget();
  }

  #forget(): Promise<void> {
    this.#forgetting = this.#forgetting.then(() => Promise.all([clearLocalCopies(), forgetOfflineData()])).then(() => undefined);
    return this.#forgetting;
  }

  async load(): Promise<void> {
    try {
      this.setMe(await profileService.me());
    } catch (error) {
      if (!sessionIsOver(error)) throw error;
      this.me = null;
      // A session that ended while this page was closed (expired, or ended from another device) leaves no copy.
      await this.#forget();
      this.setupNeeded = (await authService.setupStatus()).needed;
    } finally {
      this.ready = true;
    }
  }

  /** Every answer carrying a MeView (login, setup, invitation, profile) comes through here. */
  setMe(me: MeView) {
    this.me = me;
    this.setupNeeded = false;
    // The saved account language wins over the device's once someone is logged in.
    if (isLocale(me.user.locale)) void setLocale(me.user.locale);
  }

  /** Fetches the account again (memberships may have changed); a 401 means the session is over. */
  async refresh(): Promise<void> {
    try {
      this.setMe(await profileService.me());
    } catch (error) {
      if (sessionIsOver(error)) this.me = null;
      else throw error;
    }
  }

  selectOrganisation(organisationId: string) {
    this.#selectedOrgId = organisationId;
    try {
      localStorage.setItem(ORG_KEY, organisationId);
    } catch {
      /* storage may be unavailable; the choice then lasts for this visit */
    }
  }

  async login(email: string, password: string) {
    this.setMe(await authService.login(email, password));
  }

  async logout() {
    try {
      await authService.logout();
    } finally {
      this.me = null;
      // Offline copies of live documents hold personal data: none may stay on a shared computer after logging out.
      await this.#forgetting;
    }
  }

  /** Saves the language on the account when logged in, and always on the device. */
  async changeLocale(next: Locale) {
    await setLocale(next);
    if (this.me && this.me.user.locale !== next) this.me = await profileService.update({ locale: next });
  }
}

function readStoredOrg(): string | null {
  try {
    return localStorage.getItem(ORG_KEY);
  } catch {
    return null;
  }
}

export function provideSession(manager = new SessionManager()): SessionManager {
  return setContext(CONTEXT, manager);
}
export function useSession(): SessionManager {
  return getContext<SessionManager>(CONTEXT);
}
