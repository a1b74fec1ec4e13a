// The engine's thread (started by thread.ts): starts the engine with the options it was given, forwards its log
// lines, and stops it (journal flushed, lock released) when asked.
import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedMongo, type EmbeddedMongoOptions } from './index.ts';
import type { EngineThreadMessage } from './thread.ts';

const port = parentPort!;
const post = (message: EngineThreadMessage) => port.postMessage(message);
const log = (level: 'info' | 'warn' | 'error') => (msg: string) => post({ type: 'log', level, msg });

try {
  const engine = await startEmbeddedMongo({
    ...(workerData as EmbeddedMongoOptions),
    logger: { info: log('info'), warn: log('warn'), error: log('error') }
  });
  port.on('message', (message: { type: string }) => {
    if (message.type !== 'stop') return;
    engine.stop().then(
      () => post({ type: 'stopped' }),
      (error: unknown) => {
        post({ type: 'log', level: 'error', msg: `stopping failed: ${(error as Error).message}` });
        post({ type: 'stopped' });
      }
    );
  });
  post({ type: 'ready', uri: engine.uri, port: engine.port });
} catch (error) {
  post({ type: 'failed', error: (error as Error).message });
}
