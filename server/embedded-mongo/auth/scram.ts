import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { CommandError } from '../errors.ts';

// SCRAM-SHA-256 (RFC 5802 with RFC 7677's hash), server side, as MongoDB speaks it over saslStart/saslContinue.
// The password is turned into keys once; a conversation keeps only what the next step needs.

export const MECHANISM = 'SCRAM-SHA-256';
/** MongoDB's default for SCRAM-SHA-256; the driver refuses fewer than 4096. */
export const ITERATIONS = 15_000;

export interface ScramKeys {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/**
 * The stored keys for a password. Passwords here are generated ASCII, for which SASLprep (RFC 4013) changes
 * nothing; anything else is refused rather than hashed differently from the client.
 */
export function deriveKeys(password: string, salt = randomBytes(28), iterations = ITERATIONS): ScramKeys {
  if (!/^[\x21-\x7e]+$/.test(password)) throw new Error('SCRAM passwords must be printable ASCII without spaces');
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = hmac(salted, 'Client Key');
  return { salt, iterations, storedKey: createHash('sha256').update(clientKey).digest(), serverKey: hmac(salted, 'Server Key') };
}

/** Splits `a=1,b=2` into its attributes (values may contain '='). */
function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) out.set(part[0], part.slice(2));
  }
  return out;
}

/** RFC 5802's saslname: ',' and '=' arrive escaped as =2C and =3D. */
const unescapeName = (name: string) => name.replace(/=2C/g, ',').replace(/=3D/g, '=');

const failed = () => new CommandError('AuthenticationFailed', 'Authentication failed.');

/** One authentication attempt on one connection: client-first → server-first, client-final → server-final. */
export class ScramConversation {
  private expected: { authPrefix: string; nonce: string } | null = null;

  /** `user` null: no account can match (wrong database), so the conversation can only fail. */
  constructor(
    private readonly user: string | null,
    private readonly keys: ScramKeys,
    /** The server's part of the nonce; fixed only by tests that replay RFC 7677's example. */
    private readonly serverNonce = () => randomBytes(24).toString('base64')
  ) {}

  /** Answers the client-first message; the wrong user gets a made-up challenge and fails at the proof. */
  start(clientFirst: string): string {
    // gs2 header: no channel binding ('n' or 'y'), no authzid.
    const m = /^[ny],,(.*)$/s.exec(clientFirst);
    if (!m) throw new CommandError('BadValue', 'SCRAM: the client-first message must start with n,, (no channel binding, no authzid)');
    const bare = m[1];
    const attrs = attributes(bare);
    const name = attrs.get('n');
    const clientNonce = attrs.get('r');
    if (name === undefined || !clientNonce || !bare.startsWith('n=')) {
      throw new CommandError('BadValue', 'SCRAM: the client-first message needs n=<user>,r=<nonce>');
    }
    const known = unescapeName(name) === this.user;
    const salt = known ? this.keys.salt : createHash('sha256').update(`unknown:${name}`).update(this.keys.serverKey).digest().subarray(0, 28);
    const nonce = clientNonce + this.serverNonce();
    const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${this.keys.iterations}`;
    this.expected = known ? { authPrefix: `${bare},${serverFirst}`, nonce } : { authPrefix: '', nonce: '' };
    return serverFirst;
  }

  /** Checks the client's proof; returns the server-final message (`v=` signature) on success. */
  finish(clientFinal: string): string {
    const expected = this.expected;
    this.expected = null;
    if (!expected || !expected.nonce) throw failed();
    const cut = clientFinal.lastIndexOf(',p=');
    if (cut < 0) throw failed();
    const withoutProof = clientFinal.slice(0, cut);
    const attrs = attributes(withoutProof);
    // c=biws is base64 of "n,,": the gs2 header again, no channel binding.
    if (attrs.get('c') !== 'biws' || attrs.get('r') !== expected.nonce) throw failed();
    const proof = Buffer.from(clientFinal.slice(cut + 3), 'base64');
    if (proof.length !== this.keys.storedKey.length) throw failed();
    const authMessage = `${expected.authPrefix},${withoutProof}`;
    const signature = hmac(this.keys.storedKey, authMessage);
    const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]));
    if (!timingSafeEqual(createHash('sha256').update(clientKey).digest(), this.keys.storedKey)) throw failed();
    return `v=${hmac(this.keys.serverKey, authMessage).toString('base64')}`;
  }
}
