// The address people use: PUBLIC_URL, or http://localhost:<port> when it is unset. With PORT=0 the port is only
// known once listening, so the links in emails, the edge's origin rule and the Secure cookie flag read it
// through get() rather than a copy taken at start-up.
import type { Config } from '../config.ts';

export interface PublicOrigin {
  get(): string;
  https(): boolean;
  /** Called once the port is known. */
  listening(port: number): void;
}

export function publicOrigin(config: Config): PublicOrigin {
  let origin = config.publicUrl ?? 'http://localhost';
  return {
    get: () => origin,
    https: () => origin.startsWith('https:'),
    listening(port) {
      if (!config.publicUrl) origin = `http://localhost:${port}`;
    }
  };
}
