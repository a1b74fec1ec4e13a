// Brute-force protection for login and password reset. The counters live in the database the app uses (through
// `LimiterFactory`), so that a lockout outlasts a restart and holds across several app processes; unit tests may
// keep them in memory. Limits are constructor arguments so tests can pick small ones.
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { TooManyRequests } from './errors.ts';

export interface LimitSettings {
  /** Failed logins for one email from one IP before the lockout. */
  failuresPerAccount: number;
  lockoutSeconds: number;
  /** Login, reset-request and reset attempts from one IP per window. */
  attemptsPerIp: number;
  ipWindowSeconds: number;
}
export const DEFAULT_LIMITS: LimitSettings = { failuresPerAccount: 5, lockoutSeconds: 15 * 60, attemptsPerIp: 100, ipWindowSeconds: 15 * 60 };

/** The counters, by name (also their store's collection). */
export const LIMITER_NAMES = ['auth_login_failures', 'auth_attempts_per_ip'] as const;

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
  constructor(
    private s: LimitSettings = DEFAULT_LIMITS,
    limiter: LimiterFactory = memoryLimiters
  ) {
    this.failures = limiter({ name: 'auth_login_failures', points: s.failuresPerAccount, duration: s.lockoutSeconds });
    this.perIp = limiter({ name: 'auth_attempts_per_ip', points: s.attemptsPerIp, duration: s.ipWindowSeconds });
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
