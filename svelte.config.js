import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: Express serves the build and falls back to index.html (DESIGN.md, Architecture).
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: false }),
    alias: { $shared: 'src/lib/shared' },
    // The page registers the service worker itself (UpdatePrompt.svelte), to hear when a newer build arrives.
    serviceWorker: { register: false },
    // Pages ask the server every five minutes whether a newer build is out (and when the connection returns).
    version: { pollInterval: 5 * 60_000 }
  }
};
