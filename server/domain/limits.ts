// Brute-force protection for login and password reset. The counters live in the database the app uses (through
// `LimiterFactory`), so that a lockout outlasts a restart and holds across several app processes; unit tests may
// keep them in memory. Limits are constructor arguments so tests can pick small ones.
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { TooManyRequests } from './errors.ts';

export interface LimitSettings {
  /** Failed logins for one email from one IP before the lockout (also: wrong current passwords per account). */
  failuresPerAccount: number;
  lockoutSeconds: number;
  /** Login, reset-request and reset attempts from one IP per window. */
  attemptsPerIp: number;
  ipWindowSeconds: number;
}
export const DEFAULT_LIMITS: LimitSettings = { failuresPerAccount: 5, lockoutSeconds: 15 * 60, attemptsPerIp: 100, ipWindowSeconds: 15 * 60 };

/** The counters, by name (also their store's collection). */
export const LIMITER_NAMES = ['auth_login_failures', 'auth_attempts_per_ip', 'auth_password_checks'] as const;

/** What one counter is: its name, how many points and for how long. */
export interface LimiterSpec {
  name: (typeof LIMITER_NAMES)[number];
  points: number;
  duration: number;
}
/** Makes a counter in some store; the data layer gives one backed by MongoDB. */
export type LimiterFactory = (spec: LimiterSpec) => RateLimiterAbstract;

export const memoryLimiters: LimiterFactory = (spec) =>
  new RateLimiterMemory({ keyPrefix: spec.name, points: spec.points, duration: spec.duration });

export class AuthLimits {
  private failures: RateLimiterAbstract;
  private perIp: RateLimiterAbstract;
  /** Wrong current passwords given by a logged-in session (password change, account deletion), per account. */
  private ownPassword: RateLimiterAbstract;
  constructor(
    private s: LimitSettings = DEFAULT_LIMITS,
    limiter: LimiterFactory = memoryLimiters
  ) {
    this.failures = limiter({ name: 'auth_login_failures', points: s.failuresPerAccount, duration: s.lockoutSeconds });
    this.perIp = limiter({ name: 'auth_attempts_per_ip', points: s.attemptsPerIp, duration: s.ipWindowSeconds });
    this.ownPassword = limiter({ name: 'auth_password_checks', points: s.failuresPerAccount, duration: s.lockoutSeconds });
  }

  /**
   * One login try for `email` from `ip`: the address's attempt and the try are counted before `check` (the
   * password hash) runs, each by one atomic consume in the store. Reading "not locked yet?" first and counting
   * the failure afterwards would let any number of concurrent wrong passwords through to the hash check.
   * Returns what `check` answered; throws 429 once the tries are used up, even for the right password.
   */
  async checkLogin(email: string, ip: string, check: () => Promise<boolean>): Promise<boolean> {
    await this.attempt(ip);
    return this.guarded(this.failures, key(email, ip), check);
  }

  /** The same for a logged-in person's current password (password change, account deletion): per account. */
  async checkOwnPassword(userId: string, ip: string, check: () => Promise<boolean>): Promise<boolean> {
    await this.attempt(ip);
    return this.guarded(this.ownPassword, `user|${userId}`, check);
  }

  private async guarded(limiter: RateLimiterAbstract, k: string, check: () => Promise<boolean>): Promise<boolean> {
    let res: RateLimiterRes;
    try {
      res = await limiter.consume(k);
    } catch (r) {
      if (r instanceof RateLimiterRes) throw new TooManyRequests('Account temporarily locked after repeated failures', seconds(r));
      throw r;
    }
    const ok = await check();
    if (ok) await limiter.delete(k);
    // The lockout runs for its full length from the last failure, not from the first one of the window.
    else if (res.consumedPoints >= this.s.failuresPerAccount) await limiter.block(k, this.s.lockoutSeconds);
    return ok;
  }

  /** Counts one attempt from `ip`; throws 429 when the IP has made too many. */
  async attempt(ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw new TooManyRequests('Too many attempts from this address', seconds(res));
      throw res;
    }
  }

  /** Throws 429 while the email+IP pair is locked, even if the password given now is right. */
  async assertNotLocked(email: string, ip: string): Promise<void> {
    const res = await this.failures.get(key(email, ip));
    if (res && res.consumedPoints >= this.s.failuresPerAccount) {
      throw new TooManyRequests('Account temporarily locked after repeated failures', seconds(res));
    }
  }

  async failed(email: string, ip: string): Promise<void> {
    const k = key(email, ip);
    const res: RateLimiterRes = await this.failures.consume(k).catch((r: unknown) => {
      if (r instanceof RateLimiterRes) return r;
      throw r;
    });
    // The lockout runs for its full length from the last failure, not from the first one of the window.
    if (res.consumedPoints >= this.s.failuresPerAccount) await this.failures.block(k, this.s.lockoutSeconds);
  }

  async succeeded(email: string, ip: string): Promise<void> {
    await this.failures.delete(key(email, ip));
  }
}

const key = (email: string, ip: string) => `${email.toLowerCase()}|${ip}`;
const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
