// `npm start`: build the front end when build/ is missing or older than its sources, then start the server.
import { buildFrontEnd, buildIsStale } from './front-end-build.ts';

if (buildIsStale()) {
  console.log('Building the web app (build/ is missing or older than the sources)…');
  const status = buildFrontEnd();
  if (status !== 0) {
    console.error(`vite build failed (exit ${status}).`);
    process.exit(status ?? 1);
  }
}

const { main } = await import('../server/index.ts');
await main();
