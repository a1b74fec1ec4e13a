// The page's side of the service worker (src/service-worker.ts): registering it, handing it the build files this
// page loaded before it was in control (so that the first visit also opens offline next time), hearing that a
// newer build is being installed, and forgetting the kept API answers when a session ends.
import { API_CACHE, type PageToWorker } from './sw-rules';

const WORKER_URL = '/service-worker.js';

function post(message: PageToWorker): void {
  navigator.serviceWorker?.controller?.postMessage(message);
}

/** The build files (hashed names) this page has loaded so far. */
function loadedBuildFiles(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => {
      const url = new URL(name);
      return url.origin === location.origin && url.pathname.startsWith('/_app/immutable/');
    });
}

export interface WorkerHooks {
  /** A newer build's worker was found (the page may be running an older build). */
  onUpdateFound: () => void;
}

/** Registers the worker; resolves once it is registered (or at once where there is none: dev, old browsers). */
export async function registerWorker(hooks: WorkerHooks): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  const keep = () => post({ type: 'keep-loaded', urls: loadedBuildFiles() });
  container.addEventListener('controllerchange', keep);
  try {
    const registration = await container.register(WORKER_URL);
    // A worker already waiting or installing when this page opened counts as an update too.
    if (registration.installing && container.controller) hooks.onUpdateFound();
    registration.addEventListener('updatefound', () => {
      if (container.controller) hooks.onUpdateFound();
    });
    if (container.controller) keep();
  } catch (error) {
    // No worker (private mode, a blocked scope): the app still works online.
    console.warn('The service worker could not be registered', error);
  }
}

/**
 * Deletes what the worker kept of this person's API answers: called whenever a session ends here, with the
 * offline copies of live documents (local-copies.ts). The worker empties the same cache on its own when it sees
 * the logout go by; this also covers a session that ended elsewhere (a 401) or a page with no worker in control.
 */
export async function forgetOfflineData(): Promise<void> {
  post({ type: 'forget-personal-data' });
  if (typeof caches === 'undefined') return;
  try {
    await caches.delete(API_CACHE);
  } catch {
    /* storage unavailable: nothing was kept */
  }
}
