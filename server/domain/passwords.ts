// argon2id hashing. The cost is a constructor argument: production keeps the library defaults (64 MiB, t=3),
// tests lower them so that a test file creating fifty accounts stays fast.
import argon2 from 'argon2';

export interface HashCost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}
export const DEFAULT_COST: HashCost = { memoryCost: 65536, timeCost: 3, parallelism: 4 };
export const TEST_COST: HashCost = { memoryCost: 1024, timeCost: 2, parallelism: 1 };

export class Passwords {
  private dummy: Promise<string>;
  constructor(private cost: HashCost = DEFAULT_COST) {
    // Verified against when the email is unknown, so that "no such account" takes as long as "wrong password".
    this.dummy = this.hash('not-a-real-password-' + Math.random());
  }
  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.cost });
  }
  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? (await this.dummy), password);
    } catch {
      return false;
    }
  }
}
