import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

// In development the Express server runs beside vite; vite forwards the backend paths to it.
const backend = process.env.BINOME_DEV_BACKEND ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [tailwindcss(), sveltekit()],
  // The server depends on cookie 2 at the top level, while SvelteKit's runtime needs its own cookie 0.6: bundle
  // it into the build's analysis bundle so that it resolves from SvelteKit's folder, not from the project root.
  ssr: { noExternal: ['cookie'] },
  server: {
    proxy: {
      '/api': backend,
      '/socket.io': { target: backend, ws: true },
      '/collab': { target: backend, ws: true }
    }
  }
});
