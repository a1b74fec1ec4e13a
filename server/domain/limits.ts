// Brute-force protection for login and password reset. In memory, per process (a multi-node deployment would
// use RateLimiterRedis with the same keys). Limits are constructor arguments so tests can pick small ones.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
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

export class AuthLimits {
  private failures: RateLimiterMemory;
  private perIp: RateLimiterMemory;
  constructor(private s: LimitSettings = DEFAULT_LIMITS) {
    this.failures = new RateLimiterMemory({ keyPrefix: 'login-fail', points: s.failuresPerAccount, duration: s.lockoutSeconds });
    this.perIp = new RateLimiterMemory({ keyPrefix: 'auth-ip', points: s.attemptsPerIp, duration: s.ipWindowSeconds });
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
