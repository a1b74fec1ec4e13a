// Process wiring only: configuration, start, and a graceful stop on SIGTERM/SIGINT.
import { pathToFileURL } from 'node:url';
import { startBinome } from './app.ts';
import { loadConfigOrExit } from './config.ts';

export async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const binome = await startBinome(config);
  console.log(`\n  Binôme is running at ${config.publicUrl ?? binome.url}\n`);
  const code = binome.services.setupCode.current();
  if (code) {
    // As Grafana and Jenkins do: only whoever sees this console (or reads DATA_DIR) can set the instance up.
    console.log(`  First run: the setup page asks for this one-time code\n\n      ${code}\n\n  (also in ${binome.services.setupCode.location})\n`);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.error(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: stopping…`);
    binome.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('stop failed', err);
        process.exit(1);
      }
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

// Run when executed directly (tsx server/index.ts); scripts/start.ts imports and calls main().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
