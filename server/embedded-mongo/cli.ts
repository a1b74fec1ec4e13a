import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './index.ts';

// Standalone engine (`npm run db -- --data-dir <dir> --port <port>`) so several app processes on one
// machine can share one engine. It listens on 127.0.0.1 and requires authentication (SCRAM-SHA-256) with the
// credentials in <data-dir>/credentials.json (generated on first start; with --in-memory, for this run only).
// The first line on stdout is the connection URI, credentials included; SIGTERM/SIGINT flush and exit cleanly.
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '27017' },
    'in-memory': { type: 'boolean', default: false }
  }
});

const logger = {
  info: (m: string) => console.error(`[embedded-mongo] ${m}`),
  warn: (m: string) => console.error(`[embedded-mongo] warning: ${m}`),
  error: (m: string) => console.error(`[embedded-mongo] error: ${m}`)
};

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer between 0 and 65535, got ${values.port}`);
  process.exit(2);
}
if (!values['data-dir'] && !values['in-memory']) {
  console.error('--data-dir <dir> is required (or pass --in-memory to keep nothing on disk)');
  process.exit(2);
}

try {
  const engine = await startEmbeddedMongo({ dataDir: values['data-dir'] ?? null, transport: 'tcp', port, logger });
  console.log(engine.uri);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received, flushing and stopping`);
    engine.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`stop failed: ${(err as Error).message}`);
        process.exit(1);
      }
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (err) {
  logger.error((err as Error).message);
  process.exit(1);
}
