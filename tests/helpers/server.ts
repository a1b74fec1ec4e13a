// Starts a real Binôme for a test: port 0, the embedded engine in memory (or MONGODB_URI with a unique database
// when set), a temporary DATA_DIR, cheap password hashing. The e2e tests use it too: it serves build/ when present.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino, type DestinationStream } from 'pino';
import { startBinome, type Binome, type StartOptions } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { ManualClock } from '../../server/domain/clock.ts';
import type { MailMessage, Mailer } from '../../server/domain/mailer.ts';
import { TEST_COST } from '../../server/domain/passwords.ts';

export interface TestServer {
  url: string;
  port: number;
  binome: Binome;
  services: Binome['services'];
  clock: ManualClock;
  /** Mail "sent" by the server (only when started with `mail: true`). */
  outbox: MailMessage[];
  /** The first-run setup code `npm start` prints (null once the instance is set up). */
  setupCode(): string | null;
  stop(): Promise<void>;
}

export interface TestServerOptions extends Omit<StartOptions, 'clock' | 'mailer' | 'logger'> {
  /** Capture email as if SMTP_URL were set. */
  mail?: boolean;
  /** Extra environment for loadConfig (e.g. PUBLIC_URL). */
  env?: Record<string, string>;
  /** Log to stderr at this level (default silent; BINOME_TEST_LOG=debug to see everything). */
  logLevel?: string;
  /** Where the log lines go instead of stderr (a test reading what the server logs). */
  logTo?: DestinationStream;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'binome-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    MONGODB_URI: process.env.MONGODB_URI,
    ...opts.env
  });
  // With a real MongoDB each test server gets its own database, dropped at stop.
  const external = config.mongodbUri !== null;
  const clock = new ManualClock(Date.now());
  const outbox: MailMessage[] = [];
  const mailer: Mailer | null = opts.mail ? { send: async (m) => void outbox.push(m) } : null;
  const level = opts.logLevel ?? process.env.BINOME_TEST_LOG ?? 'silent';
  const binome = await startBinome(config, {
    hashCost: TEST_COST,
    inMemoryEngine: true,
    ...opts,
    clock,
    mailer,
    logger: pino({ level }, opts.logTo ?? pino.destination(2)),
    dbName: opts.dbName ?? (external ? `binome_it_${randomBytes(5).toString('hex')}` : undefined)
  });
  return {
    url: binome.url,
    port: binome.port,
    binome,
    services: binome.services,
    clock,
    outbox,
    setupCode: () => binome.services.setupCode.current(),
    async stop() {
      if (external) await binome.connection.dropDatabase().catch(() => undefined);
      await binome.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  };
}

/** Every line a test server logs, read back by tests that check what never reaches the logs (pass `sink` as logTo). */
export function logLines(): { lines: string[]; sink: Writable } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    }
  });
  return { lines, sink };
}
