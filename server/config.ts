// The one place the environment is read (DESIGN.md, convention 5). Everything else receives a typed Config.
// loadConfig is pure except for SESSION_SECRET: when absent it is generated once and kept in DATA_DIR so that
// sessions survive restarts without the operator having to invent a secret.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface Config {
  port: number;
  host: string;
  /** Absent: the embedded engine is started with its data under `${dataDir}/db`. */
  mongodbUri: string | null;
  dataDir: string;
  sessionSecret: string;
  /** Origin used in emailed links and accepted by the CSRF check; null when defaulted and PORT is 0 (known once listening). */
  publicUrl: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Express `trust proxy`: set when a reverse proxy in front sets X-Forwarded-For (rate limits are per client IP). */
  trustProxy: boolean;
  /** Largest WebSocket message the collaboration server accepts; a larger one closes that connection (1009). */
  collabMaxMessageBytes: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const empty = (v: unknown) => (v === '' ? undefined : v);
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((u) => new URL(u).origin);

const schema = z.object({
  PORT: z.preprocess(empty, z.coerce.number({ error: 'must be a number' }).int().min(0).max(65535).default(3000)),
  // Loopback by default: a laptop try-out is not exposed to the network. Set 0.0.0.0 in a container or behind a proxy.
  HOST: z.preprocess(empty, z.string().min(1).default('127.0.0.1')),
  MONGODB_URI: z.preprocess(
    empty,
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional()
  ),
  DATA_DIR: z.preprocess(empty, z.string().min(1).default('./data')),
  SESSION_SECRET: z.preprocess(empty, z.string().min(32, 'must be at least 32 characters').optional()),
  PUBLIC_URL: z.preprocess(empty, httpUrl.optional()),
  SMTP_URL: z.preprocess(empty, z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional()),
  MAIL_FROM: z.preprocess(empty, z.string().min(3).optional()),
  LOG_LEVEL: z.preprocess(empty, z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info')),
  TRUST_PROXY: z.preprocess(empty, z.enum(['true', 'false', '1', '0']).default('false')),
  COLLAB_MAX_MESSAGE_BYTES: z.preprocess(
    empty,
    z.coerce.number({ error: 'must be a number of bytes' }).int().min(64 * 1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024)
  )
});

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${String(i.path[0] ?? '?')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const publicUrl = e.PUBLIC_URL ?? (e.PORT === 0 ? null : `http://localhost:${e.PORT}`);
  return {
    port: e.PORT,
    host: e.HOST,
    mongodbUri: e.MONGODB_URI ?? null,
    dataDir,
    sessionSecret: e.SESSION_SECRET ?? readOrCreateSecret(dataDir),
    publicUrl,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? `Binôme <no-reply@${publicUrl ? new URL(publicUrl).hostname : 'localhost'}>`,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === 'true' || e.TRUST_PROXY === '1',
    collabMaxMessageBytes: e.COLLAB_MAX_MESSAGE_BYTES
  };
}

/** For command-line entry points: a wrong configuration prints the message naming the variable and exits 2. */
export function loadConfigOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  try {
    if (existsSync(file)) {
      const secret = readFileSync(file, 'utf8').trim();
      if (secret.length < 32) throw new ConfigError(`SESSION_SECRET: ${file} holds fewer than 32 characters; delete it to regenerate`);
      return secret;
    }
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    // 'wx': never overwrite a secret another process wrote meanwhile.
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return secret;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateSecret(dataDir);
    throw new ConfigError(`SESSION_SECRET: not set and cannot be kept in ${file}: ${(err as Error).message}`);
  }
}
