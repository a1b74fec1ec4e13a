// First module of the engine's thread: lets the thread load TypeScript (as tsx does for the process; Node 20 does
// not pass a loader given with --import on to a worker's first module), then runs thread-entry.ts.
import { register } from 'tsx/esm/api';

register();
await import('./thread-entry.ts');
