// The one-time code that first-run setup asks for (as Grafana and Jenkins do): whoever reaches a fresh instance
// first must also be able to read the server's console or DATA_DIR, so a stranger on the network cannot make
// themselves its admin. The code exists only while the instance has no user, is kept across restarts until it
// is used, and is spent by the one setup that succeeds.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** Where the code is kept between restarts (a file of mode 600 in DATA_DIR, see data/setup-code-file.ts). */
export interface SetupCodeStore {
  /** Where an operator finds it, for the console message. */
  readonly location: string;
  read(): Promise<string | null>;
  write(code: string): Promise<void>;
  remove(): Promise<void>;
}

// No 0/O, 1/I/L, U: read off a console and typed by hand. 20 of these 30 characters: about 98 bits.
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const LENGTH = 20;
const GROUP = 5;

/** As typed: case, spaces and dashes do not matter. */
export const normaliseSetupCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

const wellFormed = (code: string) => code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c));

function generate(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return chars.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export class SetupCode {
  private code: string | null = null;
  constructor(private store: SetupCodeStore) {}

  /** At start-up: a code while setup is needed (the stored one when there is one), none otherwise. */
  async prepare(setupNeeded: boolean): Promise<string | null> {
    if (!setupNeeded) {
      this.code = null;
      await this.store.remove();
      return null;
    }
    const kept = await this.store.read();
    if (kept && wellFormed(normaliseSetupCode(kept))) {
      this.code = kept;
    } else {
      this.code = generate();
      await this.store.write(this.code);
    }
    return this.code;
  }

  /** The code to show (null once spent or when the instance was already set up). */
  current(): string | null {
    return this.code;
  }

  get location(): string {
    return this.store.location;
  }

  /** Compared in constant time: digests of equal length, whatever was typed. */
  matches(given: string): boolean {
    if (!this.code) return false;
    return timingSafeEqual(digest(normaliseSetupCode(this.code)), digest(normaliseSetupCode(given)));
  }

  /** After the setup that used it: never again. */
  async spend(): Promise<void> {
    this.code = null;
    await this.store.remove();
  }
}
