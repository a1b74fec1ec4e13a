// Runs the embedded engine on its own thread. The engine's work (parsing, matching, indexes, journal, encoding
// replies) then no longer runs between the application's own events: a large read or a burst of writes does not
// hold up a collaboration broadcast, and the two use both cores. The driver still reaches it over loopback TCP.
import { Worker } from 'node:worker_threads';
import type { Logger } from './commands/context.ts';
import type { EmbeddedMongo, EmbeddedMongoOptions } from './index.ts';

/** Messages from the engine's thread (see thread-entry.ts). */
export type EngineThreadMessage =
  | { type: 'ready'; uri: string; port: number }
  | { type: 'failed'; error: string }
  | { type: 'log'; level: keyof Logger; msg: string }
  | { type: 'stopped' };

export interface EngineThreadOptions extends Omit<EmbeddedMongoOptions, 'logger'> {
  logger?: Logger;
  /** Called if the thread ends without being asked to (the engine crashed): the database is gone. */
  onCrash?: (error: Error) => void;
}

export function startEmbeddedMongoThread(opts: EngineThreadOptions = {}): Promise<EmbeddedMongo> {
  const { logger, onCrash, ...engineOptions } = opts;
  const worker = new Worker(new URL('./thread-boot.mjs', import.meta.url), { workerData: engineOptions });
  let stopping: Promise<void> | null = null;
  let resolveStopped = () => {};
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));

  return new Promise<EmbeddedMongo>((resolve, reject) => {
    let started = false;
    worker.on('message', (message: EngineThreadMessage) => {
      switch (message.type) {
        case 'log':
          logger?.[message.level](message.msg);
          return;
        case 'failed':
          reject(new Error(message.error));
          return;
        case 'stopped':
          resolveStopped();
          return;
        case 'ready':
          started = true;
          resolve({
            uri: message.uri,
            port: message.port,
            stop() {
              stopping ??= (async () => {
                worker.postMessage({ type: 'stop' });
                await stopped;
                await worker.terminate();
              })();
              return stopping;
            }
          });
      }
    });
    worker.on('error', (error) => {
      if (!started) reject(error);
      else if (!stopping) onCrash?.(error);
    });
    worker.on('exit', (code) => {
      resolveStopped();
      if (!started) reject(new Error(`the engine's thread exited with code ${code} before it was ready`));
      else if (!stopping) onCrash?.(new Error(`the engine's thread exited with code ${code}`));
    });
  });
}
