// Secrets handed to people (session cookies, invitation and reset links) are random and stored only hashed:
// a copy of the database does not let anyone log in or accept an invitation.
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** 32 random bytes, URL-safe (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Session tokens are keyed with SESSION_SECRET: rotating the secret logs everyone out. */
export function hmac(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}
