// The one place the environment is read (DESIGN.md, convention 5). Everything else receives a typed Config.
// loadConfig is pure except for SESSION_SECRET: when absent it is generated once and kept in DATA_DIR so that
// sessions survive restarts without the operator having to invent a secret.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
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
  /**
   * Express `trust proxy`, never "trust any X-Forwarded-For": false (no proxy), the number of proxies in front, or
   * the proxies' addresses/CIDRs. Rate limits and the login lockout are per client address, so a client must not
   * be able to pick its own.
   */
  trustProxy: TrustProxy;
  /** Largest WebSocket message the collaboration server accepts; a larger one closes that connection (1009). */
  collabMaxMessageBytes: number;
  /** Several nodes share one Redis (Socket.IO events, shared documents, access changes); null = one node. */
  redisUrl: string | null;
}

export type TrustProxy = false | number | string[];

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
  TRUST_PROXY: z.preprocess(empty, z.string().default('false').transform(parseTrustProxy)),
  REDIS_URL: z.preprocess(empty, z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional()),
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
    trustProxy: e.TRUST_PROXY,
    collabMaxMessageBytes: e.COLLAB_MAX_MESSAGE_BYTES,
    redisUrl: e.REDIS_URL ?? null
  };
}

const MAX_HOPS = 10;
/** Express's names for address ranges (proxy-addr): the loopback, link-local and private (unique local) ranges. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: `false`/`0`, a hop count, or a comma-separated list of addresses, CIDRs and range names. `true`
 * is refused rather than guessed: Express would then take the left-most X-Forwarded-For entry, which the client
 * writes itself, and one forged header would lift the per-address limits.
 */
function parseTrustProxy(raw: string, ctx: z.RefinementCtx): TrustProxy {
  const v = raw.trim().toLowerCase();
  if (v === 'false' || v === '0') return false;
  if (v === 'true') {
    ctx.addIssue({
      code: 'custom',
      message:
        '"true" would trust any X-Forwarded-For a client sends. Write the number of proxies in front of the app ' +
        '(usually 1), or their addresses, e.g. TRUST_PROXY=1 or TRUST_PROXY=127.0.0.1,10.0.0.0/8'
    });
    return z.NEVER;
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > MAX_HOPS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_HOPS} proxies in front` });
    return hops;
  }
  const entries = raw.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = entries.filter((x) => !isProxyAddress(x));
  if (bad.length || !entries.length) {
    ctx.addIssue({
      code: 'custom',
      message: `must be false, a number of proxies (e.g. 1), or proxy addresses/CIDRs separated by commas; not ${bad.join(', ') || 'empty'}`
    });
    return z.NEVER;
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
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
