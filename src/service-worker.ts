/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// The app's service worker: the app opens without a connection, from a copy kept per build version, and the
// pages a person visited open again with what they showed last (rules in $lib/offline/sw-rules.ts). A new build
// takes over as soon as it is installed and deletes the older copies; pages still running the older build are
// told by SvelteKit's `updated` check and offer to reload (UpdatePrompt.svelte).
import { build, files, version } from '$service-worker';
import { API_CACHE, APP_CACHE_PREFIX, OFFLINE_COPY_HEADER, appCacheName, endsPersonalData, ruleFor, type PageToWorker } from '$lib/offline/sw-rules';

const sw = self as unknown as ServiceWorkerGlobalScope;
const APP_CACHE = appCacheName(version);
/** Every navigation opens the same single-page shell (index.html); it is kept under this key. */
const SHELL = '/';
const buildFiles = new Set([...build, ...files]);

/**
 * Bumped whenever the kept API answers are emptied: an answer that was on its way when the person logged out
 * (or in as someone else) must not be stored afterwards.
 */
let generation = 0;

async function forgetPersonalData(): Promise<void> {
  generation++;
  await caches.delete(API_CACHE);
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(APP_CACHE);
      // The shell and what it loads at once (its entry scripts and style); the other pages' files are kept when
      // first fetched. Most of these come from the browser's own cache: the page has just loaded them.
      const shell = await fetch(SHELL, { cache: 'no-cache' });
      if (!shell.ok) throw new Error(`the app's shell answered ${shell.status}`);
      const html = await shell.clone().text();
      const linked = [...html.matchAll(/["'](\/_app\/immutable\/[^"']+)["']/g)].map((m) => m[1]);
      await cache.put(SHELL, shell);
      // The install icons are left out: the browser fetches the ones it needs, and a phone on a small data plan
      // should not pay twice for pictures.
      await cache.addAll([...new Set([...linked, ...files.filter((f) => !f.startsWith('/icons/'))])]);
      await sw.skipWaiting();
    })()
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(APP_CACHE_PREFIX) && name !== APP_CACHE) await caches.delete(name);
      await sw.clients.claim();
    })()
  );
});

sw.addEventListener('message', (event) => {
  const message = event.data as PageToWorker | null;
  if (message?.type === 'forget-personal-data') event.waitUntil(forgetPersonalData());
  else if (message?.type === 'keep-loaded' && Array.isArray(message.urls)) event.waitUntil(keepLoaded(message.urls));
});

/** The build files a page loaded before this worker controlled it (its first visit): kept for the next time. */
async function keepLoaded(urls: unknown[]): Promise<void> {
  const cache = await caches.open(APP_CACHE);
  for (const url of urls) {
    if (typeof url !== 'string') continue;
    const { pathname, origin } = new URL(url, sw.location.origin);
    if (origin !== sw.location.origin || !buildFiles.has(pathname) || (await cache.match(pathname))) continue;
    await cache.add(pathname).catch(() => undefined);
  }
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  const sameOrigin = url.origin === sw.location.origin;
  if (sameOrigin && endsPersonalData(request.method, url.pathname)) {
    event.respondWith(forgetPersonalData().then(() => fetch(request).finally(() => void forgetPersonalData())));
    return;
  }
  const rule = ruleFor({ method: request.method, sameOrigin, pathname: url.pathname, navigate: request.mode === 'navigate' }, buildFiles);
  if (rule === 'shell') event.respondWith(openPage(request));
  else if (rule === 'build') event.respondWith(buildFile(url.pathname, request));
  else if (rule === 'api') event.respondWith(apiRead(request));
});

/** A page: the network's answer (the current build); without a connection, the shell kept by this build. */
async function openPage(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.match(SHELL, { cacheName: APP_CACHE });
    if (shell) return shell;
    throw error;
  }
}

/** A build file: its name is its content, so the kept copy is always right. */
async function buildFile(pathname: string, request: Request): Promise<Response> {
  const cache = await caches.open(APP_CACHE);
  const kept = await cache.match(pathname);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(pathname, response.clone());
  return response;
}

/** A personal read: the network first; its last answer only when there is no connection. */
async function apiRead(request: Request): Promise<Response> {
  const started = generation;
  try {
    const response = await fetch(request);
    if (response.status === 401) await forgetPersonalData();
    else if (response.ok && started === generation) {
      const copy = response.clone();
      const cache = await caches.open(API_CACHE);
      if (started === generation) await cache.put(request.url, copy);
    }
    return response;
  } catch (error) {
    const cache = await caches.open(API_CACHE);
    const kept = await cache.match(request.url);
    if (!kept) throw error;
    const headers = new Headers(kept.headers);
    headers.set(OFFLINE_COPY_HEADER, '1');
    return new Response(kept.body, { status: kept.status, statusText: kept.statusText, headers });
  }
}
