import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../commands/context.ts';

/** Where a data directory keeps the account TCP clients must authenticate with (mode 600). */
export const CREDENTIALS_FILE = 'credentials.json';
export const ENGINE_USER = 'binome';

export interface Credentials {
  user: string;
  password: string;
}

const generate = (): Credentials => ({ user: ENGINE_USER, password: randomBytes(24).toString('base64url') });

function parse(text: string, path: string): Credentials {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON; remove it to generate new credentials`);
  }
  const { user, password } = (value ?? {}) as Record<string, unknown>;
  const printable = (s: unknown): s is string => typeof s === 'string' && /^[\x21-\x7e]+$/.test(s);
  if (!printable(user) || !printable(password)) {
    throw new Error(`${path} must hold {"user": "...", "password": "..."} (printable ASCII); remove it to generate new credentials`);
  }
  return { user, password };
}

/**
 * The engine's credentials: read from `<dataDir>/credentials.json`, or generated once and written there
 * (created exclusively, mode 600, synced). Without a data directory they are generated for this run only.
 */
export async function loadOrCreateCredentials(dataDir: string | null, logger: Logger): Promise<Credentials> {
  if (!dataDir) return generate();
  const path = join(dataDir, CREDENTIALS_FILE);
  const existing = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (existing !== null) {
    if (((await stat(path)).mode & 0o077) !== 0) {
      logger.warn(`${path} was readable by other users; making it private (mode 600)`);
      await chmod(path, 0o600);
    }
    return parse(existing, path);
  }
  const credentials = generate();
  const fh = await open(path, 'wx', 0o600);
  try {
    await fh.writeFile(`${JSON.stringify(credentials, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  logger.info(`generated the engine's credentials in ${path}`);
  return credentials;
}
