import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const secret = 'x'.repeat(40);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tmp() {
  const d = mkdtempSync(join(tmpdir(), 'binome-config-'));
  dirs.push(d);
  return d;
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({ SESSION_SECRET: secret });
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      mongodbUri: null,
      publicUrl: 'http://localhost:3000',
      smtpUrl: null,
      logLevel: 'info',
      trustProxy: false,
      redisUrl: null
    });
    expect(c.dataDir.endsWith('/data')).toBe(true);
  });

  it('treats empty strings as unset and normalises PUBLIC_URL to an origin', () => {
    const c = loadConfig({ SESSION_SECRET: secret, PORT: '', PUBLIC_URL: 'https://binome.example.org/some/path' });
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('https://binome.example.org');
  });

  it('reads REDIS_URL: this process is then one node among several', () => {
    expect(loadConfig({ SESSION_SECRET: secret, REDIS_URL: 'redis://cache.internal:6379/0' }).redisUrl).toBe('redis://cache.internal:6379/0');
  });

  it('leaves publicUrl to the listener when PORT is 0', () => {
    expect(loadConfig({ SESSION_SECRET: secret, PORT: '0' }).publicUrl).toBeNull();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
    [{ PUBLIC_URL: 'ftp://x.org' }, 'PUBLIC_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ SMTP_URL: 'mail.example.org' }, 'SMTP_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL']
  ])('names the variable in the error for %o', (env, name) => {
    const run = () => loadConfig({ SESSION_SECRET: secret, ...env });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}:`));
  });

  it.each([
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['127.0.0.1', ['127.0.0.1']],
    [' 10.0.0.0/8, ::1 ,loopback', ['10.0.0.0/8', '::1', 'loopback']],
    ['fd00::/8', ['fd00::/8']]
  ])('reads TRUST_PROXY=%s as a hop count or a list of proxies', (raw, expected) => {
    expect(loadConfig({ SESSION_SECRET: secret, TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it('refuses TRUST_PROXY=true and says what to write instead', () => {
    const run = () => loadConfig({ SESSION_SECRET: secret, TRUST_PROXY: 'true' });
    expect(run).toThrow(/^Invalid configuration:\n  TRUST_PROXY: "true" would trust any X-Forwarded-For/);
    expect(run).toThrow(/TRUST_PROXY=1 or TRUST_PROXY=127\.0\.0\.1,10\.0\.0\.0\/8/);
  });

  it.each(['yes', '11', '10.0.0.0/33', '10.0.0.1/8/2', 'proxy.example.org', '1.2.3.4, nope', ','])(
    'refuses TRUST_PROXY=%s naming the variable',
    (raw) => {
      expect(() => loadConfig({ SESSION_SECRET: secret, TRUST_PROXY: raw })).toThrow(/^Invalid configuration:\n  TRUST_PROXY: /);
    }
  );

  it('generates the session secret once, keeps it in DATA_DIR with mode 600, and reuses it', () => {
    const dir = tmp();
    const a = loadConfig({ DATA_DIR: dir });
    const file = join(dir, 'session-secret');
    expect(a.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(a.sessionSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(a.sessionSecret);
  });

  it('prefers SESSION_SECRET from the environment and writes no file', () => {
    const dir = tmp();
    expect(loadConfig({ DATA_DIR: dir, SESSION_SECRET: secret }).sessionSecret).toBe(secret);
    expect(() => statSync(join(dir, 'session-secret'))).toThrow();
  });
});
